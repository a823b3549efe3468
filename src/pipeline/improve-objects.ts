// After the user's compile succeeded: each source's outcome (decide-source.ts),
// placed by the driver over what the user's command wrote, and an object
// compiled here stored for the next build only once placement, and with it
// the link test, passed. Data flows one way: the pipeline decides, the driver
// places, the cache stores.
import type { Classified } from '../core/command-line.js';
import { objectPathFor } from '../driver/classify.js';
import type { Config } from '../config/index.js';
import { decideSource, type SourceOutcome } from './decide-source.js';
import { storeOutcome } from './direct-store.js';

export interface CompiledCall {
  compile: Extract<Classified, { kind: 'compile' }>;
  /** The sources worth deciding (mayHaveLoops), in command-line order. */
  sources: readonly string[];
  cc: string[];
  /** Flags tune adds to every compiler run but not to the compiler's identity. */
  tuneFlags: string[];
  ccResolved: string;
  config: Config;
  cwd: string;
  /** See SourceJob.argv. */
  argv?: readonly string[];
}

export async function improveObjects(call: CompiledCall): Promise<void> {
  const { compile: c, cc, tuneFlags, config, cwd } = call;
  const outcomes = new Map<string, SourceOutcome>();
  for (const source of call.sources) {
    const outcome = await decideSource({ source, cwd, cc, ccResolved: call.ccResolved, parsed: c.parsed, config, argv: call.argv });
    if (outcome) outcomes.set(source, outcome);
  }
  if (outcomes.size === 0) return;
  const report = (err: string | undefined) => {
    if (err && config.verbose) process.stderr.write(`slmcc: kept the original object: ${err}\n`);
  };
  const runCc = [...cc, ...tuneFlags];
  // A relinked program is no object of the direct-mode cache: nothing is stored.
  if (c.link) {
    const { relinkWithRewrites } = await import('../driver/compile-and-link.js');
    report(await relinkWithRewrites(runCc, c.parsed, outcomes, c.output, cwd));
    return;
  }
  const { placeReplacement } = await import('../driver/rewritten-compile.js');
  for (const [source, outcome] of outcomes) {
    const placed = await placeReplacement(runCc, c.parsed, outcome, objectPathFor(source, c.output), cwd);
    if (!placed.ok) report(placed.why);
    else if (outcome.kind === 'unit' && outcome.store) await storeOutcome(outcome.store, { kind: 'object', bytes: placed.object }).catch(() => {});
  }
}
