// Keeping a busy machine from deciding anything: the fallback where the
// kernel reports no per-thread wait for a core (disturbance.ts judges from
// the runs' own threads where it does, which a sandbox cannot fool).
//
// The choice: probes are serialised machine-wide by a lock directory in the
// temp dir (two slmcc processes in a `make -j2` never time at once), AND each
// probe measures how much CPU the rest of the machine used while it ran
// (/proc/stat busy time minus the probe's own: what the harness runs report
// and what this process used spawning and reading them; counting only the
// runs left Node's share, 0.16 cores on covariance's short runs, as
// "others", and its verdict stayed undecided build after build).
// If others held more than BUSY_CORES of a core, or the paired per-round
// comparisons disagree with the medians, the probe answers "undecided": the
// original is compiled this time, nothing is stored, and a later build asks
// again. A busy machine only ever makes a parallel candidate look slower, so a
// verdict recorded then would be a verdict against the candidate that the
// candidate did not earn.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pidAlive } from '../shared/pid-alive.js';

/** Cores' worth of CPU that others may use during a probe before it is called off. */
export const BUSY_CORES = 0.35;

export interface CpuSample {
  busyTicks: number;
  at: number;
}

const HZ = 100;

export function sampleCpu(): CpuSample | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal
    const busy = f[0] + f[1] + f[2] + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
    return { busyTicks: busy, at: performance.now() };
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds used by this process (`self`) and by its reaped children
 * (`children`, each counting its own reaped children), from /proc/self/stat.
 * A sandboxed harness run is not among the children: bwrap's PID namespace
 * does not hand its CPU time up. Undefined where there is no /proc.
 */
export function selfCpuMs(): { self: number; children: number } | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // The command name, in parentheses, may hold spaces: fields count from after it.
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return { self: ((f[11] + f[12]) * 1000) / HZ, children: ((f[13] + f[14]) * 1000) / HZ };
  } catch {
    return undefined;
  }
}

/**
 * The probe's own CPU between two samples: this process (Node spawning and
 * reading the runs) plus the runs, as they reported it or, where more,
 * as the children's accounting has it (an unsandboxed run: start-up and exit too).
 */
export function ownCpuMs(a: ReturnType<typeof selfCpuMs>, b: ReturnType<typeof selfCpuMs>, reportedMs: number): number {
  if (!a || !b) return reportedMs;
  return b.self - a.self + Math.max(reportedMs, b.children - a.children);
}

/** Cores' worth of CPU used by everything except `ownCpuMs` between two samples. */
export function foreignCores(a: CpuSample, b: CpuSample, ownCpuMs: number): number {
  const wall = (b.at - a.at) / 1000;
  if (wall <= 0) return 0;
  const busy = (b.busyTicks - a.busyTicks) / HZ;
  return Math.max(0, (busy - ownCpuMs / 1000) / wall);
}

export function loadAverage(): number {
  return os.loadavg()[0];
}

const LOCK = path.join(os.tmpdir(), 'slmcc-probe.lock');

/** Take the machine-wide probe lock, waiting up to `waitMs`; the release function, or undefined. */
export async function acquireProbeLock(waitMs: number, lockPath = LOCK): Promise<(() => void) | undefined> {
  const deadline = performance.now() + waitMs;
  for (;;) {
    try {
      fs.mkdirSync(lockPath);
      fs.writeFileSync(path.join(lockPath, 'owner'), String(process.pid));
      return () => {
        try {
          fs.rmSync(lockPath, { recursive: true, force: true });
        } catch {
          /* gone already */
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      breakIfStale(lockPath);
    }
    if (performance.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
}

function breakIfStale(lockPath: string): void {
  try {
    const st = fs.statSync(lockPath);
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(lockPath, 'owner'), 'utf8'));
    } catch {
      /* being written: judge by age alone */
    }
    const old = Date.now() - st.mtimeMs > 5 * 60_000;
    const ownerless = Number.isNaN(owner) && Date.now() - st.mtimeMs > 5_000;
    if (old || ownerless || (!Number.isNaN(owner) && !pidAlive(owner))) fs.rmSync(lockPath, { recursive: true, force: true });
  } catch {
    /* someone else broke it */
  }
}
