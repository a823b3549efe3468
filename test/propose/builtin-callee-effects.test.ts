// Loops that call same-file helpers: the builtin provider's effect summaries
// (src/analysis/dependence/effects.ts) let a call stay in a parallel loop when
// what the helper writes through its pointer arguments is the iteration's
// own storage (a seed, a local array or struct declared in the body, a
// private scalar) or elements the dependence test separates (`&acc[i]`).
// Exactly which loops are parallel, with which clauses, and why the others
// are refused; then the rewrites print what the originals print with two
// threads: the fixture, the XSBench-shaped mc-lookup and the particles step.
import { describe, expect, it, beforeAll, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze, type FunctionInfo, type TranslationUnit } from '../../src/analysis/index.js';
import { loopFindings, proposeBuiltin } from '../../src/propose/builtin/index.js';
import { effectsOf } from '../../src/analysis/dependence/effects.js';
import { applyPlan, spliceFunctions } from '../../src/rewrite/index.js';
import { runExplain } from '../../src/cli/explain.js';
import { withoutWorkTest } from '../support/work-test.js';

const root = path.resolve(__dirname, '..', '..');
const fixture = path.join(__dirname, '..', 'corpus', 'callee_effects.c');
const mcDir = path.join(root, 'kernels', 'tune', 'mc-lookup');
const ptDir = path.join(root, 'kernels', 'tune', 'particles');

const pp = (file: string, ...flags: string[]) => execFileSync('clang-19', ['-E', ...flags, file], { encoding: 'utf8' });
const tu = analyze(pp(fixture));
const mcText = pp(path.join(mcDir, 'simulation.c'), '-I', mcDir);
const mc = analyze(mcText);
const ptText = pp(path.join(ptDir, 'sim.c'), '-I', ptDir);
const pt = analyze(ptText);

