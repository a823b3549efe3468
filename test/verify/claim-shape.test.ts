// The claim check's shape: a candidate is accepted as the original's
// statements plus OpenMP directives and named transformations, compared on
// clang-19's reading of both in their unit; every builtin plan passes with
// the transformations it used named, and the honest mistakes a small model
// makes are refused with a reason that names the change.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allLoops, analyze, type FunctionInfo, type TranslationUnit } from '../../src/analysis/index.js';
import { workTest } from '../../src/analysis/dependence/index.js';
import type { ClaimedDirective, ShapeResult } from '../../src/core/claim.js';
import type { Plan } from '../../src/core/plan.js';
import { proposeBuiltin } from '../../src/propose/builtin/index.js';
import { applyPlan } from '../../src/rewrite/index.js';
import { compareShape, shapeSummary } from '../../src/verify/claim/shape.js';

const root = path.resolve(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'verify');

function unit(file: string, flags: string[] = []): TranslationUnit {
  const includes = [path.dirname(file), path.dirname(path.dirname(file)), path.join(root, 'kernels', 'include')].flatMap((d) => ['-I', d]);
  const pp = execFileSync('clang-19', [...flags, '-E', ...includes, file], { encoding: 'utf8' });
  return analyze(pp, { sourceFile: file });
}

