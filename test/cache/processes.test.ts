// Single flight across real processes: `make -j` compiling one function in
// several slmcc processes at once must ask (and check) only once.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyN, tempDir } from '../support/cache-helpers.js';

const repo = path.resolve(__dirname, '..', '..');
// Inside the repo so the children resolve node_modules (lru-cache) like dist/ does.
const build = path.join(repo, 'node_modules', '.cache', `slmcc-cache-test-${process.pid}`);

beforeAll(async () => {
  // Only the cache and what it imports: the test does not depend on the rest
  // of the project compiling, nor on a dist/ that other work may be rewriting.
  await promisify(execFile)(
    process.execPath,
    [
      path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'),
      '--outDir',
      build,
      '--rootDir',
      path.join(repo, 'src'),
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--strict',
      '--skipLibCheck',
      '--types',
      'node',
      path.join(repo, 'src', 'cache', 'index.ts'),
    ],
    { cwd: repo },
  );
});

afterAll(() => fs.rmSync(build, { recursive: true, force: true }));

const child = `
import fs from 'node:fs';
const [indexUrl, dir, key, startAt, runsFile] = process.argv.slice(2);
const { openCache, VERDICT_FORMAT_VERSION } = await import(indexUrl);
const cache = openCache({ cacheDir: dir, cacheSize: 1 << 30 });
while (Date.now() < Number(startAt)) {}
const verdict = { kind: 'polly', speedup: 2.5 };
const entry = await cache.singleFlight(key, async () => {
  fs.appendFileSync(runsFile, process.pid + '\\n');
  await new Promise((r) => setTimeout(r, 800)); // a model request and the checks
  return { key, formatVersion: VERDICT_FORMAT_VERSION, verdict, record: { version: 1, key, verdict, candidates: [] } };
});
await cache.flush();
process.stdout.write(JSON.stringify(entry?.verdict ?? null));
`;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, args);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('single flight across processes', () => {
  it('six processes asking for one key into an empty cache: the work runs once, all get its verdict', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'child.mjs');
    fs.writeFileSync(script, child);
    const runs = path.join(dir, 'runs');
    const key = keyN(900);
    const index = pathToFileURL(path.join(build, 'cache', 'index.js')).href;
    // Node start-up on a busy 2-core machine varies; start them all together.
    const startAt = String(Date.now() + 1500);
    const results = await Promise.all(Array.from({ length: 6 }, () => run([script, index, path.join(dir, 'cache'), key, startAt, runs])));
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ kind: 'polly', speedup: 2.5 });
    }
    expect(fs.readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(path.join(dir, 'cache', 'locks'))).toEqual([]);
    const { summarise } = await import(index);
    expect((await summarise(path.join(dir, 'cache'))).stats).toMatchObject({ stores: 1 });
  });

  it('a holder killed mid-work does not block the others', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'child.mjs');
    fs.writeFileSync(script, child);
    const runs = path.join(dir, 'runs');
    const key = keyN(901);
    const index = pathToFileURL(path.join(build, 'cache', 'index.js')).href;
    const holder = spawn(process.execPath, [script, index, path.join(dir, 'cache'), key, '0', runs]);
    // Wait until it holds the lock and runs the work, then kill it hard.
    while (!fs.existsSync(runs)) await new Promise((r) => setTimeout(r, 20));
    holder.kill('SIGKILL');
    await new Promise((r) => holder.on('exit', r));
    expect(fs.readdirSync(path.join(dir, 'cache', 'locks'))).toHaveLength(1);
    const t0 = Date.now();
    const r = await run([script, index, path.join(dir, 'cache'), key, '0', runs]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ kind: 'polly', speedup: 2.5 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(fs.readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it("runs the compiler's --version once, not once per process", async () => {
    const dir = tempDir();
    const runs = path.join(dir, 'version-runs');
    const cc = path.join(dir, 'fakecc');
    fs.writeFileSync(cc, `#!/bin/sh\necho run >> ${runs}\necho "fake clang version 19"\n`, { mode: 0o755 });
    const script = path.join(dir, 'identity.mjs');
    fs.writeFileSync(script, `const { compilerIdentity } = await import(process.argv[2]);\nprocess.stdout.write(await compilerIdentity([process.argv[3]], process.argv[4]));\n`);
    const index = pathToFileURL(path.join(build, 'cache', 'index.js')).href;
    const a = await run([script, index, cc, path.join(dir, 'cache')]);
    const b = await run([script, index, cc, path.join(dir, 'cache')]);
    expect(a.stdout).toContain('fake clang version 19');
    expect(b.stdout).toBe(a.stdout);
    expect(fs.readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(1);
  });
  it('eight processes meeting an empty cache in a parallel make all write down the generation it ends with', async () => {
    const dir = tempDir();
    const script = path.join(dir, 'generation.mjs');
    fs.writeFileSync(
      script,
      `const { currentGeneration } = await import(process.argv[2]);\nwhile (Date.now() < Number(process.argv[4])) {}\nprocess.stdout.write(currentGeneration(process.argv[3]).hash);\n`,
    );
    const index = pathToFileURL(path.join(build, 'cache', 'index.js')).href;
    for (let round = 0; round < 3; round++) {
      const cache = path.join(dir, `cache-${round}`);
      const startAt = String(Date.now() + 1500);
      const results = await Promise.all(Array.from({ length: 8 }, () => run([script, index, cache, startAt])));
      const { createHash } = await import('node:crypto');
      const final = createHash('sha256')
        .update(fs.readFileSync(path.join(cache, 'sources', 'generation')))
        .digest('hex');
      for (const r of results) expect(r.stdout, r.stderr).toBe(final);
      expect(fs.readdirSync(path.join(cache, 'sources'))).toEqual(['generation']);
    }
  });
});
