import type { Config } from '../config/index.js';

export type ProviderChoice =
  | { kind: 'builtin'; note?: string }
  | { kind: 'ollama'; digest: string }
  | { kind: 'polly' }
  /** Ollama was asked for by name and is not there: nothing is decided, the build goes on. */
  | { kind: 'unavailable'; reason: string };

/** Settles the provider for this build from SLMCC_MODE and SLMCC_PROVIDER. */
export async function chooseProvider(config: Config): Promise<ProviderChoice> {
  if (config.mode === 'polly') return { kind: 'polly' };
  if (config.provider === 'builtin') return { kind: 'builtin' };
  const { checkOllama } = await import('../propose/check.js');
  const r = await checkOllama(config);
  if (r.ok) return { kind: 'ollama', digest: r.digest };
  if (config.provider === 'ollama') return { kind: 'unavailable', reason: `SLMCC_PROVIDER=ollama but ${r.reason}` };
  return { kind: 'builtin', note: r.reason };
}

/** The provider's part of a cache key: what makes its verdicts differ from another's. */
export function keyProviderFor(config: Config, provider: Exclude<ProviderChoice, { kind: 'unavailable' }>) {
  if (provider.kind === 'ollama') return { name: 'ollama', model: config.model, digest: provider.digest, strategy: config.strategy, reply: config.reply };
  return { name: provider.kind };
}
