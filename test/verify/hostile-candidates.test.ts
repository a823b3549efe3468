// The hostile-candidate suite (issue 16): candidates written against every
// layer of the judge, one or more per class of hole, each refused for its own
// reason; served by the scripted Ollama server through bin/slmcc, none leaves
// a mark, none reaches the object, and no file's text reaches a request to
// the model or the decision log.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { spliceFunctions } from '../../src/rewrite/index.js';
import { screenCandidate } from '../../src/verify/screen.js';
import { directOnly, hostileCandidates, type Hostile } from '../fixtures/hostile/candidates.js';
import { startOllamaServer, type GenerationRequest, type OllamaTestServer } from '../fixtures/ollama-server.js';
import { CLANG, SLMCC, run, runAsync, slmccEnv, snapshot } from '../support/driver-env.js';

const fixture = path.join(__dirname, '..', 'fixtures', 'hostile', 'prog.c');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-hostile-'));
const marks = path.join(scratch, 'marks');
const secret = path.join(scratch, 'secret.h');
const SECRET_WORD = 'SLMCC_SECRET_d41d8cd98f';
fs.mkdirSync(marks);
fs.writeFileSync(secret, `root:x:0:0:${SECRET_WORD}:/root:/bin/bash\nint ${SECRET_WORD}_b = 1;\n`);
const mark = (id: string) => path.join(marks, id);

const pp = execFileSync('clang-19', ['-E', fixture], { encoding: 'utf8' });
const tu = analyze(pp, { sourceFile: fixture });
const fnOf = (name: string) => tu.functions.find((f) => f.name === name)!;

function screen(h: Hostile) {
  return screenCandidate(tu, fnOf(h.fn), { id: h.id, origin: { provider: 'ollama' }, form: 'code', text: h.text });
}

