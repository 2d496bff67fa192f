/**
 * No HTML is built from data by string concatenation: the sidebars render data only as text
 * (Preact escapes it), and the server serves the built pages as files, putting nothing in them but
 * the page options, as JSON that cannot end its element. The hostile values themselves are shown
 * to render as text in Chromium by the browser tests (test/browser, demo option `hostile`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { call, demoWorkspace } from '../helpers/workspace';

const root = path.resolve(__dirname, '../..');

function filesUnder(dir: string, ext: RegExp): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(rel, ext);
    return ext.test(entry.name) ? [rel] : [];
  });
}

const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

/** Lines of code (comments left out) of the given files matching `pattern`, as "file:line: text". */
function occurrences(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    read(file)
      .split('\n')
      .flatMap((line, i) => {
        const code = line.trim();
        if (/^(\/\/|\/\*|\*)/.test(code)) return [];
        return pattern.test(code) ? [`${file}:${i + 1}: ${code}`] : [];
      }),
  );
}

const CLIENT = filesUnder('src/client', /\.tsx?$/);
const SERVER = filesUnder('src', /\.ts$/).filter((f) => !f.startsWith('src/client'));

describe('the sidebars build no HTML from data', () => {
  test('the page code exists where the scan looks', () => {
    expect(CLIENT.length).toBeGreaterThan(20);
    expect(CLIENT).toContain(path.join('src/client', 'Delivery.tsx'));
  });

  test('no page code writes markup: innerHTML, outerHTML, insertAdjacentHTML, document.write, dangerouslySetInnerHTML', () => {
    const sinks =
      /\b(innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|srcdoc)\b|document\.write(ln)?\s*\(|\bcreateContextualFragment\b|\bDOMParser\b/;
    expect(occurrences(CLIENT, sinks)).toEqual([]);
  });

  test('no page code runs text as code, or sets event handlers from strings', () => {
    const code =
      /\beval\s*\(|new Function\s*\(|setTimeout\s*\(\s*['"`]|setAttribute\s*\(\s*['"`]on/;
    expect(occurrences(CLIENT, code)).toEqual([]);
    expect(occurrences(CLIENT, /javascript:/i)).toEqual([]);
  });

  test('links from data go through ExternalLink, which makes only https links clickable', () => {
    expect(occurrences(CLIENT, /<ExternalLink href=/).length).toBeGreaterThan(10);
    // The one place an <a href> is written.
    expect(occurrences(CLIENT, /<a\s[^>]*\bhref=/)).toEqual([
      expect.stringMatching(/^src\/client\/components\/layout\.tsx:\d+: <a href=\{href\}/),
    ]);
    expect(read('src/client/components/layout.tsx')).toMatch(
      /if \(!href \|\| !\/\^https:\\\/\\\/\/i\.test\(href\)\) return <span>/,
    );
  });

  test('the page shells hold no handlers and no data, only the placeholders the build fills', () => {
    for (const shell of filesUnder('html', /\.html$/)) {
      const html = read(shell);
      expect([shell, html.match(/\son[a-z]+\s*=/gi)]).toEqual([shell, null]);
      expect([shell, html.match(/<\?|\{\{|\$\{/g)]).toEqual([shell, null]);
    }
  });
});

describe('the server serves pages, it does not write them', () => {
  test('HtmlService is used only to open a built page, with its options set as JSON', () => {
    const uses = occurrences(SERVER, /\bHtmlService\.|\.setContent\(|\.append(Untrusted)?\(/);
    expect(uses).toEqual([
      expect.stringMatching(
        /^src\/ui\/sidebars\.ts:\d+: const html = HtmlService\.createHtmlOutputFromFile\(page\);$/,
      ),
      expect.stringMatching(
        /^src\/ui\/sidebars\.ts:\d+: if \(options\) html\.setContent\(withOptions\(html\.getContent\(\), options, page\)\);$/,
      ),
    ]);
    expect(occurrences(SERVER, /createTemplate|\.evaluate\(\)|createHtmlOutput\(/)).toEqual([]);
    const bundle = read('dist/Code.js');
    expect(bundle).not.toMatch(/createTemplate|createHtmlOutput\(|appendUntrusted|\.append\(/);
  });

  test('page options carrying markup cannot leave their JSON element', () => {
    const d = demoWorkspace();
    const hostile = '</script><img src=x onerror=alert(1)><script>alert(2)</script>';
    call(d, 'showDeliveryWizardForBatch', hostile);
    const content = d.ws.ui.sidebar!.content;
    const element = /<script type="application\/json" id="page-options">([^<]*)<\/script>/.exec(
      content,
    );
    expect(element).not.toBeNull();
    expect(JSON.parse(element![1])).toEqual({ batchId: hostile });
    expect(content).not.toContain('<img src=x');
    expect(content.split('</script>').length).toBe(
      read('dist/Delivery.html').split('</script>').length,
    );
  });
});
