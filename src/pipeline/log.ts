// One line in the decision log (and, with SLMCC_VERBOSE, on stderr) per
// function per build, whether its verdict was checked now or read back.
import { logPath, type Config } from '../config/index.js';
import { appendDecision, type DecisionRecord, type Verdict } from '../verify/log.js';

export function logDecision(config: Config, source: string, stored: DecisionRecord, from: 'cache' | 'checked', ms: number): void {
  const record: DecisionRecord = { ...stored, time: new Date().toISOString(), source, from, ms: Math.round(ms) };
  appendDecision(logPath(config), record);
  if (config.verbose) process.stderr.write(`slmcc: ${source}: ${record.function}: ${describe(record.verdict)}${from === 'cache' ? ' (cached)' : ''}\n`);
}

function describe(v: Verdict): string {
  switch (v.kind) {
    case 'candidate':
      return `parallel version kept, ${v.speedup.toFixed(2)}x`;
    case 'polly':
      return `Polly kept, ${v.speedup.toFixed(2)}x`;
    default:
      return `${v.kind}: ${v.reason}`;
  }
}
