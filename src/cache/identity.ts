// The real compiler's identity for cache keys: its resolved path and its
// `--version` output. Running `--version` costs a process per call, so the
// answer is remembered on disk per resolved path, mtime, size and inode.
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../core/path-lookup.js';

import { sha256 } from './format.js';
import { layout } from './layout.js';
import { writeAtomic } from '../core/atomic-write.js';
import { readText } from './fsutil.js';
import { swallowed } from '../core/swallowed.js';
import { z } from 'zod';
import { readJsonAs } from '../core/read-json.js';

const Memo = z.object({ real: z.string(), args: z.array(z.string()), mtimeMs: z.number(), size: z.number(), ino: z.number(), identity: z.string() });
type Memo = z.infer<typeof Memo>;

const inProcess = new Map<string, string>();

async function runVersion(cc: string[]): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(cc[0], [...cc.slice(1), '--version'], { timeout: 30_000, maxBuffer: 1 << 20, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) =>
      err ? reject(err) : resolve(stdout + stderr),
    );
  });
}

/**
 * `path=<real path>\nargs=<wrapper args>\n<--version output>`.
 * Rejects when the compiler cannot be found or run.
 */
export async function compilerIdentity(cc: string[], cacheDir: string): Promise<string> {
  if (cc.length === 0 || !cc[0]) throw new Error('slmcc: no compiler command');
  const resolved = findOnPath(cc[0]);
  if (!resolved) throw new Error(`slmcc: compiler not found: ${cc[0]}`);
  const real = fs.realpathSync(resolved);
  const st = fs.statSync(real);
  const args = cc.slice(1);
  const memoKey = sha256(JSON.stringify([real, args]));
  const stamp = `${memoKey}:${st.mtimeMs}:${st.size}:${st.ino}`;
  const hot = inProcess.get(stamp);
  if (hot) return hot;

  const memoFile = path.join(layout(cacheDir).identity, `${memoKey}.json`);
  const text = await readText(memoFile);
  if (text) {
    try {
      const m = readJsonAs(Memo, text);
      if (m && m.real === real && m.mtimeMs === st.mtimeMs && m.size === st.size && m.ino === st.ino) {
        inProcess.set(stamp, m.identity);
        return m.identity;
      }
    } catch (e) {
      swallowed('cache/identity', e);
      // a torn memo is rewritten below
    }
  }
  const identity = `path=${real}\nargs=${args.join(' ')}\n${await runVersion([resolved, ...args])}`;
  const memo: Memo = { real, args, mtimeMs: st.mtimeMs, size: st.size, ino: st.ino, identity };
  await writeAtomic(memoFile, JSON.stringify(memo)).catch((e) => swallowed('cache/identity', e));
  inProcess.set(stamp, identity);
  return identity;
}
