// What the two dependence tests (dependence.ts per subscript, system.ts over
// the whole nest) are told about the loop under test.
import type { Affine, ArrayAccess } from '../index.js';

export interface VarRange {
  min: Affine | null;
  max: Affine | null;
}

export interface DepContext {
  /** Induction variable of the loop under test and its step. */
  v: string;
  step: number;
  /** Width (max-min) of v, or null. */
  vWidth: Affine | null;
  /** Inclusive range of v itself, when known (the whole-nest test uses it). */
  vRange?: VarRange;
  /** Range of an inner loop variable as seen by one access, or undefined when it is not an inner loop variable there. */
  rangeAt: (u: string, access: ArrayAccess) => VarRange | undefined;
  /** Names whose value changes inside the loop (not usable as symbols). */
  variant: (name: string) => boolean;
}
