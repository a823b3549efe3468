// Shared by the cache tests: entries shaped like the pipeline's.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VERDICT_FORMAT_VERSION, cacheKey, type CacheEntry, type KeyInput } from '../../src/cache/index.js';
import type { Verdict } from '../../src/core/decision.js';

export function tempDir(prefix = 'slmcc-cache-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const baseKeyInput: KeyInput = {
  functionText: 'void scale(double *a, int n, double s) {\n  for (int i = 0; i < n; i++)\n    a[i] *= s;\n}\n',
  declarations: 'extern int printf(const char *, ...);\n',
  compilerIdentity: 'path=/usr/lib/llvm-19/bin/clang\nargs=\nDebian clang version 19.1.7',
  codeFlags: ['-O2', '-DNDEBUG'],
  target: 'x86_64-pc-linux-gnu',
  provider: 'builtin',
  strategy: 'chain-of-thought',
  reply: 'plan',
};

export function entryFor(key: string, verdict: Verdict = { kind: 'original', reason: 'no loop worth it' }, pad = 0): CacheEntry {
  return {
    key,
    formatVersion: VERDICT_FORMAT_VERSION,
    verdict,
    record: {
      version: 1,
      time: '2026-01-01T00:00:00.000Z',
      source: 'scale.c',
      function: 'scale',
      loopLines: [2],
      hotness: 10,
      key,
      provider: 'builtin',
      strategy: 'chain-of-thought',
      candidates: [],
      verdict,
      reason: 'x'.repeat(pad) || 'fixture',
      from: 'checked',
      ms: 1234,
    },
  };
}

export const keyN = (n: number) => cacheKey({ ...baseKeyInput, functionText: `int f${n}(void) { return ${n}; }` });

export const config = (dir: string, cacheSize = 1024 ** 3) => ({ cacheDir: dir, cacheSize });
