// Shared by the end-to-end suites: where slmcc is, and how to run it and
// clang-19 side by side on real files.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const SLMCC = path.join(REPO, 'bin', 'slmcc');
export const CLANG = 'clang-19';

export interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(prefix = 'slmcc-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** An environment with no config file, an empty cache and no model, unless the test says otherwise. */
export function slmccEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = tempDir('slmcc-home-');
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CACHE_HOME: path.join(home, '.cache'), XDG_CONFIG_HOME: path.join(home, '.config') };
  for (const k of Object.keys(env)) if (k.startsWith('SLMCC_')) delete env[k];
  env.SLMCC_PROVIDER = 'builtin';
  // No background settler outliving the test (pipeline/settle.ts); the tests of settling ask for it.
  env.SLMCC_SETTLE = '0';
  env.OLLAMA_HOST = 'http://127.0.0.1:9';
  return { ...env, ...extra };
}

export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): Outcome {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, input: opts.input ?? '', encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** Every file under dir (relative path → bytes), for comparing what two runs left behind. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/**
 * As run(), without blocking this process: needed when the test itself serves
 * the child (the scripted Ollama server lives in the test's event loop).
 */
export function runAsync(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