const fnOf = (t: TranslationUnit, name: string): FunctionInfo => {
  const f = t.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name}`);
  return f;
};

/** Every loop of a function: its clauses when parallel (schedule and overlap check included), null when sequential. */
function table(t: TranslationUnit, name: string): Record<string, string | null> {
  return Object.fromEntries(loopFindings(t, fnOf(t, name)).map((f) => [f.loop, f.parallel ? (f.clauses ?? '') : null]));
}

function reasonsOf(t: TranslationUnit, name: string, loop = 'L1'): string {
  const f = loopFindings(t, fnOf(t, name)).find((x) => x.loop === loop);
  if (!f) throw new Error(`${name} has no loop ${loop}`);
  return f.reasons.join(' | ');
}

describe('effect summaries of same-file helpers', () => {
  it('say which pointer parameters a helper reads and writes through, at which offsets', () => {
    expect(effectsOf(tu, 'lcg_step')).toMatchObject({ params: [{ read: [0], write: [0] }] });
    expect(effectsOf(tu, 'lcg_step')!.unknown).toBeUndefined();
    // pick passes its seed on to lcg_step: the write carries over.
    expect(effectsOf(tu, 'pick')).toMatchObject({ params: [{ read: [0], write: [0] }] });
    expect(effectsOf(tu, 'find')).toMatchObject({ params: [{ read: 'unknown' }, {}, {}], uneven: true });
    expect(effectsOf(tu, 'calc_xs')).toMatchObject({ params: [{}, { write: 'unknown' }] });
    expect(effectsOf(tu, 'pull_of')).toMatchObject({ params: [{ read: [0] }, { read: [0] }, { read: [0], write: [0] }] });
    expect(effectsOf(tu, 'set_pair')).toMatchObject({ params: [{ write: [0, 1] }, {}] });
    expect([...effectsOf(tu, 'weigh')!.globalsRead]).toEqual(['weights']);
    expect([...effectsOf(tu, 'bump')!.globalsWritten]).toEqual(['ncalls']);
  });

  it('give up on recursion, I/O and functions defined elsewhere', () => {
    expect(effectsOf(tu, 'fib')!.unknown).toBe('is recursive (fib → fib)');
    expect(effectsOf(tu, 'logv')!.unknown).toBe('calls printf, which is not defined in this file');
    expect(effectsOf(tu, 'printf')).toBeUndefined();
  });

  it('follow the XSBench-shaped helpers: a lookup filling its caller array, binary searches reading theirs', () => {
    expect(effectsOf(mc, 'calculate_micro_xs')!.params[8]).toEqual({ write: [0, 1, 2, 3, 4] });
    const macro = effectsOf(mc, 'calculate_macro_xs')!;
    expect(macro.unknown).toBeUndefined();
    expect(macro.params[10]).toEqual({ write: 'unknown', read: 'unknown' });
    expect(macro.globalsWritten.size).toBe(0);
    expect(effectsOf(mc, 'pick_mat')).toMatchObject({ params: [{ read: [0], write: [0] }] });
    // run_event_based_simulation's tally pass writes through a pointer loaded from the struct.
    expect(effectsOf(mc, 'run_event_based_simulation')!.unknown).toMatch(/writes through a pointer loaded from memory \(SD\.tally\)/);
  });
});

describe('loops calling helpers: which are parallel, with which clauses', () => {
  const expected: Record<string, Record<string, string | null>> = {
    kernel_ok_lcg: { L1: '' },
    kernel_ok_search: { L1: 'schedule(guided)' },
    kernel_ok_fill: { L1: '', 'L1.1': 'reduction(+:s)' },
    kernel_ok_pairs: { L1: 'private(j)', 'L1.1': null },
    kernel_ok_element: { L1: '' },
    kernel_ok_reduction: { L1: 'reduction(+:verification)' },
    kernel_ok_private_addr: { L1: 'private(t)' },
    kernel_ok_readonly: { L1: '' },
    kernel_no_global: { L1: null },
    kernel_no_shared: { L1: null },
    kernel_no_first: { L1: null },
    kernel_no_recursive: { L1: null },
    kernel_no_io: { L1: null },
    // Each j writes its own acc[j]: the inner loop is parallel, the outer one is not.
    kernel_no_neighbour: { L1: null, 'L1.1': '' },
    kernel_no_reads_written: { L1: null },
    kernel_no_overrun: { L1: null },
  };

  it.each(Object.keys(expected))('%s', (name) => {
    expect(table(tu, name)).toEqual(expected[name]);
  });

  it('every kernel of the fixture is covered', () => {
    expect(
      tu.functions
        .filter((f) => f.name.startsWith('kernel_'))
        .map((f) => f.name)
        .sort(),
    ).toEqual(Object.keys(expected).sort());
  });

  it('notes say where the helpers write', () => {
    expect(reasonsOf(tu, 'kernel_ok_lcg')).toMatch(/calls lcg_step: writes through &seed land in each iteration's own storage/);
    expect(reasonsOf(tu, 'kernel_ok_fill')).toMatch(/calls calc_xs: writes through xs land in each iteration's own storage/);
    expect(reasonsOf(tu, 'kernel_ok_element')).toMatch(/calls scale_into: writes to acc\[i\] never meet across iterations/);
    expect(reasonsOf(tu, 'kernel_ok_private_addr')).toMatch(/t is assigned before any use in every iteration.*: private/);
  });
});

describe('loops calling helpers: why the others are refused', () => {
  it.each([
    ['kernel_no_global', 'L1', /^calls bump, which writes the global ncalls$/],
    ['kernel_no_shared', 'L1', /calls add_to, which writes through its 1st argument `&total`: total is shared by all iterations of i/],
    ['kernel_no_first', 'L1', /^calls store_first, which writes through its 1st argument `out`: out\[0\]: every iteration of i touches the same elements$/],
    ['kernel_no_recursive', 'L1', /^calls fib, which is recursive \(fib → fib\)$/],
    ['kernel_no_io', 'L1', /^calls logv, which calls printf, which is not defined in this file$/],
    ['kernel_no_neighbour', 'L1', /^calls pull_of, which writes through its 3rd argument `&acc\[j\]`: acc\[j\]: every iteration of i touches the same elements$/],
    ['kernel_no_reads_written', 'L1', /y\[i\] is written and y\[\?\] is read at elements that are not known \(y\[\?\] is what sum_all reads through its 1st argument `y`\)/],
    ['kernel_no_overrun', 'L1', /calls set_pair, which writes through its 1st argument `&a\[i\]`: a\[i\] depends on a\[i \+ 1\] of the next iteration/],
    ['kernel_ok_pairs', 'L1.1', /calls pull_of, which writes through its 3rd argument `&a`: a is shared by all iterations of j/],
  ])('%s %s', (name, loop, why) => {
    expect(reasonsOf(tu, name, loop)).toMatch(why);
  });

  it('more refusals, one line each', () => {
    const one = (src: string) => {
      const t = analyze(`# 1 "s.c"\n${src}`);
      const fn = t.functions[t.functions.length - 1];
      const f = loopFindings(t, fn)[0];
      return f.parallel ? 'parallel' : f.reasons.join(' | ');
    };
    // A helper reading a global the loop writes.
    expect(
      one(`double g[100]; static double rd(int k) { return g[k]; }
void f(int n) { for (int i = 1; i < n; i++) g[i] = rd(i - 1); }`),
    ).toMatch(/calls rd, which reads the global g, which the loop writes/);
    // A helper writing through a pointer it loads from its argument.
    expect(
      one(`typedef struct { double *v; } Box; static void put(Box *b, double x) { b->v[0] = x; }
void f(int n, Box *restrict bs, const double *restrict x) { for (int i = 0; i < n; i++) put(&bs[i], x[i]); }`),
    ).toMatch(/calls put, which writes through a pointer loaded from memory \(b->v\)/);
    // A helper reading through a loaded pointer, in a loop that writes shared memory.
    expect(
      one(`typedef struct { double *v; } Box; static double get(const Box *b) { return b->v[0]; }
void f(int n, const Box *restrict bs, double *restrict y) { for (int i = 0; i < n; i++) y[i] = get(&bs[i]); }`),
    ).toMatch(/calls get reads .*b->v.*, which may be what the loop writes \(y\[i\]\)/);
    // The address of a pointer declared in the loop: where it points is not known.
    expect(
      one(`static void z(double *p) { *p = 0; }
void f(int n, double *restrict a) { for (int i = 0; i < n; i++) { double *q = &a[i]; z(q); } }`),
    ).toMatch(/calls z, which writes through its 1st argument `q`: pointer q, declared in the loop, which may point anywhere/);
    // Through a function pointer, and through a helper that takes one.
    expect(one(`void f(int n, double *restrict a, double (*h)(double)) { for (int i = 0; i < n; i++) a[i] = h(a[i]); }`)).toMatch(/calls through a function pointer \(h\)/);
    expect(
      one(`static double ap(double (*g)(double), double x) { return g(x); }
void f(int n, double *restrict a, double (*h)(double)) { for (int i = 0; i < n; i++) a[i] = ap(h, a[i]); }`),
    ).toMatch(/calls ap, which calls through a function pointer \(g\)/);
    // Mutual recursion.
    expect(
      one(`static int odd(int n); static int even(int n) { return n == 0 ? 1 : odd(n - 1); } static int odd(int n) { return n == 0 ? 0 : even(n - 1); }
void f(int n, int *restrict a) { for (int i = 0; i < n; i++) a[i] = even(i); }`),
    ).toMatch(/calls even, which is recursive \(even → odd → even\)/);
    // Offsets in the pointee type of another type are not trusted: a char write at &a[i] may be any byte.
    expect(
      one(`static void poke(char *p) { p[3] = 1; }
void f(int n, double *restrict a) { for (int i = 0; i < n; i++) poke((char *)&a[i]); }`),
    ).toMatch(/calls poke, which writes through its 1st argument `\(char \*\)&a\[i\]`/);
    // An inner declaration shadowing the shared total does not make the outer one private.
    expect(
      one(`static void add_to(double *a, double v) { *a += v; }
double f(int n, const double *restrict x) { double total = 0; for (int i = 0; i < n; i++) { { double total = 1; add_to(&total, 1); } add_to(&total, x[i]); } return total; }`),
    ).toMatch(/calls add_to, which writes through its 1st argument `&total`: total is shared by all iterations of i/);
    // A static local keeps state across calls.
    expect(
      one(`static int counter(void) { static int c; return ++c; }
void f(int n, int *restrict a) { for (int i = 0; i < n; i++) a[i] = counter(); }`),
    ).toMatch(/calls counter, which writes the global c \(static in counter\)/);
  });
});

