// A candidate is a claim about the original: "these loops may run in
// parallel, with these clauses". The claim check reads it in two steps: the
// shape (is the candidate the original's statements plus OpenMP directives
// and named transformations, on clang's AST of both?) and the legality of
// each directive (does the dependence test on the original's loop allow it?).
// These types are the contract between the two and verify.

/** How a verdict is known (DESIGN.md, "Evidence"), strongest first. */
export const EVIDENCE_LEVELS = ['proven', 'guarded', 'tested'] as const;
export type Evidence = (typeof EVIDENCE_LEVELS)[number];

/** One OpenMP directive of the candidate, read from clang's AST, with the original's loop it governs. */
export interface ClaimedDirective {
  /** The directive as written, lower case, without clauses: 'parallel for', 'for', 'simd', 'parallel for simd', 'parallel', 'critical', 'atomic', ... */
  kind: string;
  /** The analysis' id ("L1", "L1.2") of the original's loop this directive is attached to; absent for a non-loop directive. */
  loop?: string;
  /** Line of the directive in the candidate's text (1-based), for reasons. */
  line: number;
  private: string[];
  firstprivate: string[];
  lastprivate: string[];
  shared: string[];
  reduction: { op: string; vars: string[] }[];
  collapse?: number;
  schedule?: { kind: string; chunk?: string };
  nowait: boolean;
  /** Clauses not modelled above, by name (num_threads, if, default, ordered, proc_bind, simdlen, ...). */
  other: string[];
  /**
   * For a block directive (parallel, single, critical, master, ...): the
   * original's statements it encloses, as byte offsets [start, end) into the
   * original function's text. Absent when not known: legality then cannot
   * read the region and says 'tested' at best.
   */
  encloses?: { start: number; end: number };
}

/** A named difference between the candidate's statements and the original's, each with a legality rule. */
export type Transform =
  /** Two perfectly nested loops swapped (rectangular nest). */
  | { kind: 'interchange'; outer: string; inner: string }
  /** `if (cond) { parallel form } else { original loop }`: the original runs when the condition fails. */
  | { kind: 'guard'; loop: string; condition: string }
  /** A variable of the function declared instead inside the loop (or its for-init): private to each iteration. */
  | { kind: 'privatise'; variable: string; loop: string };

export type ShapeResult =
  | { ok: true; directives: ClaimedDirective[]; transforms: Transform[] }
  /** `reason` names the first difference ("changes the original: ..."), fit to send back to the model. */
  | { ok: false; reason: string };

export type LegalityResult =
  | { ok: true; evidence: Evidence; notes: string[] }
  /** `reason` names the directive and the dependence or rule it breaks, fit to send back to the model. */
  | { ok: false; reason: string };
