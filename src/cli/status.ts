// `slmcc --slmcc status`: what slmcc processes are deciding now into this
// cache, and what waits to be settled in the background.
import { listWork } from '../cache/index.js';
import { loadConfig } from '../config/index.js';
import { settlerRunning } from '../pipeline/index.js';
import { listInFlight } from '../shared/inflight.js';

export async function runStatus(): Promise<number> {
  const { cacheDir } = loadConfig().config;
  const all = listInFlight(cacheDir);
  if (all.length === 0) process.stdout.write('no decisions in flight\n');
  for (const e of all) {
    const secs = Math.round((Date.now() - Date.parse(e.started)) / 1000);
    process.stdout.write(`${e.pid}\t${e.source}\t${e.function}\t${e.phase}\t${secs} s\n`);
  }
  const waiting = listWork(cacheDir);
  const settler = settlerRunning(cacheDir);
  if (waiting.length === 0) {
    process.stdout.write('nothing pending\n');
    return 0;
  }
  process.stdout.write(`pending, to be settled in the background once the machine is quiet${settler ? ` (settler running, pid ${settler})` : ''}:\n`);
  for (const w of waiting) for (const reason of w.reasons) process.stdout.write(`${w.source}\t${reason}\tsince ${w.since}\n`);
  return 0;
}
