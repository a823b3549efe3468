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
  const { checkOllama } = await import('../propose/index.js');
  const r = await checkOllama(config);
  if (r.ok) return { kind: 'ollama', digest: r.digest };
  if (config.provider === 'ollama') return { kind: 'unavailable', reason: `SLMCC_PROVIDER=ollama but ${r.reason}` };
  return { kind: 'builtin', note: r.reason };
}
