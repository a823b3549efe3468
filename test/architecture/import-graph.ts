// The import graph of src/: one node per file, one edge per import of
// another file of src/ (static, type-only, re-export or dynamic `import()`,
// since each of them ties the importer to the imported file's shape), and
// the same graph folded onto parts (the folders directly under src/).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export type Graph = Map<string, Set<string>>;

/** Every .ts file under `root`, relative to `base` with forward slashes. */
function sourceFiles(root: string, base: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p, base));
    else if (e.name.endsWith('.ts')) out.push(path.relative(base, p).split(path.sep).join('/'));
  }
  return out;
}

/** File → the files of src/ it imports (`./x.js` resolves to `x.ts`). */
export function fileGraph(repo: string): Graph {
  const g: Graph = new Map();
  for (const file of sourceFiles(path.join(repo, 'src'), repo)) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(repo, file), 'utf8'), true, true);
    const deps = new Set<string>();
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      deps.add(path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName.replace(/\.js$/, '.ts'))));
    }
    g.set(file, deps);
  }
  return g;
}

/** The part a file belongs to: its folder under src/, or the file's own name for a file directly in src/. */
export function partOf(file: string): string {
  return file.split('/')[1].replace(/\.ts$/, '');
}

/** Part → parts it imports from, built from the file graph. */
export function partGraph(files: Graph): Graph {
  const g: Graph = new Map();
  for (const [from, deps] of files) {
    const set = g.get(partOf(from)) ?? new Set<string>();
    for (const to of deps) if (partOf(to) !== partOf(from)) set.add(partOf(to));
    g.set(partOf(from), set);
  }
  return g;
}

/** The graph without the given edges. */
export function without(g: Graph, edges: Array<[string, string]>): Graph {
  const out: Graph = new Map([...g].map(([k, v]) => [k, new Set(v)]));
  for (const [from, to] of edges) out.get(from)?.delete(to);
  return out;
}

/**
 * The cycles of a graph, as its strongly connected components of more than
 * one node (Tarjan), each sorted; every file on a cycle is in exactly one.
 */
export function cycles(g: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1) found.push(scc.sort());
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return found;
}
