// `slmcc --slmcc status`: what this machine's slmcc processes are deciding now.
import { listInFlight } from '../shared/inflight.js';

export async function runStatus(): Promise<number> {
  const all = listInFlight();
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