describe('the screen refuses each hostile candidate for its own reason', () => {
  for (const h of [...hostileCandidates(mark, secret), ...directOnly(mark)]) {
    it(h.id, () => {
      const r = screen(h);
      expect(r.ok, `${h.id} passed the screen`).toBe(false);
      expect(r.detail).toMatch(h.reason);
      expect(r.detail ?? '').not.toContain(SECRET_WORD);
    });
  }

  it('the originals and plain OpenMP rewrites of them pass, quickly', () => {
    for (const f of ['hk_scale', 'hk_shift', 'hk_sum', 'hk_tri']) {
      const fn = fnOf(f);
      const same = screenCandidate(tu, fn, { id: 'same', origin: { provider: 'builtin' }, form: 'code', text: fn.text });
      expect(same, `${f}: ${same.detail}`).toMatchObject({ ok: true });
    }
    const t0 = performance.now();
    const good = screenCandidate(tu, fnOf('hk_sum'), {
      id: 'good',
      origin: { provider: 'ollama' },
      form: 'code',
      text: 'double hk_sum(int n, const double *restrict a) {\n  double s = 0;\n  /* sum of squares */\n#pragma omp parallel for reduction(+:s) schedule(static)\n  for (int i = 0; i < n; i++)\n    s += a[i] * a[i];\n  return s;\n}\n',
    });
    expect(good, good.detail).toMatchObject({ ok: true });
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});

describe("the screen reads the candidate under the user's language standard", () => {
  // Under -std=c89 there are no // comments: `a[i] //* x */ system(...)` is a
  // division by a call, which a C99 reading (and a text scan) takes for a comment.
  const c89 = path.join(scratch, 'c89.c');
  fs.writeFileSync(c89, '#include <stdlib.h>\nvoid twice(int n, double *a) {\n  int i;\n  for (i = 0; i < n; i++)\n    a[i] = a[i] * 2.0 + 1.0;\n}\n');
  const ctu = analyze(execFileSync('clang-19', ['-std=c89', '-E', c89], { encoding: 'utf8' }), { sourceFile: c89 });
  const text = `void twice(int n, double *a) {\n  int i;\n  for (i = 0; i < n; i++)\n    a[i] = a[i] * 2.0 + 1.0 //* c89 */ (system("touch ${mark('c89-comment')}") + 1)\n    ;\n}\n`;

  it('a call hidden in what C99 reads as a comment is refused under -std=c89', () => {
    const r = screenCandidate(
      ctu,
      ctu.functions.find((f) => f.name === 'twice')!,
      { id: 'c89-comment', origin: { provider: 'ollama' }, form: 'code', text },
      ['-O2', '-std=c89'],
    );
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(/calls system, which the original does not call \(I\/O or process control\)/);
  });

  it('the flags the screen passes on are the language and target ones, never -o, -W or -O', async () => {
    const { screenFlags } = await import('../../src/verify/facts.js');
    expect(screenFlags(['-O2', '-std=c89', '-Werror', '-march=native', '-g', '-fno-signed-char', '-target', 'x86_64-linux-gnu', '-ffast-math'])).toEqual([
      '-std=c89',
      '-march=native',
      '-fno-signed-char',
      '-target',
      'x86_64-linux-gnu',
    ]);
  });
});

describe('plans: a reduction only where every use of the variable is one update', () => {
  const src = `double rows(int n, const double *a, double *out) {
  double s = 0, t = 0, m = 0, k = 0;
  for (int i = 0; i < n; i++) {
    s = 0;
    for (int j = 0; j < n; j++)
      s += a[i * n + j];
    t += s;
    if (a[i] > m) m = a[i];
    k = k * a[i];
    out[i] = t;
  }
  return s + t + m + k;
}
`;
  const rtu = analyze(src, { sourceFile: 'rows.c' });
  const rows = rtu.functions.find((f) => f.name === 'rows')!;
  const plan = (op: string, v: string, loop = 'L1') => JSON.stringify({ function: 'rows', loops: [{ loop, parallel: true, reduction: [{ op, vars: [v] }] }] });

  it('s reset inside the loop is refused; so is t, read after its update; k updated with a different op is refused', async () => {
    const { readPlan } = await import('../../src/propose/chat/reply-plan.js');
    const reset = readPlan(plan('+', 's'), rows);
    expect(reset.ok).toBe(false);
    expect(!reset.ok && reset.reason).toMatch(/plan rejected: reduction\(\+:s\) on L1: s is read or written elsewhere in the loop/);
    const readAfter = readPlan(plan('+', 't'), rows);
    expect(!readAfter.ok && readAfter.reason).toMatch(/reduction\(\+:t\) on L1: t is read or written elsewhere/);
    const wrongOp = readPlan(plan('+', 'k'), rows);
    expect(!wrongOp.ok && wrongOp.reason).toMatch(/reduction\(\+:k\) on L1: the update of k is not/);
  });

  it('one update per variable is accepted: s += e on the inner loop, if (e > m) m = e, k = k * e', async () => {
    const { readPlan } = await import('../../src/propose/chat/reply-plan.js');
    expect(readPlan(plan('+', 's', 'L1.1'), rows)).toMatchObject({ ok: true });
    expect(readPlan(plan('*', 'k'), rows)).toMatchObject({ ok: true });
    const sum = readPlan(JSON.stringify({ function: 'hk_sum', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: '+', vars: ['s'] }] }] }), fnOf('hk_sum'));
    expect(sum).toMatchObject({ ok: true });
    const maxOnly = analyze('double mx(int n, const double *a) { double m = 0; for (int i = 0; i < n; i++) if (a[i] > m) m = a[i]; return m; }\n', { sourceFile: 'mx.c' }).functions[0];
    expect(readPlan(JSON.stringify({ function: 'mx', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: 'max', vars: ['m'] }] }] }), maxOnly)).toMatchObject({ ok: true });
    expect(readPlan(JSON.stringify({ function: 'mx', loops: [{ loop: 'L1', parallel: true, reduction: [{ op: 'min', vars: ['m'] }] }] }), maxOnly)).toMatchObject({ ok: false });
  });
});

