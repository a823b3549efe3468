// `slmcc explain` on the corpus: functions, loops, the picked ones, and the
// builtin's proposal or refusal, without compiling anything.
import { describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { runExplain } from '../../src/cli/explain.js';

const corpus = path.resolve(__dirname, '..', 'corpus');

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

  it('PolyBench shapes: private scalars declared at the top, triangles proved parallel, and why trmm is not', async () => {
    const { code, out } = await capture('polybench_shapes.c', false);
    expect(code).toBe(0);
    const section = (name: string) => {
      const at = out.indexOf(`\n${name} (line`);
      expect(at).toBeGreaterThanOrEqual(0);
      const end = out.indexOf('\n\n', at + 1);
      return out.slice(at, end < 0 ? undefined : end);
    };
    const cov = section('kernel_covariance');
    expect(cov).toMatch(/L3 for i lines \d+-\d+: parallel \[private\(j, k\) schedule\(guided\) if disjoint\(cov, data\)\]/);
    expect(cov).toMatch(/cov\[i\]\[j\] and cov\[j\]\[i\] never meet in two different iterations of i/);
    expect(cov).toMatch(/L3: parallel for private\(j, k\) schedule\(guided\) if disjoint\(cov, data\) else original/);
    const trmm = section('kernel_trmm');
    expect(trmm).toMatch(/L1 for i lines \d+-\d+: sequential: B\[i\]\[j\] written in one iteration of i may be B\[k\]\[j\] of another iteration/);
    expect(trmm).toMatch(/L1.1 for j lines \d+-\d+: parallel \[private\(k\) if disjoint\(B, A\)\] \(k is assigned before any use in every iteration and not read after the loop: private/);
    expect(section('kernel_atax')).toMatch(/L1 for i lines \d+-\d+: parallel \[private\(j, tmp\) if disjoint\(t, A, x\)\]/);
    expect(section('kernel_syrk')).toMatch(/L1 for i lines \d+-\d+: parallel \[private\(j, k\) schedule\(guided\) if disjoint\(C, A\)\]/);
    expect(section('kernel_seidel_2d')).toMatch(/builtin refuses: L1 \(line \d+\): A\[i\]\[j\]: every iteration of t touches the same elements/);
    expect(section('kernel_cond_set')).toMatch(/sequential: s carries a value out of the loop/);
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
