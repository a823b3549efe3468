// Whether code from a model may run here: it may only inside bubblewrap (see
// sandbox.ts). `containment()` says what sandbox.ts's once-per-process probe
// found, for a user; when the sandbox cannot be set up the verify flow refuses
// a model's candidates ("no sandbox: ...") and only the builtin provider's own
// candidates are still checked (fail closed).
import type { Candidate } from '../core/candidate.js';
import type { CandidateRecord } from '../core/decision.js';
import { forgetSandboxProbe, RUN_FILE_LIMIT, RUN_TMPFS, sandboxProbe } from './sandbox.js';

const MiB = 1024 * 1024;

export interface Containment {
  level: 'bwrap' | 'none';
  /** What is isolated (level bwrap), or why nothing is and how to fix it (level none). */
  detail: string;
}

export async function containment(): Promise<Containment> {
  const r = await sandboxProbe();
  if (r.ok) {
    const who = r.mode.dropToNobody ? ' as uid 65534 (slmcc runs as root)' : '';
    return {
      level: 'bwrap',
      detail:
        `${r.version}: runs${who} see only the toolchain (/usr and the loader's files, read-only) and write only a private ${RUN_TMPFS / MiB} MiB /tmp; ` +
        `new PID, network, IPC, UTS and user namespaces, no capabilities, no process outlives its run; limits on CPU and wall time, memory, file size (${RUN_FILE_LIMIT / MiB} MiB) and processes (OpenMP's threads plus a few); ` +
        `compiles write only their build directory, without network`,
    };
  }
  if (r.why === 'forced off') return { level: 'none', detail: 'SLMCC_SANDBOX=none (unset it to use bubblewrap)' };
  if (r.why === 'not installed') return { level: 'none', detail: 'bubblewrap (bwrap) is not installed; install it: apt-get install bubblewrap' };
  return {
    level: 'none',
    detail: `${r.version} cannot start a sandbox here (${r.error})${
      /namespace|uid map|setting up uid|Operation not permitted|Permission denied/i.test(r.error)
        ? '; unprivileged user namespaces are probably disabled: enable them (sysctl kernel.unprivileged_userns_clone=1 and user.max_user_namespaces > 0, or an AppArmor profile that lets bwrap create them)'
        : ''
    }`,
  };
}

/** Forget the probe (tests that change SLMCC_SANDBOX). */
export function resetContainment(): void {
  forgetSandboxProbe();
}

/**
 * At the start of a candidate's checks: a model's candidate is not compiled or
 * run without a sandbox. Returns true (and records the refusal) when refused.
 */
export async function refuseUncontained(c: Candidate, rec: CandidateRecord): Promise<boolean> {
  if (c.origin.provider === 'builtin') return false;
  const k = await containment();
  if (k.level === 'bwrap') return false;
  rec.checks.push({ check: 'screen', ok: false, ms: 0, detail: `no sandbox: ${k.detail}` });
  return true;
}
