import type { Config } from '../config/index.js';

export type ProviderChoice =
  | { kind: 'builtin'; note?: string }
  | { kind: 'ollama'; digest: string }
  /** An OpenAI-compatible server: no digest, so SLMCC_MODEL_REVISION stands for one. */
  | { kind: 'openai'; revision: string }
  | { kind: 'polly' }
  /** The model's server was asked for by name and is not there: nothing is decided, the build goes on. */
  | { kind: 'unavailable'; reason: string };

/** A provider that asks a model, through one session per function. */
export type ModelProvider = Extract<ProviderChoice, { kind: 'ollama' | 'openai' }>;

export const asksModel = (p: ProviderChoice): p is ModelProvider => p.kind === 'ollama' || p.kind === 'openai';

/** Settles the provider for this build from SLMCC_MODE and SLMCC_PROVIDER. */
export async function chooseProvider(config: Config): Promise<ProviderChoice> {
  if (config.mode === 'polly') return { kind: 'polly' };
  if (config.provider === 'builtin') return { kind: 'builtin' };
  if (config.provider === 'openai') {
    const { checkOpenAI } = await import('../propose/check.js');
    const r = await checkOpenAI(config);
    if (r.ok) return { kind: 'openai', revision: r.revision };
    return { kind: 'unavailable', reason: `SLMCC_PROVIDER=openai but ${r.reason}` };
  }
  const { checkOllama } = await import('../propose/check.js');
  const r = await checkOllama(config);
  if (r.ok) return { kind: 'ollama', digest: r.digest };
  if (config.provider === 'ollama') return { kind: 'unavailable', reason: `SLMCC_PROVIDER=ollama but ${r.reason}` };
  return { kind: 'builtin', note: r.reason };
}

/** The provider's part of a cache key: what makes its verdicts differ from another's. */
export function keyProviderFor(config: Config, provider: Exclude<ProviderChoice, { kind: 'unavailable' }>) {
  if (provider.kind === 'ollama') return { name: 'ollama', model: config.model, digest: provider.digest, strategy: config.strategy, reply: config.reply };
  // An unset revision is a revision too (''): verdicts then outlive a model update on the server.
  if (provider.kind === 'openai') return { name: 'openai', model: config.model, digest: `revision:${provider.revision}`, strategy: config.strategy, reply: config.reply };
  return { name: provider.kind };
}
