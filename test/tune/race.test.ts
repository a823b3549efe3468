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

function tree(seconds: number, then = ''): string {
  const dir = tempDir('slmcc-race-');
  fs.writeFileSync(path.join(dir, 'work'), `#!/bin/sh\nsleep ${seconds}\n${then}`, { mode: 0o755 });
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

  it('stops a build not even half a margin faster after its first round: it would have to win every round left', async () => {
    const r = await race(scene, tree(0.15), tree(0.15), true);
    expect(r.rounds).toBe(1);
    expect(r.wins).toBe(0);
    expect(r.stopped).toBe('futile');
  });

  it('stops a build faster by less than the margin once it has lost too many rounds to win 4 of 5', async () => {
    // 0.4 s against 0.3 s: about 1.3x, over half a margin of 40% and under a whole one.
    const r = await race({ ...scene, margin: 0.4 }, tree(0.4), tree(0.3), true);
    expect(r.rounds).toBe(2);
    expect(r.wins).toBe(0);
    expect(r.stopped).toBe('futile');
  });

  it("checks the trial's outputs on its first run, before the best build runs at all", async () => {
    const wrong = tree(0.05, 'echo 41\n');
    const r = await race(scene, tree(0.4), wrong, true, (got) => (got[0].stdout === '42' ? undefined : `printed ${got[0].stdout.trim()}`));
    expect(r.stopped).toBe('differ');
    expect(r.differ).toBe('printed 41');
    expect(r.rounds).toBe(0);
  });

  it('counts the run that checked the outputs as the first round', async () => {
    const right = tree(0.05, 'echo 42\n');
    const r = await race(scene, tree(0.4), right, true, (got) => (got[0].stdout === '42' ? undefined : 'wrong'));
    expect(r.stopped).toBeUndefined();
    expect(r.rounds).toBe(CLEAR_ROUNDS);
    expect(r.firstMs).toBeGreaterThan(0);
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