describe("compiler diagnostics never carry another file's text", () => {
  it("an include of a secret file: the harness build's detail names the candidate's line only", async () => {
    const { buildHarness } = await import('../../src/verify/build.js');
    const dir = fs.mkdtempSync(path.join(scratch, 'build-'));
    const source = `# 1 "user.c"\nvoid f(void) {\n#include "${secret}"\n}\nint main(void) { return 0; }\n`;
    const r = await buildHarness(['clang-19'], [], 'plain', source, dir, 'leak');
    expect(r.ok).toBe(false);
    expect(r.detail).toBeTruthy();
    expect(r.detail).not.toContain(SECRET_WORD);
    expect(r.detail).not.toMatch(/In file included from|\|/);
  });

  it("reduceDiagnostics keeps the candidate's lines and messages, nothing quoted, nothing from other files", async () => {
    const { reduceDiagnostics } = await import('../../src/verify/diagnostics.js');
    const out = [
      `In file included from <slmcc candidate>:3:`,
      `${secret}:1:5: error: unknown type name '${SECRET_WORD}'`,
      `    1 | root:x:0:0:${SECRET_WORD}:/root:/bin/bash`,
      `      |     ^`,
      `<slmcc candidate>:4:45: error: call to undeclared function 'omp_fake'; ISO C99 and later do not support implicit function declarations`,
      `    4 |   for (int i = 0; i < n; i++) a[i] = a[i] * omp_fake(i);`,
      `/usr/lib/llvm-19/lib/clang/19/include/omp.h:457:17: note: 'omp_free' declared here`,
      `2 errors generated.`,
    ].join('\n');
    const r = reduceDiagnostics(out, { file: '<slmcc candidate>' });
    expect(r).toBe("line 4: error: call to undeclared function 'omp_fake'; ISO C99 and later do not support implicit function declarations");
    expect(reduceDiagnostics(out.split('\n').slice(0, 4).join('\n'), { file: '<slmcc candidate>' })).toBe("the compiler refused it (1 diagnostic outside the candidate's text)");
  });
});

describe("the link test keeps the user's object when the rewritten one differs in what it links", () => {
  const ORIGINAL = 'void k(int n, double *a) { for (int i = 0; i < n; i++) a[i] = a[i] * 2.0 + 1.0; }\n';
  const variants: [string, string, RegExp | undefined][] = [
    ['omp parallel for', 'void k(int n, double *a) {\n#pragma omp parallel for\n for (int i = 0; i < n; i++) a[i] = a[i] * 2.0 + 1.0; }\n', undefined],
    [
      'a critical section and sqrt',
      '#include <math.h>\ndouble acc;\nvoid k(int n, double *a) {\n#pragma omp parallel for\n for (int i = 0; i < n; i++) { a[i] = sqrt(a[i]);\n#pragma omp critical\n a[0] += 0; } }\n',
      /defines new global symbols \(acc\)/,
    ],
    ['an undefined omp_ name', 'int omp_fake(void);\nvoid k(int n, double *a) { for (int i = 0; i < n; i++) a[i] = a[i] * 2.0 + omp_fake(); }\n', /refers to omp_fake/],
    ['system()', 'int system(const char *);\nvoid k(int n, double *a) { system("true"); for (int i = 0; i < n; i++) a[i] = a[i] * 2.0 + 1.0; }\n', /refers to system/],
    ['a constructor', `static __attribute__((constructor)) void boot(void) { __asm__ volatile(\"\"); }\n${ORIGINAL}`, /adds a \.init_array section/],
    ['an extra function', `void k2(void) {}\n${ORIGINAL}`, /defines new global symbols \(k2\)/],
  ];
  for (const [what, text, refusal] of variants) {
    it(`${what}: ${refusal ? 'refused, the original object stays' : 'replaces the object'}`, async () => {
      const { placeReplacement } = await import('../../src/driver/rewritten-compile.js');
      const dir = fs.mkdtempSync(path.join(scratch, 'link-'));
      fs.writeFileSync(path.join(dir, 'k.c'), ORIGINAL);
      fs.writeFileSync(path.join(dir, 'r.c'), text);
      execFileSync('clang-19', ['-O2', '-c', 'k.c', '-o', 'k.o'], { cwd: dir });
      // The rewritten unit as the pipeline hands it to the driver: preprocessed text, compiled, link-tested, placed.
      const main = execFileSync('clang-19', ['-fopenmp', '-E', 'r.c'], { cwd: dir, encoding: 'utf8' });
      const before = fs.readFileSync(path.join(dir, 'k.o'));
      const placed = await placeReplacement(['clang-19'], [], { kind: 'unit', unit: { main } }, 'k.o', dir);
      const why = placed.ok ? undefined : placed.why;
      if (refusal) {
        expect(why).toMatch(refusal);
        expect(fs.readFileSync(path.join(dir, 'k.o')).equals(before)).toBe(true);
      } else {
        expect(why).toBeUndefined();
        expect(fs.readFileSync(path.join(dir, 'k.o')).equals(before)).toBe(false);
        expect(execFileSync('nm', ['k.o'], { cwd: dir, encoding: 'utf8' })).toMatch(/__kmpc_fork_call/);
      }
    });
  }
});

