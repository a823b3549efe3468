import fs from 'node:fs';
import path from 'node:path';
import { quote } from 'shell-quote';
import { loadConfig, shownValue } from '../config/index.js';
import { POLLY_FLAGS } from '../core/polly.js';
import { findCompiler, runCaptured } from '../driver/index.js';

const APT = 'apt-get install clang-19 libomp-19-dev libclang-rt-19-dev';

const OMP_PROGRAM = `#include <omp.h>
#include <stdio.h>
int main(void) { double s = 0;
#pragma omp parallel for reduction(+:s)
  for (int i = 0; i < 1000; i++) s += i;
  printf("%d %.0f\\n", omp_get_max_threads() > 0, s); return 0; }
`;

interface Check {
  name: string;
  essential: boolean;
  run: (cc: string[], dir: string) => Promise<{ ok: boolean; detail: string }>;
}

async function buildAndRun(cc: string[], dir: string, flags: string[], env: NodeJS.ProcessEnv = {}) {
  const src = path.join(dir, 'probe.c');
  const exe = path.join(dir, `probe-${flags.join('').replace(/\W/g, '')}`);
  fs.writeFileSync(src, OMP_PROGRAM);
  const b = await runCaptured([...cc, ...flags, src, '-o', exe]);
  if (b.code !== 0) return { ok: false, detail: b.stderr.trim().split('\n')[0] ?? 'build failed' };
  const r = await runCaptured([exe], { env: { ...process.env, OMP_NUM_THREADS: '2', ...env } });
  const ok = r.code === 0 && r.stdout.trim() === '1 499500' && !/WARNING: ThreadSanitizer|ERROR: AddressSanitizer/.test(r.stderr);
  return { ok, detail: ok ? 'builds and runs' : (r.stderr.trim().split('\n')[0] ?? `exit ${r.code}`) };
}

const CHECKS: Check[] = [
  { name: 'OpenMP (libomp)', essential: true, run: (cc, d) => buildAndRun(cc, d, ['-O2', '-fopenmp']) },
  { name: 'Polly', essential: false, run: (cc, d) => buildAndRun(cc, d, ['-O3', ...POLLY_FLAGS]) },
  {
    name: 'ThreadSanitizer + Archer',
    essential: false,
    run: (cc, d) => buildAndRun(cc, d, ['-O1', '-g', '-fsanitize=thread', '-fopenmp'], { TSAN_OPTIONS: 'ignore_noninstrumented_modules=1' }),
  },
  { name: 'AddressSanitizer + UBSan', essential: false, run: (cc, d) => buildAndRun(cc, d, ['-O1', '-g', '-fsanitize=address,undefined', '-fopenmp']) },
];

export async function runDoctor(): Promise<number> {
  const { config, errors, file } = loadConfig();
  const out = (ok: boolean | 'warn', what: string, detail: string) => process.stdout.write(`${ok === true ? 'ok  ' : ok === 'warn' ? 'warn' : 'FAIL'}  ${what}: ${detail}\n`);
  let failed = false;
  for (const e of errors) {
    out(false, 'configuration', e);
    failed = true;
  }
  if (file) out(true, 'config file', file);
  const cc = findCompiler(config.cc, process.env, process.env.SLMCC_SELF);
  if (!cc.ok) {
    out(false, 'compiler', `${cc.message}`);
    return 1;
  }
  const version = await runCaptured([...cc.argv, '--version']);
  const first = version.stdout.split('\n')[0];
  const is19 = /clang version 19\./.test(first);
  out(is19 ? true : 'warn', 'compiler', `${quote(cc.argv)} (${first})${is19 ? '' : `; slmcc is tested with clang 19: ${APT}`}`);
  const dir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'slmcc-doctor-'));
  try {
    for (const c of CHECKS) {
      const r = await c.run(cc.argv, dir);
      if (!r.ok && c.essential) failed = true;
      out(r.ok ? true : c.essential ? false : 'warn', c.name, r.ok ? r.detail : `${r.detail}; install: ${APT}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  await checkSandbox(config, out);
  await checkModel(config, out);
  out(true, 'cache', config.cacheDir);
  return failed ? 1 : 0;
}

/** The containment model candidates run in (src/verify/sandbox.ts); without it they are not run at all. */
async function checkSandbox(config: ReturnType<typeof loadConfig>['config'], out: (ok: boolean | 'warn', what: string, detail: string) => void): Promise<void> {
  const { containment } = await import('../verify/index.js');
  const k = await containment();
  if (k.level === 'bwrap') {
    out(true, 'sandbox', `candidates are compiled and run in ${k.detail}`);
    return;
  }
  const asked = config.provider !== 'builtin' && config.provider !== 'auto';
  out(asked ? false : 'warn', 'sandbox', `none: ${k.detail}. A model's candidates will not be compiled or run (refused as "no sandbox"); only the builtin provider's own candidates are checked`);
}

async function checkModel(config: ReturnType<typeof loadConfig>['config'], out: (ok: boolean | 'warn', what: string, detail: string) => void): Promise<void> {
  if (config.provider === 'builtin') {
    out(true, 'provider', 'builtin (SLMCC_PROVIDER=builtin): no model needed');
    return;
  }
  const { checkOllama } = await import('../propose/index.js');
  const r = await checkOllama(config);
  if (r.ok) out(true, 'ollama', `${shownValue('ollamaHost', config.ollamaHost)}: model ${r.model} present (digest ${r.digest.slice(0, 12)})`);
  else
    out(
      config.provider === 'ollama' ? false : 'warn',
      'ollama',
      `${r.reason}; slmcc ${config.provider === 'auto' ? 'uses the builtin provider' : 'asks no model'}. To use a model: install Ollama (https://ollama.com), run \`ollama serve\` and \`ollama pull ${config.model}\`, or set OLLAMA_HOST`,
    );
}
