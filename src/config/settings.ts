// Every setting slmcc reads, in one table: its environment variable, its key in
// the config file, how to parse it and its default. DESIGN.md lists the names
// other code and users' scripts rely on; keep the two in step.
import os from 'node:os';
import path from 'node:path';

export const MODES = ['full', 'cache-only', 'polly', 'off'] as const;
export const PROVIDERS = ['auto', 'ollama', 'builtin'] as const;
export const STRATEGIES = [
  'zero-shot',
  'few-shot',
  'chain-of-thought',
  'step-by-step',
  'react',
  'tree-of-thoughts',
] as const;
export const REPLIES = ['plan', 'code'] as const;

export type Mode = (typeof MODES)[number];
export type ProviderName = (typeof PROVIDERS)[number];
export type Strategy = (typeof STRATEGIES)[number];
export type ReplyForm = (typeof REPLIES)[number];

type Parser<T> = (raw: string) => T | { error: string };

const oneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw) =>
    (values as readonly string[]).includes(raw)
      ? (raw as T)
      : { error: `accepted: ${values.join(', ')}` };

const bool: Parser<boolean> = (raw) => {
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off', ''].includes(raw.toLowerCase())) return false;
  return { error: 'accepted: 1, 0, true, false' };
};

const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max
      ? n
      : { error: `accepted: an integer from ${min} to ${max}` };
  };

const num =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) && n >= min && n <= max
      ? n
      : { error: `accepted: a number from ${min} to ${max}` };
  };

const text: Parser<string> = (raw) => raw;

/** Sizes like 500M, 2G, 1048576. */
const size: Parser<number> = (raw) => {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgG]?)i?[bB]?$/.exec(raw.trim());
  if (!m) return { error: 'accepted: a size such as 500M or 2G' };
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * mult);
};

function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CACHE_HOME;
  return xdg ? path.join(xdg, 'slmcc') : path.join(os.homedir(), '.cache', 'slmcc');
}

interface Setting<T> {
  env: string;
  file: string;
  parse: Parser<T>;
  default: (env: NodeJS.ProcessEnv) => T;
  help: string;
}

const setting = <T>(s: Setting<T>) => s;

export const SETTINGS = {
  cc: setting({ env: 'SLMCC_CC', file: 'cc', parse: text, default: () => '', help: 'the real compiler (path or command with arguments); empty: clang-19, else clang on PATH' }),
  disable: setting({ env: 'SLMCC_DISABLE', file: 'disable', parse: bool, default: () => false, help: 'pure passthrough' }),
  mode: setting({ env: 'SLMCC_MODE', file: 'mode', parse: oneOf(MODES), default: (): Mode => 'full', help: 'full | cache-only | polly | off' }),
  provider: setting({ env: 'SLMCC_PROVIDER', file: 'provider', parse: oneOf(PROVIDERS), default: (): ProviderName => 'auto', help: 'ollama | builtin | auto' }),
  ollamaHost: setting({ env: 'OLLAMA_HOST', file: 'ollamaHost', parse: text, default: () => 'http://127.0.0.1:11434', help: 'Ollama server' }),
  model: setting({ env: 'SLMCC_MODEL', file: 'model', parse: text, default: () => 'qwen2.5-coder:1.5b', help: 'model name' }),
  strategy: setting({ env: 'SLMCC_STRATEGY', file: 'strategy', parse: oneOf(STRATEGIES), default: (): Strategy => 'few-shot', help: 'prompting strategy' }),
  reply: setting({ env: 'SLMCC_REPLY', file: 'reply', parse: oneOf(REPLIES), default: (): ReplyForm => 'plan', help: 'plan | code' }),
  cacheDir: setting({ env: 'SLMCC_CACHE_DIR', file: 'cacheDir', parse: text, default: defaultCacheDir, help: 'cache root' }),
  cacheSize: setting({ env: 'SLMCC_CACHE_SIZE', file: 'cacheSize', parse: size, default: () => 1024 ** 3, help: 'cache size limit (bytes, or 500M, 2G)' }),
  log: setting({ env: 'SLMCC_LOG', file: 'log', parse: text, default: () => '', help: 'decision log (JSON lines); empty: decisions.jsonl in the cache root' }),
  verbose: setting({ env: 'SLMCC_VERBOSE', file: 'verbose', parse: bool, default: () => false, help: 'one line per decision on stderr' }),
  threads: setting({ env: 'SLMCC_THREADS', file: 'threads', parse: int(1, 1024), default: () => os.availableParallelism(), help: 'threads the probe and the harness use' }),
  maxFunctions: setting({ env: 'SLMCC_MAX_FUNCTIONS', file: 'maxFunctions', parse: int(0, 1000), default: () => 4, help: 'hot functions considered per translation unit' }),
  modelTimeout: setting({ env: 'SLMCC_MODEL_TIMEOUT', file: 'modelTimeout', parse: num(0.1, 3600), default: () => 120, help: 'seconds per model request' }),
  modelJobs: setting({ env: 'SLMCC_MODEL_JOBS', file: 'modelJobs', parse: int(1, 64), default: () => 1, help: 'model requests in flight machine-wide' }),
  retries: setting({ env: 'SLMCC_RETRIES', file: 'retries', parse: int(0, 10), default: () => 1, help: 'feedback-driven retries after a failed check' }),
  tolerance: setting({ env: 'SLMCC_TOLERANCE', file: 'tolerance', parse: num(0, 1), default: () => 1e-9, help: 'relative tolerance for floating-point outputs' }),
  margin: setting({ env: 'SLMCC_MARGIN', file: 'margin', parse: num(0, 10), default: () => 0.1, help: 'how much faster a variant must be to be kept (0.1 = 10%)' }),
} as const;

export type SettingName = keyof typeof SETTINGS;
export type Config = { [K in SettingName]: ReturnType<(typeof SETTINGS)[K]['default']> };