describe("a candidate's own output never reaches the record or the feedback", () => {
  // Candidates that got past the screen (as the did, through a
  // renamed libm call) and print: /etc/os-release if they can read it, the
  // secret (spelt backwards in their text, so only a run can produce it), a
  // forged MISMATCH line and a forged sanitizer report; then each fails a
  // check. Built as verify builds them (the shipped unit, renamed, linked with
  // the harness) and run as verify runs them.
  const src = path.join(scratch, 'noisy.c');
  fs.writeFileSync(src, '#include <stdio.h>\n#include <stdlib.h>\nvoid noisy(int n, double *a) {\n  for (int i = 0; i < n; i++)\n    a[i] = a[i] * 2.0 + 1.0;\n}\n');
  const ntu = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
  const noisy = ntu.functions.find((f) => f.name === 'noisy')!;
  const backwards = [...SECRET_WORD].reverse().join('');
  // Lines 2-10 of every candidate; its fault is on line 11 and after.
  const leak = `  static const char w[] = "${backwards}";
  char line[256];
  FILE *f = fopen("/etc/os-release", "r");
  if (f) { while (fgets(line, sizeof line, f)) { fputs(line, stderr); fputs(line, stdout); } fclose(f); }
  printf("\\nMISMATCH a[0]: ");
  fprintf(stderr, "WARNING: ThreadSanitizer: data race\\n    #0 noisy /etc/");
  for (int k = (int)sizeof w - 2; k >= 0; k--) { fputc(w[k], stderr); fputc(w[k], stdout); }
  fprintf(stderr, ":3:1 (x+0x1)\\nERROR: AddressSanitizer: heap-buffer-overflow\\n  #0 0x1 in noisy /etc/os-release:4:2\\n");
  printf("\\n");
`;
  const cases: { id: string; kind: 'plain' | 'tsan' | 'asan'; fault: string; detail: RegExp }[] = [
    {
      id: 'differs',
      kind: 'plain',
      fault: '  for (int i = 0; i < n; i++)\n    a[i] = a[i] * 3.0 + 1.0;\n',
      detail:
        /^n=\d+[^:]*: (outputs differ at a\[\d+\]: reference [\d.e+-]+, candidate [\d.e+-]+|errno after the (first )?call: \d+( \(E\w+\))? from the original, \d+( \(E\w+\))? from the candidate)$/,
    },
    { id: 'forges', kind: 'plain', fault: '  fflush(stdout);\n  exit(3);\n', detail: /^n=\d+[^:]*: exited with status 3$/ },
    {
      id: 'races',
      kind: 'tsan',
      fault: '  double t;\n#pragma omp parallel for\n  for (int i = 0; i < n; i++) {\n    t = a[i] * 2.0;\n    a[i] = t + 1.0;\n  }\n',
      detail: /^n=\d+[^:]*: ThreadSanitizer report: data race; the candidate's (write|read) of size 8 at line 1[2-5]; previous (write|read) of size 8 at line 1[2-5]$/,
    },
    {
      id: 'overflows',
      kind: 'asan',
      fault: '  for (int i = 0; i <= n; i++)\n    a[i] = a[i] * 2.0 + 1.0;\n',
      detail: /^n=\d+[^:]*: AddressSanitizer report: heap-buffer-overflow; the candidate's read of size 8 at line 12$/,
    },
  ];

  for (const c of cases) {
    it(`${c.id} (${c.kind} run): the detail says what failed, at the candidate's line, and nothing it printed`, async () => {
      const { buildHarness, compileShipped, linkableCandidate } = await import('../../src/verify/build.js');
      const { CAND, generateHarness, planHarness } = await import('../../src/verify/harness.js');
      const { runSet } = await import('../../src/verify/runs.js');
      const { feedbackText } = await import('../../src/propose/chat/session.js');
      const text = `void noisy(int n, double *a) {\n${leak}${c.fault}}\n`;
      const dir = fs.mkdtempSync(path.join(scratch, `${c.id}-`));
      const lines: [number, number] = [noisy.sourceLine, noisy.sourceLine + text.split('\n').length];
      const unit = spliceFunctions(ntu, [{ fn: noisy, text }]);
      const obj = await compileShipped(['clang-19'], ['-O2'], c.kind, unit, dir, c.id, { file: ntu.file, lines });
      if (!obj.ok) throw new Error(obj.detail);
      const plan = planHarness(noisy, ntu);
      const linkable = await linkableCandidate(obj.obj, 'noisy', CAND, dir, plan.globals);
      if (!linkable.ok) throw new Error(linkable.detail);
      const harness = generateHarness(ntu, noisy, { defines: linkable.defines }, { tolerance: 1e-9, floatTolerance: 1e-9 });
      const built = await buildHarness(['clang-19'], ['-O2'], c.kind, harness, dir, c.id, linkable.obj);
      expect(built.ok, built.detail).toBe(true);
      const r = await runSet(built.exe, c.kind, { name: 'n=64', n: 64, distinct: false, seed: 7, mult: 0 }, 1, { threads: 2, wallMs: 20_000 }, { fn: 'noisy', aliases: [CAND], lines, file: ntu.file });
      expect(r.ok).toBe(false);
      expect(r.detail).toMatch(c.detail);
      // What verify records (CheckOutcome.detail) and what the pipeline sends the model (pipeline/decide.ts, then feedbackText).
      const sent = feedbackText(`${c.kind === 'plain' ? 'differential' : c.kind}: ${r.detail}`);
      for (const out of [r.detail ?? '', sent]) {
        expect(out).not.toContain(SECRET_WORD);
        expect(out).not.toMatch(/\/etc\/|os-release|NAME=|Debian/);
      }
    }, 300_000);
  }
});

