// A part (a folder under src/) is reached from another part only through
// what its index.ts exports (docs/architecture.md), for every static,
// type-only and lazy import. Besides the index, another part may import:
// - any file of core/ and shared/, the utility parts, whose files are their face;
// - a file named types.ts that declares only types (analysis/types.ts): nothing
//   of it runs, so it cannot pull in what the index hides;
// - the faces below, each kept apart from its part's index for the reason given.
// src/main.ts is the program's entry, not a part: it picks the management
// CLI or the compile path's entry file (compiler-call.ts, the bundle's entry).
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { fileGraph, partOf, type Graph } from './import-graph.js';

const repo = path.resolve(import.meta.dirname, '../..');

/** Parts whose files other parts import one by one. */
const UTILITY_PARTS = ['core', 'shared'];

/** Files other parts may import instead of their part's index.ts, and why. */
const FACES: Record<string, string> = {
  'src/analysis/dependence/index.ts': 'the dependence test builds on analysis/index.ts, which so cannot re-export it without an import cycle',
  'src/verify/log.ts': "the decision log for the compile path: verify's index loads the checks, about 200 ms a cached call must not pay",
  'src/propose/check.ts': "whether the provider answers, for the compile path: propose's index loads the providers, about 70 ms",
};

/** A file that declares only types: interfaces, type aliases, type-only imports and exports. */
function typesOnly(file: string): boolean {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(repo, file), 'utf8'), ts.ScriptTarget.Latest);
  return source.statements.every(
    (s) => ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || (ts.isImportDeclaration(s) && s.importClause?.isTypeOnly === true) || (ts.isExportDeclaration(s) && s.isTypeOnly),
  );
}

/** Whether `from` may import `to` under the rule above. */
function allowed(from: string, to: string, faces: Record<string, string> = FACES): boolean {
  const part = partOf(to);
  if (part === partOf(from) || UTILITY_PARTS.includes(part)) return true;
  if (to === `src/${part}/index.ts` || to in faces) return true;
  return path.posix.basename(to) === 'types.ts' && typesOnly(to);
}

/** Every import from one part's file into another part's file that the rule does not allow, as `from -> to`. */
function bypasses(g: Graph, faces: Record<string, string> = FACES): string[] {
  const out: string[] = [];
  for (const [from, deps] of g) {
    // Files directly in src/ belong to no part.
    if (from.split('/').length < 3) continue;
    for (const to of deps) if (!allowed(from, to, faces)) out.push(`${from} -> ${to}`);
  }
  return out.sort();
}

const graph = fileGraph(repo);

describe("another part's files are reached through its index.ts", () => {
  it('finds an import that bypasses an index where there is one', () => {
    const g: Graph = new Map([
      ['src/pipeline/a.ts', new Set(['src/driver/run.ts', 'src/driver/index.ts', 'src/core/outcome.ts', 'src/pipeline/b.ts'])],
      ['src/main.ts', new Set(['src/pipeline/a.ts'])],
    ]);
    expect(bypasses(g)).toEqual(['src/pipeline/a.ts -> src/driver/run.ts']);
    expect(bypasses(g, { 'src/driver/run.ts': 'a face' })).toEqual([]);
  });

  it('has no import into another part but through its index, core, shared, a types file or a listed face', () => {
    expect(bypasses(graph)).toEqual([]);
  });

  it('lists only faces another part still imports, each an existing file', () => {
    const used = new Set([...graph].flatMap(([from, deps]) => [...deps].filter((to) => partOf(to) !== partOf(from))));
    for (const face of Object.keys(FACES)) {
      expect(graph.has(face), face).toBe(true);
      expect(used.has(face), face).toBe(true);
    }
  });

  it('allows types.ts only for a file of types', () => {
    expect(typesOnly('src/analysis/types.ts')).toBe(true);
    expect(typesOnly('src/analysis/index.ts')).toBe(false);
  });
});