describe('XSBench-shaped mc-lookup and the particles step', () => {
  it('mc-lookup: the lookup loop is parallel with reduction(+:verification); the tally pass walks one shared stream', () => {
    expect(table(mc, 'run_event_based_simulation')).toEqual({ L1: 'reduction(+:verification) schedule(guided)', 'L1.1': null, L2: null });
    expect(reasonsOf(mc, 'run_event_based_simulation')).toMatch(
      /calls fast_forward_LCG, LCG_random_double, pick_mat, calculate_macro_xs: writes through &seed, macro_xs land in each iteration's own storage/,
    );
    expect(reasonsOf(mc, 'run_event_based_simulation', 'L2')).toMatch(/calls LCG_random_double, which writes through its 1st argument `&stream`: stream is shared by all iterations of i/);
    const p = proposeBuiltin(mc, fnOf(mc, 'run_event_based_simulation'))[0];
    expect(p.form).toBe('plan');
    if (p.form !== 'plan') return;
    expect(p.plan.loops).toEqual([expect.objectContaining({ loop: 'L1', parallel: true, reduction: [{ op: '+', vars: ['verification'] }], schedule: 'guided' })]);
  });

  it('particles: the force loop is parallel behind an overlap check of p and acc; each j accumulates into one a', () => {
    expect(table(pt, 'sim_step')).toEqual({ L1: 'private(j) if disjoint(acc, p)', 'L1.1': null, L2: 'if disjoint(p, acc)' });
    expect(reasonsOf(pt, 'sim_step', 'L1.1')).toMatch(/calls accumulate_pair, which writes through its 3rd argument `&a`: a is shared by all iterations of j/);
  });

  it('explain shows the hot loop parallel with its reduction', async () => {
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      await runExplain({ file: path.join(mcDir, 'simulation.c'), ccArgs: ['-I', mcDir], json: false, cc: ['clang-19'], maxFunctions: 4 });
    } finally {
      spy.mockRestore();
    }
    expect(out).toMatch(/run_event_based_simulation[^\n]*\n {2}L1 for i lines 187-209: parallel \[reduction\(\+:verification\) schedule\(guided\)\]/);
    expect(out).toMatch(/L1: parallel for reduction\(\+:verification\) schedule\(guided\)/);
  });
});

