// `slmcc --slmcc status`: what slmcc processes are deciding now into this cache.
import { loadConfig } from '../config/index.js';
import { listInFlight } from '../shared/inflight.js';

export async function runStatus(): Promise<number> {
  const all = listInFlight(loadConfig().config.cacheDir);
  if (all.length === 0) {
    process.stdout.write('no decisions in flight\n');
    return 0;
  }
  for (const e of all) {
    const secs = Math.round((Date.now() - Date.parse(e.started)) / 1000);
    process.stdout.write(`${e.pid}\t${e.source}\t${e.function}\t${e.phase}\t${secs} s\n`);
  }
  return 0;
}
