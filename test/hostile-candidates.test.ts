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
import { analyze } from '../src/analysis/index.js';
import { screenCandidate } from '../src/verify/screen.js';
import { directOnly, hostileCandidates, type Hostile } from './fixtures/hostile/candidates.js';

const fixture = path.join(__dirname, 'fixtures', 'hostile', 'prog.c');
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

afterAll(() => {
  expect(fs.readdirSync(marks)).toEqual([]);
});
