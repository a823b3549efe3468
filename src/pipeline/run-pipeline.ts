import type { RewrittenUnit } from '../driver/index.js';
import type { SourceJob } from './index.js';

/** Identity for now: analysis, proposals and checks are wired in as their parts land. */
export async function runPipeline(_job: SourceJob): Promise<RewrittenUnit | undefined> {
  return undefined;
}
