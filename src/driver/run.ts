import { spawn } from 'node:child_process';

export type RunResult = { code: number; signal?: NodeJS.Signals };

/** Set in the real compiler's environment; seeing it on entry means the compiler led back to slmcc. */
export const ACTIVE_ENV = 'SLMCC_ACTIVE';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/**
 * Runs a command with slmcc's own stdin, stdout and stderr, so the user sees
 * the real compiler's bytes, and forwards the signals slmcc receives.
 * node:child_process rather than execa on this path: importing execa costs
 * more than a small compile does, and this runs on every compiler call.
 */
export function runInherit(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...env, [ACTIVE_ENV]: '1' } });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    for (const s of FORWARDED) process.on(s, forward);
    const done = (r: RunResult) => {
      for (const s of FORWARDED) process.off(s, forward);
      resolve(r);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      process.stderr.write(`slmcc: cannot run ${argv[0]}: ${e.message}\n`);
      done({ code: e.code === 'ENOENT' ? 127 : 126 });
    });
    child.on('exit', (code, signal) => done(signal ? { code: 128 + (signalNumber(signal) ?? 1), signal } : { code: code ?? 1 }));
  });
}

function signalNumber(sig: NodeJS.Signals): number | undefined {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15, SIGABRT: 6 } as Record<string, number>)[sig];
}

/** Ends slmcc the way the child ended: same status, or the same signal. */
export function exitLike(r: RunResult): never {
  if (r.signal) {
    for (const s of FORWARDED) process.removeAllListeners(s);
    process.kill(process.pid, r.signal);
  }
  process.exit(r.code);
}
