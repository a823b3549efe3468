// A compile's outcome is one value per source, counted once, and every error
// slmcc swallows is counted by where it happened: both show in cache stats.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countOnce } from '../../src/cache/count-passthrough.js';
import { summarise } from '../../src/cache/index.js';
import { formatStats } from '../../src/cli/cache.js';
import { makeRecord } from '../../src/core/decision.js';
import { GIVE_UPS, kept, outcomeStat } from '../../src/core/outcome.js';
import { swallowed, takeSwallowed } from '../../src/core/swallowed.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-outcome-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('one outcome per source', () => {
  it('names its counter: placed, stored, or kept with its give-up', () => {
    expect(outcomeStat({ kind: 'placed' })).toBe('outcome:placed');
    expect(outcomeStat({ kind: 'stored' })).toBe('outcome:stored');
    for (const why of GIVE_UPS) expect(outcomeStat(kept(why, 'detail'))).toBe(`kept:${why}`);
  });

  it('shows in cache stats beside the errors swallowed on the way', async () => {
    swallowed('cache/store');
    swallowed('cache/store');
    swallowed('pipeline/provider');
    countOnce(dir, { 'outcome:placed': 2, 'kept:preprocess failed': 1, ...takeSwallowed() });
    expect(takeSwallowed()).toEqual({});
    const lines: string[] = [];
    formatStats(await summarise(dir), 1 << 30, (l) => lines.push(l));
    expect(lines).toContain('outcomes        placed 2, kept (preprocess failed) 1');
    expect(lines).toContain('swallowed       cache/store 2, pipeline/provider 1');
  });
});

describe('makeRecord', () => {
  it('fills in what every record shares and takes the verdict reason by default', () => {
    const r = makeRecord('a.c', { name: 'k', loops: [{ sourceLine: 3 }], hotness: 7 }, { key: 'K', provider: 'builtin', verdict: { kind: 'original', reason: 'slower' } });
    expect(r).toMatchObject({ version: 1, source: 'a.c', function: 'k', loopLines: [3], hotness: 7, key: 'K', candidates: [], reason: 'slower', from: 'checked', ms: 0 });
  });
});
