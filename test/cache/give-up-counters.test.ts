// Give-ups are counted (issue 13): each reason the driver passes a call
// through, and each check that refused a candidate, is a named counter that
// `slmcc --slmcc cache stats` shows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countPassthrough } from '../../src/cache/count-passthrough.js';
import { summarise } from '../../src/cache/index.js';
import { layout } from '../../src/cache/layout.js';
import { StatCounter } from '../../src/cache/stats.js';
import { formatStats } from '../../src/cli/cache.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-giveups-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const statsLines = async (root: string): Promise<string[]> => {
  const lines: string[] = [];
  formatStats(await summarise(root), 1 << 30, (l) => lines.push(l));
  return lines;
};

describe('give-up counters', () => {
  it('counts each passthrough by its reason, even before the cache root exists', async () => {
    const root = path.join(dir, 'not-yet');
    countPassthrough(root, 'query');
    countPassthrough(root, 'unknown flag');
    countPassthrough(root, 'unknown flag');
    const s = await summarise(root);
    expect(s.stats['passthrough:unknown flag']).toBe(2);
    expect(s.stats['passthrough:query']).toBe(1);
    expect(await statsLines(root)).toContain('passed through  unknown flag 2, query 1');
  });

  it('sums passthroughs with the counters other processes append', async () => {
    const counter = new StatCounter(layout(dir));
    counter.bump('rejected:tsan');
    counter.bump('hits', 3);
    await counter.flush();
    countPassthrough(dir, 'build-system probe');
    const lines = await statsLines(dir);
    expect(lines).toContain('rejected        tsan 1');
    expect(lines).toContain('passed through  build-system probe 1');
    expect(lines.find((l) => l.startsWith('hits / misses'))).toMatch(/^hits \/ misses\s+3 \/ 0/);
  });

  it('loses the count, not the call, when the cache root cannot be written', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    expect(() => countPassthrough(path.join(file, 'cache'), 'query')).not.toThrow();
  });
});
