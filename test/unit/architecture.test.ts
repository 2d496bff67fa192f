/**
 * The shape of the server code (README "Layout"): the top-level folders of src/ import each other
 * without a circle; only src/drive/ reaches Drive; the generic job runner knows no export domain;
 * src/main.ts only re-exports the globals from src/rpc/.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '..', '..', 'src');
/** The pages (compiled into their own bundles) are not part of the server. */
const NOT_SERVER = ['client'];
const DOMAIN = ['batches', 'selection', 'staging', 'delivery', 'status', 'recovery', 'report'];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const serverFiles = filesUnder(SRC).filter((f) => !NOT_SERVER.includes(folderOf(f)));

/** The top-level folder of src/ a file is in ('main.ts' for the entry itself). */
function folderOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0];
}

/** The relative imports and re-exports of a file, resolved to files. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const specifiers: string[] = [];
  source.forEachChild((node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      specifiers.push(node.moduleSpecifier.text);
    }
  });
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s))
    .map((p) => [`${p}.ts`, `${p}.tsx`, path.join(p, 'index.ts')].find((f) => fs.existsSync(f))!)
    .filter(Boolean);
}

/** Folder -> folders it imports from, over every server file. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of serverFiles) {
    const from = folderOf(file);
    for (const target of importsOf(file)) {
      const to = folderOf(target);
      if (to === from) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Every circle in the graph, as the folders along it. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const visit = (node: string, trail: string[]) => {
    for (const next of graph.get(node) ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) found.push([...trail.slice(at), next]);
      else visit(next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) visit(start, [start]);
  return found;
}

describe('the layout of the server code', () => {
  test('the graph walk finds a circle when there is one (the check itself can fail)', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(cycles(graph)).toContainEqual(['a', 'b', 'c', 'a']);
  });

  test('no two top-level folders of src/ import each other, directly or round a circle', () => {
    const graph = folderGraph();
    expect(graph.get('staging')).toContain('jobs');
    expect(cycles(graph)).toEqual([]);
  });

  test('the job runner imports no export domain', () => {
    const jobs = [...(folderGraph().get('jobs') ?? [])];
    expect(jobs.filter((f) => DOMAIN.includes(f) || f === 'rpc' || f === 'sheet')).toEqual([]);
  });

  test('DriveApp and UrlFetchApp are reached from src/drive/ only', () => {
    const reaching = serverFiles.filter((f) =>
      /\b(DriveApp|UrlFetchApp)\.\w/.test(
        // Comments may name them.
        fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''),
      ),
    );
    expect(reaching.length).toBeGreaterThan(0);
    expect(reaching.map(folderOf).filter((f) => f !== 'drive')).toEqual([]);
  });

  test('src/main.ts holds nothing but re-exports from src/rpc/', () => {
    const file = path.join(SRC, 'main.ts');
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const other = source.statements.filter(
      (s) =>
        !(
          ts.isExportDeclaration(s) &&
          s.moduleSpecifier &&
          ts.isStringLiteral(s.moduleSpecifier) &&
          s.moduleSpecifier.text.startsWith('./rpc/')
        ),
    );
    expect(other.map((s) => s.getText(source))).toEqual([]);
    expect(source.statements.length).toBeGreaterThan(5);
  });
});