describe("a candidate's first failed check is its last", () => {
  const src = path.join(scratch, 'first.c');
  fs.writeFileSync(src, 'void twice(int n, double *a) {\n  for (int i = 0; i < n; i++)\n    a[i] = a[i] * 2.0 + 1.0;\n}\n');
  const ftu = analyze(execFileSync('clang-19', ['-E', src], { encoding: 'utf8' }), { sourceFile: src });
  const twice = ftu.functions[0];

  it('a changed statement: refused by the claim check, nothing built or run, one failure fed back', async () => {
    const { loadConfig } = await import('../../src/config/index.js');
    const { failureOf, verifyFunction } = await import('../../src/verify/index.js');
    const failures: string[] = [];
    const r = await verifyFunction({
      tu: ftu,
      fn: twice,
      cc: ['clang-19'],
      codeFlags: ['-O2'],
      config: { ...loadConfig({}).config, threads: 2, retries: 3 },
      candidates: [
        {
          id: 'differs',
          origin: { provider: 'builtin' },
          form: 'code',
          text: 'void twice(int n, double *a) {\n#pragma omp parallel for\n  for (int i = 0; i < n; i++)\n    a[i] = a[i] * 3.0 + 1.0;\n}\n',
        },
      ],
      onFailure: async (_c, f) => {
        failures.push(f.check);
        return [];
      },
    });
    const checks = r.candidates[0].checks;
    // The claim check stands before every build: `* 3.0` is not the original's `* 2.0`.
    expect(checks.map((c) => c.check)).toEqual(['screen', 'claim']);
    expect(checks.at(-1)).toMatchObject({ check: 'claim', ok: false });
    expect(failureOf(r.candidates[0])?.check).toBe('claim');
    expect(failures).toEqual(['claim']);
  }, 300_000);
});

