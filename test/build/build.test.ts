import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist');

// `npm test` builds before jest runs; these tests check what was built.
describe('the built deployment', () => {
  test('dist holds Code.js, every page and the manifest', () => {
    const pages = fs.readdirSync(path.join(root, 'src/client')).filter((f) => f.endsWith('.tsx'));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      expect(fs.existsSync(path.join(dist, page.replace(/\.tsx$/, '.html')))).toBe(true);
    }
    expect(fs.existsSync(path.join(dist, 'Code.js'))).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dist, 'appsscript.json'), 'utf8'))).toEqual(
      JSON.parse(fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8')),
    );
  });

  test('each page is self-contained: script and style inlined, nothing loaded from elsewhere', () => {
    for (const page of fs.readdirSync(dist).filter((f) => f.endsWith('.html'))) {
      const html = fs.readFileSync(path.join(dist, page), 'utf8');
      expect(html).toMatch(/<script>[\s\S]+<\/script>/);
      expect(html).toMatch(/<style>[\s\S]+<\/style>/);
      expect(html).not.toMatch(/<script[^>]+src=/);
      expect(html).not.toMatch(/<link[^>]+stylesheet/);
      expect(html).not.toContain('<!-- inline:');
      expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
    }
  });

  test('every export of main.ts is a top-level function with the same parameter names', () => {
    // The build's own reading of main.ts (the type checker's view of its exports).
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('./esbuild.config.mjs'); console.log(JSON.stringify(m.exposedFunctions()));",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const exposed = JSON.parse(out) as Array<{ name: string; params: string[] }>;
    const code = fs.readFileSync(path.join(dist, 'Code.js'), 'utf8');
    expect(exposed.map((f) => f.name)).toEqual(expect.arrayContaining(['onOpen', 'onInstall']));
    for (const { name, params } of exposed) {
      expect(code).toContain(`\nfunction ${name}(${params.join(', ')}) {`);
    }
  });

  test('the manifest asks for the V8 runtime, a time zone, Stackdriver logging and explicit scopes', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'appsscript.json'), 'utf8'));
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.timeZone).toBeTruthy();
    expect(manifest.exceptionLogging).toBe('STACKDRIVER');
    expect(manifest.oauthScopes).toEqual([
      'https://www.googleapis.com/auth/spreadsheets',
      'https://www.googleapis.com/auth/drive',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/userinfo.email',
      'https://www.googleapis.com/auth/script.send_mail',
    ]);
  });

  test('clasp would push exactly Code.js, the pages and the manifest', () => {
    const out = execFileSync(path.join(root, 'node_modules/.bin/clasp'), ['status', '--json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const status = JSON.parse(out.slice(out.indexOf('{')));
    const expected = fs
      .readdirSync(dist)
      .filter((f) => f === 'Code.js' || f === 'appsscript.json' || f.endsWith('.html'))
      .map((f) => `dist/${f}`);
    expect([...status.filesToPush].sort()).toEqual(expected.sort());
    expect(fs.readdirSync(dist).sort()).toEqual(expected.map((f) => f.slice(5)).sort());
  });
});
