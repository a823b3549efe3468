// The compilers the benchmark compares, and which of them this machine has.
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { POLLY_FLAGS } from '../core/polly.js';

export type VariantId = 'O3' | 'polly' | 'gcc' | 'slmcc-builtin' | 'slmcc-ollama';

export interface Variant {
  id: VariantId;
  label: string;
  /** Column header in the table. */
  short: string;
  cc: string;
  cflags: string;
  /** Extra environment for the build (slmcc's provider and cache). */
  env: Record<string, string>;
  /** slmcc rows get a fresh cache, a cold and a warm build, and decision logs. */
  slmcc: boolean;
}

export interface Skipped {
  id: VariantId;
  label: string;
  reason: string;
}

const POLLY_CFLAGS = POLLY_FLAGS.join(' ');
export const GCC_FLAGS = '-ftree-parallelize-loops=2';

export interface VariantOptions {
  repo: string;
  /** The slmcc command (default <repo>/bin/slmcc). */
  slmcc?: string;
  ollamaHost: string;
  model: string;
  /** Optimisation level of every row (default -O3). */
  opt?: string;
}

async function works(cmd: string, args: string[]): Promise<boolean> {
  const r = await execa(cmd, args, { reject: false, timeout: 20_000, stdin: 'ignore' });
  return r.exitCode === 0;
}

/** Ollama answers and has the model (by name, with or without ":latest"). */
export async function ollamaHasModel(host: string, model: string, timeoutMs = 2000): Promise<{ ok: boolean; reason: string }> {
  const base = /^https?:\/\//.test(host) ? host : `http://${host}`;
  let body: unknown;
  try {
    const res = await fetch(new URL('/api/tags', base), { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { ok: false, reason: `Ollama at ${base} answered HTTP ${res.status}` };
    body = await res.json();
  } catch (e) {
    return { ok: false, reason: `no Ollama server at ${base} (${(e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message})` };
  }
  const names = ((body as { models?: { name?: string; model?: string }[] }).models ?? []).flatMap((m) => [m.name, m.model]);
  const want = model.includes(':') ? [model] : [model, `${model}:latest`];
  return names.some((n) => n && want.includes(n)) ? { ok: true, reason: '' } : { ok: false, reason: `Ollama at ${base} does not have the model ${model}` };
}

/** Every variant this machine can build, and why the others are left out. */
export async function availableVariants(o: VariantOptions): Promise<{ variants: Variant[]; skipped: Skipped[] }> {
  const variants: Variant[] = [];
  const skipped: Skipped[] = [];
  const clang = await works('clang-19', ['--version']);
  const opt = o.opt ?? '-O3';
  const o3: Variant = { id: 'O3', label: `clang-19 ${opt}`, short: opt, cc: 'clang-19', cflags: opt, env: {}, slmcc: false };
  const polly: Variant = { id: 'polly', label: `clang-19 ${opt} + Polly`, short: 'Polly', cc: 'clang-19', cflags: `${opt} ${POLLY_CFLAGS}`, env: {}, slmcc: false };
  if (clang) variants.push(o3, polly);
  else {
    skipped.push({ id: 'O3', label: o3.label, reason: 'clang-19 not found' });
    skipped.push({ id: 'polly', label: polly.label, reason: 'clang-19 not found' });
  }
  const gcc: Variant = { id: 'gcc', label: `gcc ${opt} autopar`, short: 'gcc-par', cc: 'gcc', cflags: `${opt} ${GCC_FLAGS}`, env: {}, slmcc: false };
  if (await works('gcc', ['--version'])) variants.push(gcc);
  else skipped.push({ id: 'gcc', label: gcc.label, reason: 'gcc not found' });

  const slmcc = o.slmcc ?? path.join(o.repo, 'bin', 'slmcc');
  const builtin: Variant = {
    id: 'slmcc-builtin',
    label: 'slmcc (builtin)',
    short: 'slmcc',
    cc: slmcc,
    cflags: opt,
    env: { SLMCC_PROVIDER: 'builtin', SLMCC_MODE: 'full' },
    slmcc: true,
  };
  const ollama: Variant = {
    id: 'slmcc-ollama',
    label: `slmcc (ollama ${o.model})`,
    short: 'slmcc-llm',
    cc: slmcc,
    cflags: opt,
    env: { SLMCC_PROVIDER: 'ollama', SLMCC_MODE: 'full', OLLAMA_HOST: o.ollamaHost, SLMCC_MODEL: o.model },
    slmcc: true,
  };
  const unbuilt = !o.slmcc && !fs.existsSync(path.join(o.repo, 'dist', 'main.js'));
  if (unbuilt) {
    const reason = 'slmcc is not built (run `npm run build`)';
    skipped.push({ id: builtin.id, label: builtin.label, reason }, { id: ollama.id, label: ollama.label, reason });
    return { variants, skipped };
  }
  variants.push(builtin);
  const reach = await ollamaHasModel(o.ollamaHost, o.model);
  if (reach.ok) variants.push(ollama);
  else skipped.push({ id: ollama.id, label: ollama.label, reason: reach.reason });
  return { variants, skipped };
}
