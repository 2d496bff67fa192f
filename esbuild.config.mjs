// Builds the Apps Script deployment into dist/:
// - Code.js: src/main.ts bundled as one IIFE, followed by a real top-level `function name(params)`
//   forwarder for every export of main.ts, because Apps Script, google.script.run and the trigger
//   editor only see top-level function declarations.
// - <page>.html: the shell html/page.html with a page's client bundle (src/client/<page>.tsx) and the
//   CSS inlined, so HtmlService serves one self-contained file.
// - appsscript.json copied as is.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');
const APP_GLOBAL = '__app';

/** Exported functions of main.ts with their parameter names, read with the type checker. */
export function exposedFunctions(entry = path.join(root, 'src/main.ts')) {
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error('src/main.ts has no exports');
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    // main.ts re-exports: the function is the symbol the alias stands for.
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const type = checker.getTypeOfSymbol(symbol);
    const signatures = type.getCallSignatures();
    if (signatures.length !== 1) {
      throw new Error(`src/main.ts export "${exported.name}" must be exactly one function`);
    }
    return { name: exported.name, params: signatures[0].parameters.map((p) => p.name) };
  });
}

async function buildServer() {
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src/main.ts')],
    bundle: true,
    format: 'iife',
    globalName: APP_GLOBAL,
    target: 'es2019',
    platform: 'neutral',
    write: false,
    legalComments: 'none',
  });
  const forwarders = exposedFunctions()
    .map(({ name, params }) => {
      const list = params.join(', ');
      return `function ${name}(${list}) {\n  return ${APP_GLOBAL}.${name}(${list});\n}`;
    })
    .join('\n');
  const code = `${result.outputFiles[0].text}\n${forwarders}\n`;
  fs.writeFileSync(path.join(dist, 'Code.js'), code);
}

const inlineSafe = (code) => code.replace(/<\/(script|style)/gi, '<\\/$1');

async function buildPage(page) {
  const template = fs.readFileSync(path.join(root, 'html', 'page.html'), 'utf8');
  const entry = path.join(root, 'src/client', `${page}.tsx`);
  const script = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    target: 'es2019',
    minify: true,
    write: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
  });
  const css = fs.readFileSync(path.join(root, 'html', 'sidebar.css'), 'utf8');
  const html = template
    .replace('<!-- inline:style -->', () => `<style>\n${inlineSafe(css)}\n</style>`)
    .replace(
      '<!-- inline:script -->',
      () => `<script>\n${inlineSafe(script.outputFiles[0].text)}</script>`,
    );
  fs.writeFileSync(path.join(dist, `${page}.html`), html);
}

export async function build() {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  // Every page is a top-level module of src/client (`<Page>.tsx`), built into the one shell.
  const pages = fs
    .readdirSync(path.join(root, 'src/client'))
    .filter((f) => f.endsWith('.tsx'))
    .map((f) => f.slice(0, -'.tsx'.length));
  await Promise.all([buildServer(), ...pages.map(buildPage)]);
  fs.copyFileSync(path.join(root, 'appsscript.json'), path.join(dist, 'appsscript.json'));
  return { pages };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.join(root, 'esbuild.config.mjs')) {
  const { pages } = await build();
  console.log(`built dist/Code.js and ${pages.map((p) => `dist/${p}.html`).join(', ')}`);
}
