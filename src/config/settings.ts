// Every setting slmcc reads, in one table: its environment variable, its key in
// the config file, how to parse it and its default. DESIGN.md lists the names
// other code and users' scripts rely on; keep the two in step.
import os from 'node:os';
import path from 'node:path';

/** Relative tolerance for floating-point outputs unless set; a cache key names any other. */
export const DEFAULT_TOLERANCE = 1e-9;

export const MODES = ['full', 'cache-only', 'polly', 'off'] as const;
export const PROVIDERS = ['auto', 'ollama', 'openai', 'builtin'] as const;
export const STRATEGIES = ['zero-shot', 'few-shot', 'chain-of-thought', 'step-by-step', 'react', 'tree-of-thoughts'] as const;
export const REPLIES = ['plan', 'code'] as const;
/** The weakest evidence a shipped candidate may rest on (core/claim.ts EVIDENCE_LEVELS, strongest first). */
export const EVIDENCE = ['proven', 'guarded', 'tested'] as const;

export type Mode = (typeof MODES)[number];
export type ProviderName = (typeof PROVIDERS)[number];
export type Strategy = (typeof STRATEGIES)[number];
export type ReplyForm = (typeof REPLIES)[number];
export type EvidenceSetting = (typeof EVIDENCE)[number];

type Parser<T> = (raw: string) => T | { error: string };

const oneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw) =>
    (values as readonly string[]).includes(raw) ? (raw as T) : { error: `accepted: ${values.join(', ')}` };

/** How a boolean setting is spelled (in any case); an empty value in the config file reads as false. */
export const BOOL_TRUE = ['1', 'true', 'yes', 'on'] as const;
export const BOOL_FALSE = ['0', 'false', 'no', 'off'] as const;

const bool: Parser<boolean> = (raw) => {
  const word = raw.toLowerCase();
  if ((BOOL_TRUE as readonly string[]).includes(word)) return true;
  if (word === '' || (BOOL_FALSE as readonly string[]).includes(word)) return false;
  return { error: 'accepted: 1, 0, true, false' };
};

const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= min && n <= max ? n : { error: `accepted: an integer from ${min} to ${max}` };
  };

const num =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : { error: `accepted: a number from ${min} to ${max}` };
  };

const text: Parser<string> = (raw) => raw;

/** Sizes like 500M, 2G, 1048576. */
const size: Parser<number> = (raw) => {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgG]?)i?[bB]?$/.exec(raw.trim());
  if (!m) return { error: 'accepted: a size such as 500M or 2G' };
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(m[1]) * mult);
};

/** Ollama's keep_alive: a duration such as 30m, 2h, 90s, a number of seconds, or -1 (forever). */
const duration: Parser<string> = (raw) =>
  /^-?\d+(?:\.\d+)?(?:ms|s|m|h)?$/.test(raw.trim()) ? raw.trim() : { error: 'accepted: a duration such as 30m, 2h or 90s, a number of seconds, or -1 for forever' };

/** An http(s) URL (user info allowed: it becomes Basic auth). */
const httpUrl: Parser<string> = (raw) => {
  // ':11434' is the ollama CLI's shorthand for the local host.
  const withScheme = raw.includes('://') ? raw : raw.startsWith(':') ? `http://127.0.0.1${raw}` : `http://${raw}`;
  try {
    const u = new URL(withScheme);
    if (u.protocol === 'http:' || u.protocol === 'https:') return raw;
  } catch {
    /* below */
  }
  return { error: 'accepted: an http:// or https:// URL' };
};

/**
 * A remote verdict store: empty (none), redis://[user:pass@]host[:port][/db]
 * (or rediss://), or http(s)://[user:pass@]host[:port][/path] in ccache's
 * HTTP storage layout; optionally followed by |attributes: read-only,
 * bearer-token=TOKEN (http), layout=subdirs|flat (http).
 */