describe('served by the scripted model through bin/slmcc', () => {
  const KERNELS = ['hk_scale', 'hk_shift', 'hk_sum', 'hk_tri', 'hk_copy'] as const;
  const all = hostileCandidates(mark, secret);
  const chains = new Map(KERNELS.map((k) => [k as string, all.filter((h) => h.fn === k)]));
  const served = new Map<string, number>();
  let server: OllamaTestServer;

  /** The kernel a request is about: the one its conversation names last. */
  const kernelOf = (g: GenerationRequest): string | undefined => {
    const text = g.messages.map((m) => m.content).join('\n');
    let best: string | undefined;
    let at = -1;
    // The kernel whose definition the conversation shows last (main's prompt calls them all, defines none).
    for (const m of text.matchAll(/\b(\w+)\s*\([^;{}()]*\)\s*\{/g)) {
      if (['if', 'for', 'while', 'switch'].includes(m[1])) continue;
      if (m.index > at) [best, at] = [m[1], m.index];
    }
    return best && (KERNELS as readonly string[]).includes(best) ? best : undefined;
  };

  beforeAll(async () => {
    server = await startOllamaServer({
      reply: (g) => {
        if (g.format !== undefined && g.format !== '') return '{}';
        const k = kernelOf(g);
        const chain = k ? chains.get(k) : undefined;
        if (!k || !chain) return 'I cannot help with that.';
        const i = served.get(k) ?? 0;
        served.set(k, i + 1);
        const h = chain[i];
        return h ? `Here is the parallel version:\n\n\`\`\`c\n${h.text}\`\`\`\n` : 'I have nothing better.';
      },
    });
  });
  afterAll(async () => server?.close());

  it('every candidate is refused for its own reason, none reaches the object, leaves a mark or leaks the secret', async () => {
    const dir = fs.mkdtempSync(path.join(scratch, 'e2e-'));
    fs.copyFileSync(fixture, path.join(dir, 'prog.c'));
    const cache = path.join(dir, 'cache');
    const env = slmccEnv({
      SLMCC_CACHE_DIR: cache,
      SLMCC_PROVIDER: 'ollama',
      OLLAMA_HOST: server.url,
      SLMCC_REPLY: 'code',
      SLMCC_STRATEGY: 'zero-shot',
      SLMCC_RETRIES: '10',
      SLMCC_MAX_FUNCTIONS: '8',
      SLMCC_THREADS: '2',
      // Other compiles on this machine would leave the kernels pending: decide them here regardless.
      SLMCC_RETRY_PENDING: '1',
      // A home outside the temporary directory: the sandbox hides both, and cannot hide one inside the other.
      HOME: '/nonexistent-slmcc-hostile-home',
    });
    const { containment } = await import('../../src/verify/containment.js');
    const prevHome = process.env.HOME;
    process.env.HOME = env.HOME;
    const contained = (await containment()).level === 'bwrap';
    process.env.HOME = prevHome;
    if (!contained) console.warn('no sandbox here: the served candidates are refused before the screen; the screen itself is tested above');
    const sourceBefore = snapshot(path.join(__dirname, '..', 'fixtures', 'hostile'));
    const r = await runAsync(SLMCC, ['-O2', '-c', 'prog.c', '-o', 'prog.o'], { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(run(SLMCC, ['prog.o', '-o', 'prog', '-lm'], { cwd: dir, env }).status).toBe(0);
    expect(run(CLANG, ['-O2', 'prog.c', '-o', 'ref', '-lm'], { cwd: dir }).status).toBe(0);
    const want = run(path.join(dir, 'ref'), [], { cwd: dir }).stdout;
    expect(want).toMatch(/^\d+\.\d+\n$/);
    expect(run(path.join(dir, 'prog'), [], { cwd: dir }).stdout).toBe(want);

    // Every hostile candidate was served, and each kernel's record refuses them in order, each for its own reason.
    for (const k of KERNELS) expect(served.get(k), k).toBeGreaterThanOrEqual(chains.get(k)!.length);
    const log = fs.readFileSync(path.join(cache, 'decisions.jsonl'), 'utf8');
    const records = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    for (const k of KERNELS) {
      const rec = records.filter((d) => d.function === k).at(-1);
      expect(rec, k).toBeDefined();
      expect(rec.verdict.kind, `${k}: ${JSON.stringify(rec.verdict)}`).not.toBe('candidate');
      const chain = chains.get(k)!;
      // The reply reader refuses some before the screen (its reason is the record's), and cuts others down to the kernel.
      const refusedByReader = (h: Hostile) => !!h.served && /code rejected/.test(h.served.source);
      const screened = chain.filter((h) => !refusedByReader(h));
      expect(rec.candidates.map((c: { checks: { check: string }[] }) => c.checks[0].check)).toEqual(screened.map(() => 'screen'));
      screened.forEach((h, i) => {
        const check = rec.candidates[i].checks[0];
        expect(check.ok, h.id).toBe(false);
        // Without a sandbox, a model's candidates are refused before the screen (fail closed): still refused, still no mark.
        expect(check.detail, h.id).toMatch(contained ? (h.served ?? h.reason) : /^no sandbox: /);
      });
      if (refusedByReader(chain[0])) expect(rec.reason, chain[0].id).toMatch(chain[0].served!);
    }

    // Nothing outside the scratch directory: no mark, the fixtures untouched; nothing of the secret anywhere it could leave.
    expect(fs.readdirSync(marks)).toEqual([]);
    const sourceAfter = snapshot(path.join(__dirname, '..', 'fixtures', 'hostile'));
    expect([...sourceAfter.keys()].sort()).toEqual([...sourceBefore.keys()].sort());
    expect(log).not.toContain(SECRET_WORD);
    expect(JSON.stringify(server.requests)).not.toContain(SECRET_WORD);
    // The failures went back as feedback, with their reasons and without quoted source of any other file.
    const feedback = server.generations().flatMap((g) => g.messages.filter((m) => m.role === 'user' && /failed a check/.test(m.content)).map((m) => m.content));
    expect(feedback.some((f) => /uses the function system other than as the callee/.test(f))).toBe(true);
    expect(feedback.join('\n')).not.toMatch(/In file included from/);
  }, 600_000);
});

afterAll(() => {
  // Whatever ran, nothing wrote a mark; then the scratch directory goes.
  expect(fs.readdirSync(marks)).toEqual([]);
  fs.rmSync(scratch, { recursive: true, force: true });
});
