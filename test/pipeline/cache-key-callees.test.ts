// A function's verdict is keyed by what decides it: its own text, the
// functions of the unit it calls, and the declarations they use. A helper
// edited to write a global finds no parallel verdict from before it did; a
// macro that changes no text of either finds the verdict it already has.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAsync, SLMCC, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

const PURE = `static double g;
static double h(double x) { return x * 2.0 + 1.0; }
void f(int n, double *restrict a, const double *restrict b)
{
    for (int i = 0; i < n; i++)
        a[i] = h(b[i]) * h(b[i] + 1.0);
}
double getg(void) { return g; }
`;
// The same f; h now carries a value from one call to the next through g.
const CARRIED = PURE.replace('static double h(double x) { return x * 2.0 + 1.0; }', 'static double h(double x) { g = g * 0.5 + x; return g * 2.0 + 1.0; }');

type Rec = { function: string; key: string; from: string; verdict: { kind: string } };
const lastOf = (cache: string, fn: string): Rec =>
  fs
    .readFileSync(path.join(cache, 'decisions.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec)
    .filter((r) => r.function === fn)
    .at(-1)!;

describe("a function's cache key", () => {
  it('changes with the body of a helper it calls in the same file, and not with a macro that changes no text', async ({ skip }) => {
    const dir = tempDir();
    const cache = path.join(dir, 'cache');
    const env = slmccEnv({ SLMCC_CACHE_DIR: cache, SLMCC_PROVIDER: 'builtin', SLMCC_RETRY_PENDING: '1' });
    const build = async (text: string, flags: string[] = []) => {
      writeFiles(dir, { 'k.c': text });
      fs.rmSync(path.join(cache, 'objects'), { recursive: true, force: true });
      expect((await runAsync(SLMCC, ['-O2', ...flags, '-c', 'k.c'], { cwd: dir, env })).status).toBe(0);
      return lastOf(cache, 'f');
    };
    const pure = await build(PURE);
    // A machine busy the whole time decides nothing to look up again.
    if (pure.verdict.kind === 'undecided') skip();
    expect(pure.verdict.kind).toBe('candidate');

    const carried = await build(CARRIED);
    expect(carried.key).not.toBe(pure.key);
    expect(carried.from).not.toBe('cache');
    expect(carried.verdict.kind).not.toBe('candidate');

    const again = await build(PURE, ['-DUNUSED_SETTING=1']);
    expect(again.key).toBe(pure.key);
    expect(again.from).toBe('cache');
  }, 300_000);
});
