// Running the workload (each --run command, in a tree) and comparing what it
// produced with the reference: exit status, stdout, stderr and every --output
// file. Lines matching an --ignore pattern are skipped (timings); numbers
// agree within what their printed digits can tell apart; everything else
// must be identical.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';

export interface Workload {
  runs: string[];
  ignore: RegExp[];
  outputs: string[];
}

export interface RunOutcome {
  cmd: string;
  code: number;
  stdout: string;
  stderr: string;
  files: Record<string, string | null>;
  ms: number;
  /** Killed at the run's time limit. */
  timedOut?: boolean;
}

/** Process groups of the workload commands running now: an interrupted tune takes them down with it. */
const running = new Set<number>();

/** Kills a workload command's process group: the shell and whatever it started. */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Kills every workload command still running. */
export function killWorkloads(): void {
  for (const pgid of running) killGroup(pgid);
  running.clear();
}

/** Runs every command in `dir`, one after another; the environment is the caller's plus `env`. */
export async function runWorkload(w: Workload, dir: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 30 * 60_000): Promise<RunOutcome[]> {
  const out: RunOutcome[] = [];
  for (const cmd of w.runs) {
    for (const f of w.outputs) fs.rmSync(path.resolve(dir, f), { force: true });
    const t0 = performance.now();
    // In a process group of its own: at the time limit the whole command goes, not only the shell.
    const child = execa('sh', ['-c', cmd], { cwd: dir, env, reject: false, stdin: 'ignore', detached: true, maxBuffer: 256 << 20 });
    let timedOut = false;
    if (child.pid) running.add(child.pid);
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) killGroup(child.pid);
      else child.kill('SIGKILL');
    }, timeoutMs);
    const r = await child.finally(() => {
      clearTimeout(timer);
      if (child.pid) running.delete(child.pid);
    });
    const ms = performance.now() - t0;
    const files: Record<string, string | null> = {};
    for (const f of w.outputs) {
      try {
        files[f] = fs.readFileSync(path.resolve(dir, f), 'utf8');
      } catch {
        files[f] = null;
      }
    }
    out.push({ cmd, code: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), files, ms, ...(timedOut ? { timedOut } : {}) });
    if (timedOut) break;
  }
  return out;
}

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** Significant digits a printed number carries: `2.996498e+10` has 7. */
function digits(tok: string): number {
  const mant = tok
    .replace(/^[-+]/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return Math.max(1, mant.length);
}

/** Two printed numbers agree when they differ by at most two units in the last digit the shorter one prints. */
export function numbersAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  const sig = Math.min(digits(a), digits(b));
  const scale = Math.max(Math.abs(x), Math.abs(y));
  return Math.abs(x - y) <= 2 * scale * Math.pow(10, 1 - sig) + Number.MIN_VALUE;
}

/** The first line that differs, or undefined when the texts agree. */
export function compareText(ref: string, got: string, ignore: RegExp[]): string | undefined {
  const keep = (t: string) => t.split('\n').filter((l) => !ignore.some((re) => re.test(l)));
  const a = keep(ref);
  const b = keep(got);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const la = a[i] ?? '<missing>';
    const lb = b[i] ?? '<missing>';
    if (la === lb) continue;
    const ta = la.split(NUMBER);
    const tb = lb.split(NUMBER);
    const na = la.match(NUMBER) ?? [];
    const nb = lb.match(NUMBER) ?? [];
    if (ta.length === tb.length && ta.every((t, k) => t === tb[k]) && na.length === nb.length && na.every((n, k) => numbersAgree(n, nb[k]))) continue;
    return `expected \`${la.slice(0, 200)}\`, got \`${lb.slice(0, 200)}\``;
  }
  return undefined;
}

/** Why two workload outcomes differ (naming the command and the stream), or undefined. */
export function compareOutcomes(ref: RunOutcome[], got: RunOutcome[], ignore: RegExp[], opts: { stderr?: boolean } = {}): string | undefined {
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i];
    const g = got[i];
    if (!g) return `${r.cmd}: did not run`;
    if (r.code !== g.code) return `${r.cmd}: exit status ${g.code} instead of ${r.code}${g.stderr ? ` (${g.stderr.trim().split('\n')[0].slice(0, 200)})` : ''}`;
    const out = compareText(r.stdout, g.stdout, ignore);
    if (out) return `${r.cmd}: stdout ${out}`;
    if (opts.stderr !== false) {
      const err = compareText(r.stderr, g.stderr, ignore);
      if (err) return `${r.cmd}: stderr ${err}`;
    }
    for (const [f, text] of Object.entries(r.files)) {
      const other = g.files[f];
      if ((text === null) !== (other === null)) return `${r.cmd}: ${f} ${text === null ? 'appeared' : 'is missing'}`;
      if (text !== null && other !== null) {
        const d = compareText(text, other, ignore);
        if (d) return `${r.cmd}: ${f} ${d}`;
      }
    }
  }
  return undefined;
}