describe('the rewrites print what the originals print (2 threads)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'slmcc-callees-'));
  });
  const compile = (name: string, inputs: string[], flags: string[] = []) => {
    const exe = path.join(dir, name);
    execFileSync('clang-19', ['-fopenmp', '-O1', ...flags, ...inputs, '-o', exe, '-lm'], { stdio: 'pipe' });
    return exe;
  };
  const run = (exe: string, args: string[] = []) => execFileSync(exe, args, { env: { ...process.env, OMP_NUM_THREADS: '2' }, encoding: 'utf8' });
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  /** The best plan of each named function, applied and spliced. */
  const rewritten = (t: TranslationUnit, names: string[]) =>
    spliceFunctions(
      t,
      names.map((name) => {
        const fn = fnOf(t, name);
        const p = proposeBuiltin(t, fn)[0];
        if (p.form !== 'plan') throw new Error(`${name}: no plan`);
        const r = applyPlan(t, fn, p.plan);
        if (!r.ok) throw new Error(`${name}: ${r.reason}`);
        // A failing overlap check would run the original: make that visible.
        return { fn, text: withoutWorkTest(r.text).replace(/\} else \{\n#/g, `} else { __builtin_printf("overlap check failed in ${name}\\n");\n#`) };
      }),
    );

  it('the fixture: every parallel kernel, spliced', () => {
    const names = tu.functions.filter((f) => proposeBuiltin(tu, f)[0].form === 'plan').map((f) => f.name);
    expect(names.filter((n) => n.startsWith('kernel_')).sort()).toEqual(
      [
        'kernel_no_neighbour',
        'kernel_ok_element',
        'kernel_ok_fill',
        'kernel_ok_lcg',
        'kernel_ok_pairs',
        'kernel_ok_private_addr',
        'kernel_ok_readonly',
        'kernel_ok_reduction',
        'kernel_ok_search',
      ].sort(),
    );
    const text = rewritten(tu, names);
    expect(text).toMatch(/#pragma omp (parallel )?for reduction\(\+:verification\)/);
    const want = run(compile('orig', ['-x', 'cpp-output', write('orig.i', pp(fixture))]));
    const got = run(compile('par', ['-x', 'cpp-output', write('par.i', text)]));
    expect(got).toBe(want);
  }, 60_000);

  it('mc-lookup: the rewritten simulation.c in the real program, against the original', () => {
    const others = ['main.c', 'grid.c', 'io.c'].map((f) => path.join(mcDir, f));
    const args = ['-l', '30000', '-G', 'hash'];
    const strip = (s: string) =>
      s
        .split('\n')
        .filter((l) => !/^Runtime:/.test(l))
        .join('\n');
    const want = strip(run(compile('mc-orig', [...others, '-x', 'cpp-output', write('mc-orig.i', mcText)], ['-I', mcDir]), args));
    const text = rewritten(mc, ['run_event_based_simulation']);
    expect(text).toMatch(/#pragma omp (parallel )?for reduction\(\+:verification\) schedule\(guided\)/);
    const got = strip(run(compile('mc-par', [...others, '-x', 'cpp-output', write('mc-par.i', text)], ['-I', mcDir]), args));
    expect(got).toBe(want);
    expect(want).toMatch(/erification/);
  }, 120_000);

  it('particles: the rewritten sim.c in the real program, against the original', () => {
    const main = path.join(ptDir, 'main.c');
    const args = ['300', '3'];
    const want = run(compile('pt-orig', [main, '-x', 'cpp-output', write('pt-orig.i', ptText)], ['-I', ptDir]), args);
    const text = rewritten(pt, ['sim_step']);
    expect(text).toMatch(/#pragma omp (parallel )?for private\(j\)/);
    const got = run(compile('pt-par', [main, '-x', 'cpp-output', write('pt-par.i', text)], ['-I', ptDir]), args);
    expect(got).toBe(want);
    expect(got).not.toMatch(/overlap check failed/);
  }, 120_000);
});
