// Tune's timing race is a sequential test: it stops as soon as the answer
// is plain, either way, and runs every round only when the two builds are
// close. The "builds" here are two folders whose workload sleeps for a set
// time, so the answer is plain by construction and not a matter of noise.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLEAR_ROUNDS, race, type Scene } from '../../src/tune/judge.js';
import { tempDir } from '../support/driver-env.js';

function tree(seconds: number): string {
  const dir = tempDir('slmcc-race-');
  fs.writeFileSync(path.join(dir, 'work'), `#!/bin/sh\nsleep ${seconds}\n`, { mode: 0o755 });
  return dir;
}

const scene: Scene = {
  build: ['true'],
  workload: { runs: ['./work'], ignore: [], outputs: [] },
  reference: [],
  objects: [],
  env: { PATH: process.env.PATH },
  threads: 2,
  margin: 0.1,
  rounds: 5,
};

describe("tune's timing race", () => {
  it('accepts a build faster by three margins in each of its first rounds without running the rest', async () => {
    const r = await race(scene, tree(0.4), tree(0.05), true);
    expect(r.rounds).toBe(CLEAR_ROUNDS);
    expect(r.wins).toBe(CLEAR_ROUNDS);
    expect(r.stopped).toBeUndefined();
  });

  it('drops a build clearly slower after its first round', async () => {
    const r = await race(scene, tree(0.05), tree(0.4), true);
    expect(r.rounds).toBe(1);
    expect(r.stopped).toBe('slower');
  });

  it('stops a build no faster than the best once it has lost too many rounds to win 4 of 5', async () => {
    const r = await race(scene, tree(0.15), tree(0.15), true);
    expect(r.rounds).toBe(2);
    expect(r.wins).toBe(0);
    expect(r.stopped).toBe('futile');
  });

  it('runs every round for a build faster by the margin but not by three', async () => {
    const r = await race(scene, tree(0.4), tree(0.33), true);
    expect(r.rounds).toBe(5);
    expect(r.stopped).toBeUndefined();
  });

  it('stops a trial run that takes four times the reference, and kills the whole command', async () => {
    const slow = tempDir('slmcc-race-');
    // The shell runs the sleep as a child: killing the shell alone would leave it running.
    fs.writeFileSync(path.join(slow, 'work'), '#!/bin/sh\nsleep 31.25\necho done\n', { mode: 0o755 });
    const t0 = Date.now();
    const r = await race({ ...scene, reference: [{ cmd: './work', code: 0, stdout: '', stderr: '', files: {}, ms: 50 }] }, tree(0.05), slow, true);
    expect(r.stopped).toBe('slower');
    expect(r.rounds).toBe(1);
    // The floor of the limit is 10 s, far under the sleep.
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(spawnSync('pgrep', ['-f', 'sleep 31.25']).status).not.toBe(0);
  }, 30_000);

  it('runs every round when asked for a plain race (the final comparison)', async () => {
    const r = await race(scene, tree(0.4), tree(0.05));
    expect(r.rounds).toBe(5);
    expect(r.wins).toBe(5);
  });
});