const fnOf = (tu: TranslationUnit, name: string): FunctionInfo => {
  const fn = tu.functions.find((f) => f.name === name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};

/** `text` with `pragma` on a line of its own before the line holding `at`. */
function pragmaBefore(text: string, at: string, pragma: string): string {
  const k = text.indexOf(at);
  if (k < 0) throw new Error(`no ${at} in ${text}`);
  const line = text.lastIndexOf('\n', k) + 1;
  return `${text.slice(0, line)}${pragma}\n${text.slice(line)}`;
}

/** `text` with each [from, to] replaced once, failing loudly when `from` is not there. */
function edit(text: string, ...pairs: [string, string][]): string {
  let out = text;
  for (const [from, to] of pairs) {
    if (!out.includes(from)) throw new Error(`no ${from} in ${out}`);
    out = out.replace(from, to);
  }
  return out;
}

function accepted(r: ShapeResult) {
  if (!r.ok) throw new Error(r.reason);
  return r;
}

const honest = unit(path.join(fixtures, 'claim', 'honest.c'));

describe('the original itself', () => {
  it('passes with no directives and no transformations', () => {
    for (const fn of honest.functions) expect(compareShape(honest, fn, fn.text, []), fn.name).toEqual({ ok: true, directives: [], transforms: [] });
  });
});

describe('a candidate that only adds #pragma omp lines', () => {
  it('passes, with each directive, its clauses, its line and the loop it governs', () => {
    const fn = fnOf(honest, 'sum_int');
    const text = pragmaBefore(fn.text, 'for (int i', '#pragma omp parallel for reduction(+:s) schedule(dynamic, 64) num_threads(4)');
    const r = accepted(compareShape(honest, fn, text, []));
    expect(r.transforms).toEqual([]);
    expect(r.directives).toEqual([
      {
        kind: 'parallel for',
        loop: 'L1',
        line: 3,
        private: [],
        firstprivate: [],
        lastprivate: [],
        shared: [],
        reduction: [{ op: '+', vars: ['s'] }],
        schedule: { kind: 'dynamic', chunk: '64' },
        nowait: false,
        other: ['num_threads'],
      } satisfies ClaimedDirective,
    ]);
  });

  it('reads collapse, private, firstprivate, lastprivate and a max reduction', () => {
    const grid = fnOf(honest, 'square_grid');
    const g = accepted(compareShape(honest, grid, pragmaBefore(grid.text, 'for (i = 0', '#pragma omp parallel for collapse(2) private(t) firstprivate(m) lastprivate(j) schedule(static)'), []));
    expect(g.directives).toMatchObject([{ kind: 'parallel for', loop: 'L1', collapse: 2, private: ['t'], firstprivate: ['m'], lastprivate: ['j'], schedule: { kind: 'static' } }]);
    expect(g.directives[0].schedule?.chunk).toBeUndefined();
    const mx = fnOf(honest, 'maxval');
    const m = accepted(compareShape(honest, mx, pragmaBefore(mx.text, 'for (int i', '#pragma omp parallel for reduction(max: m)'), []));
    expect(m.directives).toMatchObject([{ reduction: [{ op: 'max', vars: ['m'] }] }]);
  });

  it('reads a parallel region with a worksharing loop inside it, and directives inside the loop', () => {
    const fn = fnOf(honest, 'sum_finite');
    let text = pragmaBefore(fn.text, 'for (int i', '#pragma omp parallel\n{\n#pragma omp for nowait');
    text = edit(text, ['    s += x;\n  }\n', '#pragma omp atomic\n    s += x;\n  }\n}\n']);
    const r = accepted(compareShape(honest, fn, text, []));
    expect(r.directives.map((d) => [d.kind, d.loop, d.nowait])).toEqual([
      ['parallel', undefined, false],
      ['for', 'L1', true],
      ['atomic', undefined, false],
    ]);
  });

  it('names the variables a loop now declares itself (privatise)', () => {
    const fn = fnOf(honest, 'square_grid');
    const text = [
      'void square_grid(int n, int m, double *a) {',
      '#pragma omp parallel for',
      '  for (int i = 0; i < n; i++)',
      '    for (int j = 0; j < m; j++) {',
      '      double t;',
      '      t = a[i * m + j];',
      '      a[i * m + j] = t * t;',
      '    }',
      '}',
    ].join('\n');
    const r = accepted(compareShape(honest, fn, text, []));
    expect(r.transforms).toEqual([
      { kind: 'privatise', variable: 'i', loop: 'L1' },
      { kind: 'privatise', variable: 'j', loop: 'L1.1' },
      { kind: 'privatise', variable: 't', loop: 'L1.1' },
    ]);
    const merged = edit(text, ['      double t;\n      t = a', '      double t = a']);
    expect(accepted(compareShape(honest, fn, merged, [])).transforms).toContainEqual({ kind: 'privatise', variable: 't', loop: 'L1.1' });
  });
});

describe("the user's language standard decides what the candidate says", () => {
  const c89 = unit(path.join(fixtures, 'claim', 'c89.c'), ['-std=c89']);
  const fn = fnOf(c89, 'twice');
  const hidden = edit(pragmaBefore(fn.text, 'for (i', '#pragma omp parallel for'), ['a[i] = a[i] * 2.0;', 'a[i] = a[i] * 2.0 //* c89 */ 3.0\n    ;']);

  it('`//*` is a division under -std=c89 and a comment under C99', () => {
    const r = compareShape(c89, fn, hidden, ['-std=c89']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^changes the original: line 6 has `a\[i\] = a\[i\] \* 2.0 \/\/\* c89 \*\/ 3.0` where the original has `a\[i\] = a\[i\] \* 2.0`/);
    expect(compareShape(c89, fn, hidden, ['-std=c99']).ok).toBe(true);
  });

  it('a clause behind `//*` is what clang reads: ignored text under C89 fails closed, a comment under C99 is no clause', () => {
    const text = pragmaBefore(fn.text, 'for (i', '#pragma omp parallel for //* c89 */ reduction(+:s)');
    const r89 = compareShape(c89, fn, text, ['-std=c89']);
    expect(r89.ok).toBe(false);
    if (!r89.ok) expect(r89.reason).toMatch(/line 4: the directive .* has `\/` where a clause should be/);
    const r99 = accepted(compareShape(c89, fn, text, ['-std=gnu99']));
    expect(r99.directives).toMatchObject([{ kind: 'parallel for', loop: 'L1', reduction: [] }]);
  });
});

describe('a clause that does something when evaluated is refused', () => {
  const tu = unit(path.join(fixtures, 'claim', 'clauses.c'));
  const fn = fnOf(tu, 'twice');
  const withPragma = (p: string) => compareShape(tu, fn, pragmaBefore(fn.text, 'for (i', p), []);

  it.each([
    ['#pragma omp parallel for if(n++ > 100)', /has a if clause that steps a variable \(\+\+\)/],
    ['#pragma omp parallel for if((n = 4) > 1)', /has a if clause that assigns/],
    ['#pragma omp parallel for num_threads(rand() % 4 + 1)', /has a num_threads clause that calls rand/],
    ['#pragma omp parallel for schedule(dynamic, (n -= 1) + 2)', /has a schedule clause that assigns/],
  ])('%s', (pragma, why) => {
    const r = withPragma(pragma);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(why);
  });

  it('a test that only reads, or pure math, stands', () => {
    expect(withPragma('#pragma omp parallel for if(n > 1000)').ok).toBe(true);
    expect(withPragma('#pragma omp parallel for if(sqrt((double)n) > 30.0)').ok).toBe(true);
  });
});

describe('honest mistakes change the original and are refused, naming the change', () => {
  const refused = (name: string, text: string): string => {
    const r = compareShape(honest, fnOf(honest, name), text, []);
    if (r.ok) throw new Error(`${name}: accepted ${shapeSummary(r)}`);
    expect(r.reason).toMatch(/^changes the original: /);
    expect(r.reason).toMatch(/keep the original's statements and add only #pragma omp lines$/);
    return r.reason;
  };
  const src = (name: string) => fnOf(honest, name).text;
  const par = (name: string, pragma = '#pragma omp parallel for') => pragmaBefore(src(name), 'for (int i', pragma);

  it('a max reduction started at 0.0 instead of -INFINITY', () => {
    const text = edit(par('maxval', '#pragma omp parallel for reduction(max:m)'), [src('maxval').match(/double m = [^;]*;/)![0], 'double m = 0.0;']);
    expect(refused('maxval', text)).toMatch(/line 2 has `double m = 0.0` where the original has `double m = -\(?__builtin_inff/);
  });

  it('a dropped NaN test, written x != x or isnan', () => {
    expect(refused('sum_finite', edit(par('sum_finite', '#pragma omp parallel for reduction(+:s)'), ['    if (x != x)\n      continue;\n', '']))).toMatch(/drops the original's `if \(x != x\)` test/);
    const numbers = src('sum_numbers');
    const test = numbers.match(/ *if \([^\n]*isnan[^\n]*\)\n\s*continue;\n/)![0];
    expect(refused('sum_numbers', edit(par('sum_numbers', '#pragma omp parallel for reduction(+:s)'), [test, '']))).toMatch(/drops the original's `if \(.*isnan.*\)` test/);
  });

  it('abs() added', () => {
    expect(refused('sum_int', edit(par('sum_int', '#pragma omp parallel for reduction(+:s)'), ['s += a[i]', 's += abs(a[i])']))).toMatch(
      /line 5 adds a call to abs: it has `s \+= abs\(a\[i\]\)` where the original has `s \+= a\[i\]`/,
    );
  });

  it('a dropped if (ptr) guard', () => {
    const text = 'void scale_by(int n, double *a, const double *w) {\n#pragma omp parallel for\n  for (int i = 0; i < n; i++)\n    a[i] *= w[i];\n}';
    expect(refused('scale_by', text)).toMatch(/drops the original's `if \(w\)` test/);
  });

  it('a dropped Kahan compensation', () => {
    const text = 'double kahan(int n, const double *a) {\n  double s = 0, c = 0;\n#pragma omp parallel for reduction(+:s)\n  for (int i = 0; i < n; i++)\n    s += a[i];\n  return s;\n}';
    expect(refused('kahan', text)).toMatch(/line 5 has `s \+= a\[i\]` where the original has `double y = a\[i\] - c`/);
  });

  it('a two-pass variance fused into one pass', () => {
    const text = [
      'double variance(int n, const double *a) {',
      '  double mean = 0, v = 0;',
      '#pragma omp parallel for reduction(+:mean, v)',
      '  for (int i = 0; i < n; i++) {',
      '    mean += a[i];',
      '    v += a[i] * a[i];',
      '  }',
      '  mean /= n;',
      '  return v / n - mean * mean;',
      '}',
    ].join('\n');
    expect(refused('variance', text)).toMatch(/line 6 adds `v \+= a\[i\] \* a\[i\]`/);
  });

  it('a changed constant', () => {
    expect(refused('affine', edit(par('affine'), ['+ 1.0', '+ 1.5']))).toMatch(/line 4 has `y\[i\] = x\[i\] \* 2.0 \+ 1.5` where the original has `y\[i\] = x\[i\] \* 2.0 \+ 1.0`/);
  });

  it('a new call', () => {
    expect(refused('affine', edit(par('affine'), ['x[i] * 2.0', 'floor(x[i] * 2.0)']))).toMatch(/line 4 adds a call to floor/);
  });

  it('a changed loop bound', () => {
    expect(refused('affine', edit(par('affine'), ['i < n', 'i <= n']))).toMatch(/line 3 has `i <= n` where the original has `i < n`/);
  });

  it('a shadowing declaration that makes a name mean another variable', () => {
    const text = edit(par('sum_int', '#pragma omp parallel for reduction(+:s)'), ['    s += a[i];', '  {\n    long s = 0;\n    s += a[i];\n  }']);
    expect(refused('sum_int', text)).toMatch(/line 6 adds `long s = 0`/);
  });

  it('a pragma that changes floating-point semantics (float_control) around the loop body', () => {
    const text = edit(par('sum_int', '#pragma omp parallel for reduction(+:s)'), ['    s += a[i];', '  {\n#pragma float_control(precise, off)\n    s += a[i];\n  }']);
    expect(refused('sum_int', text)).toMatch(/changes the original: /);
  });

  it('a guard whose test calls a function', () => {
    const text = [
      'void affine(int n, const double *x, double *y) {',
      '  if (abs(n) > 0) {',
      '#pragma omp parallel for',
      '    for (int i = 0; i < n; i++)',
      '      y[i] = x[i] * 2.0 + 1.0;',
      '  } else {',
      '    for (int i = 0; i < n; i++)',
      '      y[i] = x[i] * 2.0 + 1.0;',
      '  }',
      '}',
    ].join('\n');
    expect(refused('affine', text)).toMatch(/guards the loop with a test that calls a function/);
  });

  it('a guard whose else branch is not the original loop', () => {
    const text = [
      'void affine(int n, const double *x, double *y) {',
      '  if (x + n <= y || y + n <= x) {',
      '#pragma omp parallel for',
      '    for (int i = 0; i < n; i++)',
      '      y[i] = x[i] * 2.0 + 1.0;',
      '  } else {',
      '    for (int i = 0; i < n; i++)',
      '      y[i] = x[i] * 2.0;',
      '  }',
      '}',
    ].join('\n');
    expect(refused('affine', text)).toMatch(/changes the original: /);
    const good = edit(text, ['      y[i] = x[i] * 2.0;\n  }', '      y[i] = x[i] * 2.0 + 1.0;\n  }']);
    expect(accepted(compareShape(honest, fnOf(honest, 'affine'), good, [])).transforms).toEqual([{ kind: 'guard', loop: 'L1', condition: 'x + n <= y || y + n <= x' }]);
  });
});

/** Every .c file the builtin is run over: the corpus, the kernels, the tune projects, the verify fixtures. */
function sources(): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.c') ? [path.join(dir, e.name)] : []));
  return [...walk(path.join(root, 'test', 'corpus')), ...walk(path.join(root, 'kernels', 'src')), ...walk(path.join(root, 'kernels', 'tune')), path.join(fixtures, 'kernels.c')].sort();
}

/** The parallel loops rewrite guards with a test of enough work: those with no interchange inside whose work the test can estimate. */
function workGuarded(tu: TranslationUnit, fn: FunctionInfo, plan: Plan): string[] {
  const inside = (id: string, outer: string) => id === outer || id.startsWith(`${outer}.`);
  const loops = allLoops(fn.loops);
  return plan.loops
    .filter((p) => p.parallel && !plan.loops.some((q) => q.interchangeWith && (inside(q.loop, p.loop) || inside(q.interchangeWith, p.loop))))
    .filter((p) =>
      workTest(
        tu,
        fn,
        loops.find((l) => l.id === p.loop)!,
      ),
    )
    .map((p) => p.loop);
}

/** What the shape check must report for a plan: its pragmas on its loops, its interchanges and guards (overlap checks, and tests of enough work). */
function expectPlanShape(plan: Plan, r: ShapeResult, where: string, worked: string[] = []) {
  if (!r.ok) throw new Error(`${where}: ${r.reason}`);
  const withPragma = plan.loops.filter((p) => p.parallel || p.simd);
  expect(r.directives.map((d) => d.loop).sort(), where).toEqual(withPragma.map((p) => p.loop).sort());
  for (const p of withPragma) {
    const d = r.directives.find((x) => x.loop === p.loop)!;
    expect(d.kind, where).toBe(p.parallel ? (p.simd ? 'parallel for simd' : 'parallel for') : 'simd');
    expect(d.private, where).toEqual(p.private ?? []);
    expect(d.lastprivate, where).toEqual(p.lastprivate ?? []);
    expect(d.reduction, where).toEqual(p.reduction ?? []);
    expect(d.collapse, where).toBe(p.collapse && p.collapse > 1 ? p.collapse : undefined);
    expect(d.schedule?.kind, where).toBe(p.schedule);
  }
  const wanted = [
    ...plan.loops.filter((p) => p.interchangeWith).map((p) => ({ kind: 'interchange', outer: p.loop, inner: p.interchangeWith })),
    ...plan.loops.filter((p) => p.aliasGuard?.length || worked.includes(p.loop)).map((p) => ({ kind: 'guard', loop: p.loop })),
  ];
  expect(
    r.transforms.map((t) => (t.kind === 'guard' ? { kind: t.kind, loop: t.loop } : t)),
    where,
  ).toEqual(expect.arrayContaining(wanted));
  expect(r.transforms.length, where).toBe(wanted.length);
}

describe('every builtin plan candidate passes, with the transformations it used named', () => {
  for (const file of sources()) {
    const tu = unit(file);
    const withLoops = tu.functions.filter((f) => f.loops.length);
    if (!withLoops.length) continue;
    describe(path.relative(root, file), () => {
      for (const fn of withLoops) {
        it(fn.name, () => {
          // (the tune projects' omp/ variants have directives of their own)
          const original = compareShape(tu, fn, fn.text, []);
          expect(original.ok && original.transforms.length === 0, `${fn.name}: ${shapeSummary(original)}`).toBe(true);
          for (const p of proposeBuiltin(tu, fn)) {
            if (p.form !== 'plan') continue;
            const applied = applyPlan(tu, fn, p.plan);
            if (!applied.ok) continue;
            expectPlanShape(p.plan, compareShape(tu, fn, applied.text, []), `${fn.name} ${JSON.stringify(p.plan.loops.map((l) => l.loop))}`, workGuarded(tu, fn, p.plan));
          }
        });
      }
    });
  }
});

describe('the good fixtures (test/fixtures/verify/good) against kernels.c', () => {
  const tu = unit(path.join(fixtures, 'kernels.c'));
  const read = (f: string) => fs.readFileSync(path.join(fixtures, 'good', f), 'utf8');
  it('those that only add directives pass, and a guard in the if/else form is named', () => {
    expect(accepted(compareShape(tu, fnOf(tu, 'total'), read('total.c'), [])).directives).toMatchObject([{ kind: 'parallel for', loop: 'L1', reduction: [{ op: '+', vars: ['s'] }] }]);
    expect(accepted(compareShape(tu, fnOf(tu, 'matmul'), read('matmul.c'), [])).directives).toMatchObject([{ kind: 'parallel for', loop: 'L1' }]);
    const waves = accepted(compareShape(tu, fnOf(tu, 'waves'), read('waves.c'), []));
    expect(waves.transforms).toMatchObject([{ kind: 'guard', loop: 'L1' }]);
  });

  it('a guard written as an early return around the parallel form is not a form slmcc knows', () => {
    const early = read('waves.c').replace('  } else\n', '    return;\n  }\n');
    const r = compareShape(tu, fnOf(tu, 'waves'), early, []);
    expect(r.ok).toBe(false);
  });
});
