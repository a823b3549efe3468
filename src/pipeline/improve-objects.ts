// After the user's compile succeeded: each source's outcome (decide-source.ts),
// placed by the driver over what the user's command wrote, and an object
// compiled here stored for the next build only once placement, and with it
// the link test, passed. Data flows one way: the pipeline decides, the driver
// places, the cache stores.
import type { Classified } from '../core/command-line.js';
import { objectPathFor, placeReplacement, relinkWithRewrites, type Replacement } from '../driver/index.js';
import type { Config } from '../config/index.js';
import { kept, type Kept, type Outcome } from '../core/outcome.js';
import { decideSource, type SourceOutcome } from './decide-source.js';
import { storeOutcome } from './direct-store.js';
import { swallowed } from '../core/swallowed.js';

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

/** What became of each source decided: the replacement placed, or the user's object kept, and why. */
export async function improveObjects(call: CompiledCall): Promise<Map<string, Outcome>> {
  const { compile: c, cc, tuneFlags, config, cwd } = call;
  const ends = new Map<string, Outcome>();
  const replacements = new Map<string, Exclude<SourceOutcome, Kept>>();
  for (const source of call.sources) {
    const outcome = await decideSource({ source, cwd, cc, ccResolved: call.ccResolved, parsed: c.parsed, config, argv: call.argv });
    if (outcome.kind === 'kept') ends.set(source, outcome);
    else replacements.set(source, outcome);
  }
  if (replacements.size === 0) return ends;
  const report = (err: string | undefined) => {
    if (err && config.verbose) process.stderr.write(`slmcc: kept the original object: ${err}\n`);
  };
  const done = (rep: Replacement): Outcome => ({ kind: rep.kind === 'object' ? 'stored' : 'placed' });
  const runCc = [...cc, ...tuneFlags];
  // A relinked program is no object of the direct-mode cache: nothing is stored.
  if (c.link) {
    const err = await relinkWithRewrites(runCc, c.parsed, replacements, c.output, cwd);
    report(err);
    for (const [source, rep] of replacements) ends.set(source, err === undefined ? done(rep) : kept('relink refused', err));
    return ends;
  }
  for (const [source, rep] of replacements) {
    const placed = await placeReplacement(runCc, c.parsed, rep, objectPathFor(source, c.output), cwd);
    if (!placed.ok) report(placed.why);
    else if (rep.kind === 'unit' && rep.store) await storeOutcome(rep.store, { kind: 'object', bytes: placed.object }).catch((e) => swallowed('pipeline/improve-objects', e));
    ends.set(source, placed.ok ? done(rep) : kept('placement refused', placed.why));
  }
  return ends;
}