const remoteStorage: Parser<string> = (raw) => {
  const t = raw.trim();
  if (t === '') return '';
  const [url, ...attrs] = t.split('|');
  const bad = {
    error:
      'accepted: redis://[user:password@]host[:port][/db], rediss://..., or http(s)://host[:port][/path], optionally followed by |read-only (and for http: |bearer-token=TOKEN, |layout=subdirs or flat)',
  };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return bad;
  }
  if (!u.hostname) return bad;
  const redis = u.protocol === 'redis:' || u.protocol === 'rediss:';
  const http = u.protocol === 'http:' || u.protocol === 'https:';
  if (!redis && !http) return bad;
  if (redis && !/^\/?(\d{1,2})?$/.test(u.pathname)) return bad;
  for (const a of attrs) {
    if (['read-only', 'read-only=true', 'read-only=false'].includes(a)) continue;
    if (http && /^bearer-token=.+$/.test(a)) continue;
    if (http && /^layout=(subdirs|flat)$/.test(a)) continue;
    return bad;
  }
  return t;
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
  /** 'secret': never shown; 'url': shown without the password of its user info. */
  shown?: 'secret' | 'url';
}

const setting = <T>(s: Setting<T>) => s;

export const SETTINGS = {
  cc: setting({ env: 'SLMCC_CC', file: 'cc', parse: text, default: () => '', help: 'the real compiler (path or command with arguments); empty: clang-19, else clang on PATH' }),
  disable: setting({ env: 'SLMCC_DISABLE', file: 'disable', parse: bool, default: () => false, help: 'pure passthrough' }),
  mode: setting({ env: 'SLMCC_MODE', file: 'mode', parse: oneOf(MODES), default: (): Mode => 'full', help: 'full | cache-only | polly | off' }),
  provider: setting({
    env: 'SLMCC_PROVIDER',
    file: 'provider',
    parse: oneOf(PROVIDERS),
    default: (): ProviderName => 'auto',
    help: 'ollama | openai | builtin | auto (ollama if reachable, else builtin)',
  }),
  ollamaHost: setting({
    env: 'OLLAMA_HOST',
    file: 'ollamaHost',
    parse: httpUrl,
    default: () => 'http://127.0.0.1:11434',
    help: 'Ollama server; http://user:password@host:port sends Basic auth',
    shown: 'url',
  }),
  ollamaToken: setting({
    env: 'SLMCC_OLLAMA_TOKEN',
    file: 'ollamaToken',
    parse: text,
    default: () => '',
    help: 'bearer token sent to the Ollama server (a proxy in front of it); wins over user info in OLLAMA_HOST',
    shown: 'secret',
  }),
  numCtx: setting({
    env: 'SLMCC_NUM_CTX',
    file: 'numCtx',
    parse: int(2048, 262144),
    default: () => 8192,
    help: 'Ollama context length (tokens), one for every request of a build: a change reloads the model',
  }),
  keepAlive: setting({ env: 'SLMCC_KEEP_ALIVE', file: 'keepAlive', parse: duration, default: () => '30m', help: 'how long Ollama keeps the model loaded after a request (Ollama keep_alive)' }),
  model: setting({ env: 'SLMCC_MODEL', file: 'model', parse: text, default: () => 'qwen2.5-coder:1.5b', help: 'model name' }),
  modelRevision: setting({
    env: 'SLMCC_MODEL_REVISION',
    file: 'modelRevision',
    parse: text,
    default: () => '',
    help: "openai provider: the served model's revision (such servers give no digest); part of the cache key",
  }),
  openaiBaseUrl: setting({
    env: 'SLMCC_OPENAI_BASE_URL',
    file: 'openaiBaseUrl',
    parse: httpUrl,
    default: () => 'http://127.0.0.1:8000/v1',
    help: 'openai provider: the OpenAI-compatible endpoint (vLLM, llama.cpp server, LM Studio, Ollama /v1)',
    shown: 'url',
  }),
  openaiApiKey: setting({
    env: 'SLMCC_OPENAI_API_KEY',
    file: 'openaiApiKey',
    parse: text,
    default: (env) => env.OPENAI_API_KEY ?? '',
    help: 'openai provider: API key; default $OPENAI_API_KEY',
    shown: 'secret',
  }),
  remoteStorage: setting({
    env: 'SLMCC_REMOTE_STORAGE',
    file: 'remoteStorage',
    parse: remoteStorage,
    default: () => '',
    help: 'shared verdict store: redis://host:port[/db] or http(s)://host/path (ccache layout), optionally |read-only',
    shown: 'url',
  }),
  remoteReadOnly: setting({ env: 'SLMCC_REMOTE_READ_ONLY', file: 'remoteReadOnly', parse: bool, default: () => false, help: 'read the shared verdict store, never write it (pull-request builds)' }),
  remoteTimeout: setting({
    env: 'SLMCC_REMOTE_TIMEOUT',
    file: 'remoteTimeout',
    parse: int(10, 60000),
    default: () => 300,
    help: 'milliseconds the shared store may take to connect or answer before the build goes on without it',
  }),
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
  record: setting({ env: 'SLMCC_RECORD', file: 'record', parse: text, default: () => '', help: 'append each compile command (JSON lines) to this file; tune reads it' }),
  retryPending: setting({ env: 'SLMCC_RETRY_PENDING', file: 'retryPending', parse: bool, default: () => false, help: 'decide the functions a busy machine left pending (a quiet `make -j1` warm-up)' }),
  settle: setting({
    env: 'SLMCC_SETTLE',
    file: 'settle',
    parse: bool,
    default: () => true,
    help: 'decide the functions a build left pending in the background (`slmcc --slmcc settle`, nice 19) once the machine is quiet',
  }),
  progress: setting({ env: 'SLMCC_PROGRESS', file: 'progress', parse: bool, default: () => false, help: 'one line on stderr when a decision starts and when it ends' }),
  retries: setting({ env: 'SLMCC_RETRIES', file: 'retries', parse: int(0, 10), default: () => 1, help: 'feedback-driven retries after a failed check' }),
  tolerance: setting({
    env: 'SLMCC_TOLERANCE',
    file: 'tolerance',
    parse: num(0, 1),
    default: () => DEFAULT_TOLERANCE,
    help: 'relative tolerance for floating-point outputs (float ones at least 1e-4 under -ffast-math); 0: bit-identical outputs',
  }),
  evidence: setting({
    env: 'SLMCC_EVIDENCE',
    file: 'evidence',
    parse: oneOf(EVIDENCE),
    default: (): EvidenceSetting => 'tested',
    help: 'the weakest evidence a shipped rewrite may rest on: proven (by the dependence analysis) | guarded (a runtime check runs the original otherwise) | tested (sanitizers and differential runs only)',
  }),
  reassociate: setting({
    env: 'SLMCC_REASSOCIATE',
    file: 'reassociate',
    parse: bool,
    default: () => false,
    help: 'allow parallel reductions over floating-point values (a sum rounds differently; min/max may differ on infinities, NaN and signed zeros), as -ffast-math in the flags also does',
  }),
  margin: setting({ env: 'SLMCC_MARGIN', file: 'margin', parse: num(0, 10), default: () => 0.1, help: 'how much faster a variant must be to be kept (0.1 = 10%)' }),
} as const;

export type SettingName = keyof typeof SETTINGS;

/** A setting's value as it may be printed: secrets masked, passwords taken out of URLs. */
export function shownValue(name: SettingName, value: unknown): unknown {
  const how = (SETTINGS[name] as Setting<unknown>).shown;
  if (how === 'secret') return value === '' ? value : '***';
  if (how === 'url' && typeof value === 'string') return value.replace(/(\/\/[^/@:]*:)[^/@]*@/, '$1***@').replace(/\|bearer-token=[^|]*/, '|bearer-token=***');
  return value;
}
export type Config = { [K in SettingName]: ReturnType<(typeof SETTINGS)[K]['default']> };
