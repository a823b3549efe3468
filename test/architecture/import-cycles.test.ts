// Data flows one way between the parts (DESIGN.md): no file imports, even
// for a type or lazily, a file that imports it back, and no part reaches a
// part that reaches it back.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, fileGraph, partGraph, without, type Graph } from './import-graph.js';

const repo = path.resolve(import.meta.dirname, '../..');

const graph = fileGraph(repo);

describe('the import graph of src/', () => {
  it('is read from the sources: it sees static, type-only and lazy imports', () => {
    // Guards against a reader that finds no edges and so no cycles.
    expect(graph.get('src/cli/main.ts')).toContain('src/config/index.ts'); // static
    expect(graph.get('src/main.ts')).toContain('src/cli/main.ts'); // lazy import()
    expect(graph.get('src/cache/remote-redis.ts')).toContain('src/cache/remote-backend.ts'); // import type
  });

  it('finds a cycle where there is one', () => {
    const g: Graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c']]);
    expect(cycles(without(g, [['c', 'a']]))).toEqual([]);
  });

  it('has no cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no cycle between parts (the folders under src/)', () => {
    expect(cycles(partGraph(graph))).toEqual([]);
  });
});
