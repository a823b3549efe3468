// `slmcc --slmcc settle`: decide the functions builds left pending. A compile
// that leaves some starts it by itself, detached and at nice 19
// (pipeline/settle.ts); run by hand, it says what it does.
import { loadConfig } from '../config/index.js';
import { settlePending } from '../pipeline/index.js';

export async function runSettle(opts: { now: boolean }): Promise<number> {
  const { config } = loadConfig();
  const settled = await settlePending(config, { now: opts.now, log: (line) => process.stderr.write(`slmcc settle: ${line}\n`) });
  process.stdout.write(`${settled} source${settled === 1 ? '' : 's'} settled\n`);
  return 0;
}
