// `slmcc explain` on the corpus: functions, loops, the picked ones, and the
// builtin's proposal or refusal, without compiling anything.
import { describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { runExplain } from '../src/cli/explain.js';

const corpus = path.resolve(__dirname, 'corpus');

async function capture(file: string, json: boolean, ccArgs: string[] = []): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const code = await runExplain({ file: path.join(corpus, file), ccArgs, json, cc: ['clang-19'], maxFunctions: 4 });
    return { code, out };
  } finally {
    spy.mockRestore();
  }
}

describe('explain', () => {
  it('prints loops, hotness, the picked functions and what the builtin proposes', async () => {
    const { code, out } = await capture('legal.c', false);
    expect(code).toBe(0);
    expect(out).toMatch(/picked \(hottest, at most 4\): matmul, /);
    expect(out).toMatch(/dot \(line 17\) hotness [\d.]+\n {2}L1 for i lines 19-19: parallel \[reduction\(\+:s\)\]/);
    expect(out).toMatch(/matmul[^\n]*\n {2}L1 for i lines 5-8: parallel \[if disjoint\(C, A, B\)\]/);
    expect(out).toMatch(/L1.1: simd interchange with L1.1.1/);
  });

  it('says why each illegal loop is refused', async () => {
    const { out } = await capture('illegal.c', false);
    expect(out).toMatch(/prefix_sum[\s\S]*sequential: a\[i\] depends on a\[i - 1\] of the previous iteration/);
    expect(out).toMatch(/dump[\s\S]*calls fprintf/);
    expect(out).toMatch(/histogram[\s\S]*not affine/);
  });

  it('--json gives the same facts for tools', async () => {
    const { code, out } = await capture('kernels.c', true);
    expect(code).toBe(0);
    const j = JSON.parse(out);
    const mm = j.functions.find((f: { function: string }) => f.function === 'matmul');
    expect(mm.picked).toBe(true);
    expect(mm.proposals[0].plan.loops[1]).toMatchObject({ loop: 'L1.1', interchangeWith: 'L1.1.1' });
  });

  it('fails like the compiler when preprocessing fails', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { code } = await capture('does-not-exist.c', false);
      expect(code).not.toBe(0);
    } finally {
      err.mockRestore();
    }
  });
});
