// A bound on the work the analysis of one function may do. Machine-generated
// code (a polyhedral tiler's loop bounds: min/max of floord/ceild, each a ?:
// macro) expands to expression trees that the dependence test walks once per
// loop, per scalar, per access pair: minutes of work for a function clang
// compiles in a fraction of a second. The budget counts work, not time, so
// that the same function on any machine, busy or idle, meets the same verdict
// (and the verdict may be stored); a CPU-time backstop catches work that no
// counter sees.
//
// The budget is ambient (AsyncLocalStorage) rather than a parameter of every
// analysis function: the walks it counts are deep in code shared by the
// builtin provider, the model's facts and the claim check. Code outside
// withBudget runs unbounded, as before.
import { AsyncLocalStorage } from 'node:async_hooks';

/** Why the work stopped: thrown from the step that went over, and kept on the budget. */
export class BudgetExceeded extends Error {
  constructor(readonly why: string) {
    super(why);
    this.name = 'BudgetExceeded';
  }
}

export interface BudgetLimits {
  /** Units of work: syntax nodes visited, rows of a Fourier-Motzkin step. */
  steps: number;
  /** CPU milliseconds of this process, a backstop for work no counter sees. */
  cpuMs: number;
}

/**
 * Steps: six times what the analysis of the largest hand-written kernel we
 * know needs (PolyBench's deriche, 65k; heat-3d 55k; the test corpus at most
 * 54k; the claim check of deriche's builtin candidates, its own budget, 118k), and
 * reached in about three seconds of CPU by a tiler's generated function
 * (test/fixtures/bounded/tiled_stencil.c needs 1.35M in all, ~25 s). The
 * work grows about with the square of a function's size: a hand-written
 * function of 5 KB of preprocessed text may reach it too, and keeps its
 * code as clang compiles it.
 */
export const ANALYSIS_LIMITS: BudgetLimits = { steps: 400_000, cpuMs: 10_000 };

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export class WorkBudget {
  used = 0;
  /** Set at the first step over the limit; every later step throws it again. */
  exceeded?: BudgetExceeded;
  private readonly cpuStart = cpuNow();

  constructor(
    readonly limits: BudgetLimits,
    /** What the work is, for the reason: "the analysis of kernel_jacobi". */
    readonly what: string,
  ) {}

  spend(n = 1): void {
    if (this.exceeded) throw this.exceeded;
    const before = this.used;
    this.used += n;
    if (this.used > this.limits.steps) this.trip(`more than ${this.limits.steps.toLocaleString('en')} steps`);
    // The clock is read about once per 4096 steps: it costs far more than a step.
    if (before >> 12 !== this.used >> 12 && cpuNow() - this.cpuStart > this.limits.cpuMs) this.trip(`more than ${this.limits.cpuMs / 1000} s of CPU`);
  }

  /** Whether the stop came from the CPU backstop, which a quieter machine might not reach. */
  get byClock(): boolean {
    return this.exceeded?.why.includes('CPU') ?? false;
  }

  private trip(how: string): never {
    this.exceeded = new BudgetExceeded(`${this.what} took ${how} (slmcc's budget for one function)`);
    throw this.exceeded;
  }
}

const ambient = new AsyncLocalStorage<WorkBudget>();

/** Runs `f` (and everything it awaits) under `budget`. */
export function withBudget<T>(budget: WorkBudget, f: () => T): T {
  return ambient.run(budget, f);
}

/** The budget the current work runs under, if any: a walk takes it once and spends per node. */
export function currentBudget(): WorkBudget | undefined {
  return ambient.getStore();
}

/** Spends `n` steps of the current budget, if any; throws BudgetExceeded past it. */
export function spend(n = 1): void {
  ambient.getStore()?.spend(n);
}
