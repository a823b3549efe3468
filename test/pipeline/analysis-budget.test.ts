// Every function's analysis has a budget: generated code whose loop bounds
// are nests of ?: min/max (a polyhedral tiler's output) once kept a -c
// compile busy for minutes after clang had written the object. Past the
// budget the function keeps its code, the reason is recorded, and nothing
// is built or run for it. No timing is asserted here: the budget counts
// work, and the outcome is the same on a busy machine as on an idle one.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYSIS_LIMITS, WorkBudget, BudgetExceeded, analyze, withBudget } from '../../src/analysis/index.js';
import { proposeBuiltin } from '../../src/propose/builtin/index.js';
import { CLANG, SLMCC, run, slmccEnv, tempDir } from '../support/driver-env.js';

const FIXTURE = path.resolve(import.meta.dirname, '..', 'fixtures', 'bounded', 'tiled_stencil.c');
const CORPUS = path.resolve(import.meta.dirname, '..', 'corpus');

function preprocessed(file: string): string {
  const r = run(CLANG, ['-E', '-O2', file], { cwd: path.dirname(file) });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** The steps the builtin's analysis of each function with loops spends, with no limit. */
function stepsPerFunction(file: string): Map<string, number> {
  const tu = analyze(preprocessed(file), { sourceFile: file });
  const out = new Map<string, number>();
  for (const fn of tu.functions.filter((f) => f.loops.length > 0)) {
    const b = new WorkBudget({ steps: Number.MAX_SAFE_INTEGER, cpuMs: Number.MAX_SAFE_INTEGER }, fn.name);
    withBudget(b, () => proposeBuiltin(tu, fn));
    out.set(fn.name, b.used);
  }
  return out;
}

describe('the analysis budget', () => {
  it('counts the same work on every run, and stops at the limit with a reason', () => {
    const b = new WorkBudget({ steps: 10, cpuMs: Number.MAX_SAFE_INTEGER }, 'the analysis of f');
    for (let i = 0; i < 10; i++) b.spend();
    expect(() => b.spend()).toThrow(BudgetExceeded);
    expect(b.exceeded?.why).toBe("the analysis of f took more than 10 steps (slmcc's budget for one function)");
    // Every step after the limit stops again: no caller's catch lets the work go on.
    expect(() => b.spend()).toThrow(BudgetExceeded);
    expect(b.byClock).toBe(false);
  });

  it('leaves every hand-written kernel of the corpus far inside the limit', () => {
    const files = fs.readdirSync(CORPUS).filter((f) => f.endsWith('.c'));
    const worst = Math.max(...files.flatMap((f) => [...stepsPerFunction(path.join(CORPUS, f)).values()]));
    expect(worst).toBeGreaterThan(0);
    // The worst are privatise.c's main (loops over file-scope scratch arrays) and the multigrid
    // restriction (mg_rprj3: rows at a stride, eight private rows), each under 100,000 steps.
    // A main with sixty loops over a dozen file-scope arrays once took 1.2 million: each pair
    // walked the whole function and the whole unit again.
    expect(worst * 4).toBeLessThan(ANALYSIS_LIMITS.steps);
  });

  it("compiles a tiler's generated function into clang's own object, with the budget named as the reason", () => {
    const dir = tempDir('slmcc-budget-');
    fs.copyFileSync(FIXTURE, path.join(dir, 'gen.c'));
    const env = slmccEnv({ SLMCC_CACHE_DIR: path.join(dir, 'cache') });
    const built = run(SLMCC, ['-O2', '-c', 'gen.c', '-o', 'slmcc.o'], { cwd: dir, env });
    expect(built.status).toBe(0);
    expect(built.stderr).toBe('');
    expect(run(CLANG, ['-O2', '-c', 'gen.c', '-o', 'clang.o'], { cwd: dir }).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'slmcc.o')).equals(fs.readFileSync(path.join(dir, 'clang.o')))).toBe(true);

    const report = run(SLMCC, ['--slmcc', 'report', '--json'], { cwd: dir, env });
    expect(report.status).toBe(0);
    const rows = JSON.parse(report.stdout) as { function: string; verdict: string; reason: string }[];
    expect(rows).toEqual([
      expect.objectContaining({
        function: 'kernel_jacobi_2d_tiled',
        verdict: 'original',
        reason: expect.stringMatching(/^kept the original: the analysis of kernel_jacobi_2d_tiled took more than [\d,]+ steps .*nothing was proposed, built or run/),
      }),
    ]);

    const explained = run(SLMCC, ['--slmcc', 'explain', 'gen.c', '-O2'], { cwd: dir, env });
    expect(explained.status).toBe(0);
    expect(explained.stdout).toMatch(/over budget: kept the original: the analysis of kernel_jacobi_2d_tiled took more than/);
  });
});
