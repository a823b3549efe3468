// `slmcc cache ...`: look at, empty, move and fill the decision cache.
import type { Config } from '../config/index.js';
import { internalErrorLog, lastInternalError } from '../core/internal-errors.js';
import { clearCache, exportCache, importCache, resetStats, summarise, type CacheSummary } from '../cache/index.js';

const USAGE = `usage: slmcc cache <command>
  stats [--zero] [--json]   counters and store size (--zero resets the counters)
  clear                     remove every entry (counters stay)
  path                      print the cache directory
  export FILE               write every entry to one archive (gzip'd JSON lines)
  import FILE               add an archive's entries (checksums and format version checked)
  warm [make args...]       run make with CC=slmcc, SLMCC_MODE=full and SLMCC_RETRY_PENDING=1 (progress on stderr), then print what it added`;

type Out = (line: string) => void;

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${n.toFixed(1)} ${units[u]}`;
}

const seconds = (ms: number) => (ms >= 100_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`);

/** Counters as lines for humans. */
export function formatStats(s: CacheSummary, limit: number, out: Out): void {
  const c = (k: string) => s.stats[k] ?? 0;
  const lookups = c('hits') + c('misses');
  const rate = lookups ? ` (${((100 * c('hits')) / lookups).toFixed(1)}% hits)` : '';
  out(`cache dir       ${s.dir}`);
  out(`entries         ${s.entries} (${formatBytes(s.bytes)} of ${formatBytes(limit)})`);
  out(`objects         ${s.objects} (compiles served whole, without -E: ${c('objectHits')})`);
  out(`hits / misses   ${c('hits')} / ${c('misses')}${rate}`);
  out(`model requests  ${c('modelRequests')}`);
  out(`verdicts        accepted ${c('accepted')}, polly ${c('polly')}, original ${c('original')}, unverifiable ${c('unverifiable')}, undecided ${c('undecided')}`);
  const rejected = Object.entries(s.stats)
    .filter(([k, v]) => k.startsWith('rejected:') && v)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k.slice('rejected:'.length)} ${v}`);
  if (rejected.length) out(`rejected        ${rejected.join(', ')}`);
  const passed = Object.entries(s.stats)
    .filter(([k, v]) => k.startsWith('passthrough:') && v)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k.slice('passthrough:'.length)} ${v}`);
  if (passed.length) out(`passed through  ${passed.join(', ')}`);
  const byPrefix = (prefix: string) =>
    Object.entries(s.stats)
      .filter(([k, v]) => k.startsWith(prefix) && v)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k.slice(prefix.length)} ${v}`);
  const outcomes = [...byPrefix('outcome:'), ...byPrefix('kept:').map((k) => `kept (${k.replace(/ (\d+)$/, ') $1')}`)];
  if (outcomes.length) out(`outcomes        ${outcomes.join(', ')}`);
  const internal = byPrefix('internal:');
  if (internal.length) out(`swallowed       ${internal.join(', ')}`);
  const lastError = c('kept:internal error') ? lastInternalError(s.dir) : undefined;
  if (lastError) out(`internal errors ${internalErrorLog(s.dir)}, the last: ${lastError}`);
  out(`time saved      ${seconds(c('msSaved'))}`);
  const remote = ['remoteHits', 'remoteMisses', 'remoteStores', 'remoteCorrupt', 'remoteErrors'].filter((k) => c(k));
  if (remote.length) out(`shared store    hits ${c('remoteHits')}, misses ${c('remoteMisses')}, stores ${c('remoteStores')}, refused ${c('remoteCorrupt')}, errors ${c('remoteErrors')}`);
  const house = ['waits', 'staleLocks', 'lockTimeouts', 'corrupt', 'evicted'].filter((k) => c(k));
  if (house.length) out(`housekeeping    ${house.map((k) => `${k} ${c(k)}`).join(', ')}`);
}

function diff(after: CacheSummary, before: CacheSummary): CacheSummary {
  const stats: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.stats)) {
    const d = v - (before.stats[k] ?? 0);
    if (d) stats[k] = d;
  }
  return { ...after, stats };
}

async function warm(args: string[], config: Config, out: Out): Promise<number> {
  const before = await summarise(config.cacheDir);
  const slmcc = process.env.SLMCC_SELF || 'slmcc';
  const { spawn } = await import('node:child_process');
  const code = await new Promise<number>((resolve) => {
    const child = spawn('make', [`CC=${slmcc}`, ...args], {
      stdio: 'inherit',
      // A warm-up is the quiet build that settles what busy builds left pending.
      env: { ...process.env, CC: slmcc, SLMCC_MODE: 'full', SLMCC_RETRY_PENDING: '1', SLMCC_PROGRESS: '1', SLMCC_CACHE_DIR: config.cacheDir },
    });
    child.on('error', (e) => {
      process.stderr.write(`slmcc cache warm: cannot run make: ${e.message}\n`);
      resolve(127);
    });
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  });
  const after = await summarise(config.cacheDir);
  const d = diff(after, before);
  out(`warm: make exited ${code}; ${after.entries - before.entries} new entries`);
  formatStats(d, config.cacheSize, out);
  return code;
}

export async function runCacheCommand(argv: string[], config: Config): Promise<number> {
  const out: Out = (line) => process.stdout.write(line + '\n');
  const fail = (msg: string, code = 2) => {
    process.stderr.write(msg + '\n');
    return code;
  };
  const [cmd, ...rest] = argv[0] === 'cache' ? argv.slice(1) : argv;
  try {
    switch (cmd) {
      case 'stats': {
        const bad = rest.filter((a) => a !== '--zero' && a !== '--json');
        if (bad.length) return fail(`slmcc cache stats: unknown argument ${bad[0]}\n${USAGE}`);
        if (rest.includes('--zero')) {
          await resetStats(config.cacheDir);
          out('statistics zeroed');
          return 0;
        }
        const s = await summarise(config.cacheDir);
        if (rest.includes('--json')) out(JSON.stringify({ ...s, limit: config.cacheSize }));
        else formatStats(s, config.cacheSize, out);
        return 0;
      }
      case 'clear': {
        if (rest.length) return fail(`slmcc cache clear: takes no arguments\n${USAGE}`);
        const n = await clearCache(config.cacheDir);
        out(`removed ${n} entries from ${config.cacheDir}`);
        return 0;
      }
      case 'path':
        out(config.cacheDir);
        return 0;
      case 'export': {
        if (rest.length !== 1) return fail(`slmcc cache export: needs one FILE\n${USAGE}`);
        const r = await exportCache(config.cacheDir, rest[0]);
        out(`exported ${r.exported} entries to ${rest[0]} (${formatBytes(r.bytes)})${r.corrupt ? `; left out ${r.corrupt} corrupt` : ''}`);
        return 0;
      }
      case 'import': {
        if (rest.length !== 1) return fail(`slmcc cache import: needs one FILE\n${USAGE}`);
        const r = await importCache(config.cacheDir, rest[0], config.cacheSize);
        const refused = r.wrongVersion + r.badChecksum + r.malformed;
        out(
          `imported ${r.imported} entries into ${config.cacheDir}` +
            (r.present ? `, ${r.present} already present` : '') +
            (refused ? `; refused ${refused} (${r.wrongVersion} other format version, ${r.badChecksum} bad checksum, ${r.malformed} malformed)` : ''),
        );
        return 0;
      }
      case 'warm':
        return await warm(rest, config, out);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        out(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        return fail(`slmcc cache: unknown command ${cmd}\n${USAGE}`);
    }
  } catch (e) {
    return fail(`slmcc cache ${cmd}: ${(e as Error).message}`, 1);
  }
}
