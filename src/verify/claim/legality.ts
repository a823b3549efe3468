// Each directive of a candidate is a claim about the original's loop it
// governs: "these iterations may run at once, with these clauses". The
// dependence test on the original judges the claim. A dependence it proves
// refuses the candidate, with the dependence in words for the model; what it
// cannot decide (unknown callees, aliasing, subscripts it cannot read) is left
// to the runs and recorded as 'tested'; an overlap the shipped code checks at
// run time is 'guarded'.
import { allLoops, field, forHeader, walk, type FunctionInfo, type Loop, type SyntaxNode, type TranslationUnit } from '../../analysis/index.js';
import {
  fnContext,
  overlapCheck,
  PURE_LIBRARY,
  liveAfter,
  numericKind,
  safeTest,
  workTest,
  writtenBeforeRead,
  type FnContext,
  type LoopVerdict,
  type Proof,
  type SymbolicDistance,
} from '../../analysis/dependence/index.js';
import type { ClaimedDirective, Evidence, LegalityResult, Transform } from '../../core/claim.js';

export interface LegalityOptions {
  /** The user lets floating-point arithmetic be reassociated (config/reassociation.ts). */
  reassociate: boolean;
}

export interface Claim {
  directives: ClaimedDirective[];
  transforms: Transform[];
}

type Judgement = { ok: false; reason: string } | { ok: true; evidence: Evidence; note: string };

const RANK: Record<Evidence, number> = { proven: 0, guarded: 1, tested: 2 };

/** Directives whose iterations may run at once (or in SIMD lanes). */
function isLoopKind(kind: string): boolean {
  return /\b(for|simd|loop|taskloop|distribute)\b/.test(kind);
}

/** Directives that order or protect what threads do; their effect the test does not model. */
const SYNCHRONISING = /\b(critical|atomic|ordered)\b/;

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const iterations = (n: number) => (n === 1 ? 'one iteration' : `${WORDS[n] ?? n} iterations`);

/** A proven dependence in words: who writes, who reads, how many iterations apart. */
function phrase(p: Proof): string {
  const m = p.meeting;
  if (!m) return p.reason;
  const as = (x: string) => (x === m.write ? '' : ` as ${x}`);
  if (m.later === 'any') return m.otherWrites ? `every iteration writes ${m.write}` : `${m.write} written in one iteration is read${as(m.other)} by every other iteration`;
  const n = Math.abs(m.later);
  if (m.later > 0)
    return m.otherWrites
      ? `${m.write} written in one iteration is written again${as(m.other)} ${iterations(n)} later`
      : `${m.write} written in one iteration is read${as(m.other)} ${iterations(n)} later`;
  return m.otherWrites
    ? `${m.other} written in one iteration is written again${m.other === m.write ? '' : ` as ${m.write}`} ${iterations(n)} later`
    : `${m.other} read in one iteration is overwritten${m.other === m.write ? '' : ` as ${m.write}`} ${iterations(n)} later`;
}

function symbolicPhrase(s: SymbolicDistance): string {
  const d = s.distance
    .replace(/\(long\)/g, '')
    .replace(/^\((.*)\)$/, '$1')
    .replace(/\s*\+\s*0L$/, '')
    .replace(/(\d+)L\b/g, '$1');
  const what = s.otherWrites ? `${s.write} and ${s.other} write the same element` : `${s.write} written in one iteration is read as ${s.other}`;
  return `${what} ${d} iterations later: parallel only when |${d}| >= the trip count, which no runtime guard checks`;
}

function mentions(node: SyntaxNode | null, name: string): boolean {
  if (!node) return false;
  for (const n of walk(node)) if (n.type === 'identifier' && n.text === name) return true;
  return false;
}

/** Is `inner` the loop `outer` or inside it? */
const within = (inner: Loop, outer: Loop) => inner.start >= outer.start && inner.end <= outer.end;

/** The n loops a collapse(n) governs, or why they cannot be collapsed. */
function collapsedNest(l: Loop, n: number): Loop[] | string {
  const nest = [l];
  for (let k = 1; k < n; k++) {
    const cur = nest[k - 1];
    if (!cur.perfectChild || cur.children.length !== 1)
      return `the loop at line ${cur.sourceLine} does not hold exactly one loop and nothing else, so collapse(${n}) has no perfect nest of ${n} loops`;
    nest.push(cur.children[0]);
  }
  for (let a = 0; a < nest.length; a++)
    for (let b = a + 1; b < nest.length; b++) {
      const outer = nest[a];
      const inner = nest[b];
      const r = inner.range;
      if (!outer.inductionVar || !inner.inductionVar || !r?.min || !r.max) return `the bounds of the loop at line ${inner.sourceLine} are not known to be rectangular, which collapse(${n}) needs`;
      const names = [...Object.keys(r.min.terms), ...Object.keys(r.max.terms)].flatMap((k) => k.split('*'));
      if (names.includes(outer.inductionVar))
        return `the loop at line ${inner.sourceLine} is not rectangular: its bounds follow ${outer.inductionVar}, so collapse(${n}) hands rows of different lengths to threads as one iteration space`;
    }
  return nest;
}

interface Needs {
  private: Set<string>;
  lastprivate: Set<string>;
  /** Variable to operator ('-' counted as '+'). */
  reduction: Map<string, string>;
  floating: Set<string>;
}

function needsOf(verdicts: LoopVerdict[], loopVars: Set<string>): Needs {
  const n: Needs = { private: new Set(), lastprivate: new Set(), reduction: new Map(), floating: new Set() };
  for (const v of verdicts) {
    for (const x of v.private) if (!loopVars.has(x)) n.private.add(x);
    for (const x of v.lastprivate) n.lastprivate.add(x);
    for (const r of v.reductions) for (const x of r.vars) n.reduction.set(x, r.op);
    for (const x of v.floating) n.floating.add(x);
  }
  for (const x of n.lastprivate) n.private.delete(x);
  for (const x of n.reduction.keys()) n.private.delete(x);
  return n;
}

const normOp = (op: string) => (op === '-' ? '+' : op);

class Judge {
  private readonly loops: Loop[];
  private readonly sync: boolean;
  constructor(
    private readonly tu: TranslationUnit,
    private readonly ctx: FnContext,
    private readonly claim: Claim,
    private readonly opts: LegalityOptions,
  ) {
    this.loops = allLoops(ctx.fn.loops);
    this.sync = claim.directives.some((d) => SYNCHRONISING.test(d.kind));
  }

  directive(d: ClaimedDirective): Judgement {
    const kind = d.kind.trim().replace(/\s+/g, ' ').toLowerCase();
    if (isLoopKind(kind)) return this.loopDirective(d, kind);
    if (kind === 'parallel') return this.region(d);
    return { ok: true, evidence: 'tested', note: `${kind} at line ${d.line}: what it orders or protects is left to the runs` };
  }

  private loopOf(d: ClaimedDirective): Loop | undefined {
    return d.loop ? this.loops.find((l) => l.id === d.loop) : undefined;
  }

  private guardFor(l: Loop, names: string[]): Transform | undefined {
    const exact = this.exactGuard(l);
    return this.claim.transforms.find(
      (t) =>
        t.kind === 'guard' &&
        this.loops.some((g) => g.id === t.loop && within(l, g)) &&
        names.every((n) => new RegExp(`(?<![\\w.])${n.replace(/[^\w]/g, '\\$&')}(?!\\w)`).test(t.condition)) &&
        (!exact || (t.loop === l.id && exact.includes(t.condition.replace(/\s+/g, '')))),
    );
  }

  /**
   * Where the loop is parallel only if slmcc's own scans find something
   * (segments apart), the guard must be exactly slmcc's check, with or
   * without its test of enough work: naming the pointers is not enough.
   */
  private exactGuard(l: Loop): string[] | undefined {
    // Asked by guardFor and again where a loop without it is refused: one overlap check per loop.
    if (!this.exact.has(l.id)) this.exact.set(l.id, this.exactGuardOf(l));
    return this.exact.get(l.id);
  }

  private readonly exact = new Map<string, string[] | undefined>();

  private exactGuardOf(l: Loop): string[] | undefined {
    const names = safeTest(this.ctx, l).aliasGuard;
    const g = names?.length ? overlapCheck(this.tu, this.ctx.fn, l, names) : undefined;
    if (!g?.ok || !g.required?.length) return undefined;
    const work = workTest(this.tu, this.ctx.fn, l);
    return [g.cond, ...(work ? [`${work} && ${g.cond}`] : [])].map((c) => c.replace(/\s+/g, ''));
  }

  private loopDirective(d: ClaimedDirective, kind: string): Judgement {
    const l = this.loopOf(d);
    if (!l) return { ok: false, reason: `the directive at line ${d.line} (${kind}) governs no loop of the original` };
    const n = d.collapse ?? 1;
    const nest = n > 1 ? collapsedNest(l, n) : [l];
    const where =
      n > 1 ? `the loops at lines ${(Array.isArray(nest) ? nest : [l]).map((x) => x.sourceLine).join(', ')} are parallel together (collapse(${n}))` : `the loop at line ${l.sourceLine} is parallel`;
    const refuse = (why: string): Judgement => ({ ok: false, reason: `the directive at line ${d.line} claims ${where}, but ${why}` });
    if (typeof nest === 'string') return { ok: false, reason: `the directive at line ${d.line} claims collapse(${n}) on the loop at line ${l.sourceLine}, but ${nest}` };
    // A loop an interchange moved outwards runs its iterations across every
    // value of the loop it passed: that loop's test must hold too, and the
    // passed loop's variable is now an inner one, private unless declared
    // in its header.
    const passed = this.claim.transforms.flatMap((t) => (t.kind === 'interchange' && nest.some((x) => x.id === t.inner) ? this.loops.filter((x) => x.id === t.outer) : []));
    const tested = [...nest, ...passed];
    const verdicts = tested.map((x) => safeTest(this.ctx, x));
    const notes: string[] = [];
    let evidence: Evidence = 'proven';
    const weaken = (e: Evidence, why: string) => {
      if (RANK[e] > RANK[evidence]) evidence = e;
      notes.push(why);
    };

    // What the test found against running the iterations at once.
    for (const [i, v] of verdicts.entries()) {
      if (v.parallel) continue;
      // A dependence the passed loop carries may stay within one iteration of this loop: not a refusal.
      if (i >= nest.length) {
        weaken('tested', `the loop at line ${tested[i].sourceLine}, which the interchange moves inwards, carries dependences the test cannot place in the new order`);
        continue;
      }
      if (v.proven.length) return refuse(phrase(v.proven[0]));
      const unknown = v.reasons.filter((r) => !v.symbolic.some((s) => s.reason === r));
      if (v.symbolic.length) {
        // The guard compares the distance with the trip count: it names both.
        const r = tested[i].range;
        const bounds = [r?.min, r?.max].flatMap((b) => (b ? Object.keys(b.terms).flatMap((k) => k.split('*')) : []));
        const names = [...new Set([...v.symbolic.flatMap((s) => s.names), ...bounds])];
        if (!this.guardFor(tested[i], names)) return refuse(symbolicPhrase(v.symbolic[0]));
        weaken('guarded', `a runtime guard on ${names.join(', ')} runs the original loop when the distance is below the trip count`);
      }
      if (unknown.length) weaken('tested', `the analysis cannot decide: ${unknown.join('; ')}`);
    }
    const pointedAt = this.globalScalarsPointedAt(l);
    if (pointedAt) weaken('tested', pointedAt);
    for (const [i, v] of verdicts.entries()) {
      if (!v.aliasGuard) continue;
      if (this.guardFor(tested[i], v.aliasGuard)) weaken('guarded', `${v.aliasGuard.join(', ')} may overlap: a runtime guard runs the original loop when they do`);
      else if (this.exactGuard(tested[i]))
        return refuse(
          `it writes through pointers set from memory, and only slmcc's own runtime check (each iteration's segment apart from the others') makes that safe; the loop is not guarded by exactly that check`,
        );
      else weaken('tested', `${v.aliasGuard.join(', ')} may overlap and no runtime guard checks it`);
    }

    // The clauses against what the test says each scalar is.
    const loopVars = new Set(nest.flatMap((x) => (x.inductionVar ? [x.inductionVar] : [])));
    const need = needsOf(verdicts, loopVars);
    for (const x of passed) {
      const h = this.ctx.node(x) ? forHeader(this.ctx.node(x)!) : null;
      if (x.inductionVar && !h?.declared && !loopVars.has(x.inductionVar)) need.private.add(x.inductionVar);
    }
    const clauses = this.clauses(d, kind, l, need, loopVars);
    if (typeof clauses === 'string') return refuse(clauses);
    for (const c of clauses) weaken(c.evidence, c.note);

    if (d.nowait && !/^parallel\b/.test(kind)) {
      const after = this.nowait(l);
      if (after) return { ok: false, reason: `the directive at line ${d.line} drops the barrier after the loop at line ${l.sourceLine} (nowait), but ${after}` };
      notes.push('nowait: nothing after the loop touches what it writes');
    }
    const head = `${kind} at line ${d.line} on the loop at line ${l.sourceLine}`;
    if (evidence === 'proven') notes.unshift('the dependence test finds no dependence between iterations and the clauses match it');
    return { ok: true, evidence, note: `${head}: ${evidence}: ${notes.join('; ')}` };
  }

  /** Private, lastprivate, firstprivate and reduction clauses against the test; a string refuses. */
  private clauses(d: ClaimedDirective, kind: string, l: Loop, need: Needs, loopVars: Set<string>): { evidence: Evidence; note: string }[] | string {
    const out: { evidence: Evidence; note: string }[] = [];
    const node = this.ctx.node(l);
    const body = node ? field(node, 'body') : null;
    const priv = new Set(d.private);
    const first = new Set(d.firstprivate);
    const last = new Set(d.lastprivate);
    const privatised = new Set(this.claim.transforms.flatMap((t) => (t.kind === 'privatise' && this.loops.some((x) => x.id === t.loop && within(x, l)) ? [t.variable] : [])));
    const claimed = new Map<string, string>();
    for (const r of d.reduction) for (const x of r.vars) claimed.set(x, normOp(r.op));
    const written = (x: string) => this.ctx.bodyWrites(l).has(x);
    const simdOnly = kind === 'simd';

    // Reductions: the same variables with the same operators, and a floating sum only with permission.
    for (const [x, op] of claimed) {
      const kindOf = numericKind(this.tu, this.ctx.sym(x));
      if ((op === '+' || op === '*') && kindOf !== 'integer' && !this.opts.reassociate)
        return `reduction(${op}:${x}) reassociates a floating-point ${op === '*' ? 'product' : 'sum'}, which the user's flags do not allow; add -ffast-math or -fassociative-math, or set SLMCC_REASSOCIATE=1`;
      const want = need.reduction.get(x);
      if (!want)
        return `${x} is not a reduction the loop makes (${written(x) ? 'its updates are not one associative operator' : 'the loop does not change it'}), yet the directive says reduction(${op}:${x})`;
      if (normOp(want) !== op) return `${x} is a ${want} reduction, not ${op}: reduction(${want}:${x})`;
      if (priv.has(x) || first.has(x) || last.has(x)) return `${x} is a reduction and cannot also be private`;
      // Not exact either: clang starts each thread's copy at the largest
      // finite value, not infinity, so data of only -inf (or NaN) ends at
      // -DBL_MAX; a NaN start value is dropped; of -0.0 and +0.0 the first
      // in another order wins. -ffast-math (finite math, no signed zeros)
      // excuses exactly these.
      if ((op === 'min' || op === 'max') && kindOf !== 'integer' && need.floating.has(x)) {
        if (!this.opts.reassociate)
          return `reduction(${op}:${x}) over a floating type is not exact: each thread starts from the largest finite value, not infinity, drops a NaN start value and may pick the other signed zero; the user's flags do not allow that (add -ffast-math, or set SLMCC_REASSOCIATE=1)`;
        out.push({ evidence: 'proven', note: `${op}:${x} over a floating type, with the user's permission to reorder floating-point reductions` });
      } else if (op === 'max' && kindOf !== 'integer')
        out.push({ evidence: 'proven', note: `max:${x} over a floating type gives the same bits in any order (fabs() values from a non-negative literal)` });
    }
    for (const [x, op] of need.reduction) {
      if (claimed.has(x)) continue;
      if (this.sync && !priv.has(x) && !first.has(x) && !last.has(x)) {
        if ((op === '+' || op === '*') && need.floating.has(x) && !this.opts.reassociate)
          return `${x} is a floating-point ${op === '*' ? 'product' : 'sum'} updated from every thread, which reassociates it; the user's flags do not allow that (add -ffast-math or -fassociative-math, or set SLMCC_REASSOCIATE=1)`;
        out.push({ evidence: 'tested', note: `${x} is a ${op} reduction left shared: whether the critical or atomic directive protects every update is left to the runs` });
        continue;
      }
      return `${x} is a ${op} reduction over the iterations, which the directive ${priv.has(x) || first.has(x) || last.has(x) ? 'makes private' : 'leaves shared'}: reduction(${op}:${x})`;
    }

    // Scalars every iteration sets before use: private by a clause, by a declaration inside the loop, or as a collapsed loop's variable.
    for (const x of need.private) {
      if (priv.has(x) || first.has(x) || last.has(x) || privatised.has(x) || loopVars.has(x) || this.regionPrivate(x, l)) continue;
      return `${x} is set in every iteration before it is read, and the directive leaves it shared, so threads overwrite each other's ${x}: private(${x})`;
    }
    // Scalars whose last value is used after the loop.
    for (const x of need.lastprivate) {
      if (last.has(x)) continue;
      if (simdOnly && loopVars.has(x)) continue; // simd's own loop variable is linear: its final value is kept
      if (privatised.has(x)) return `${x} is declared inside the loop instead, but its last value is used after the loop`;
      if (loopVars.has(x)) return `the loop variable ${x} is used after the loop, and only lastprivate(${x}) gives it its final value`;
      return `${x} is set in every iteration and its last value is used after the loop: lastprivate(${x})`;
    }
    // Clauses the test does not ask for.
    const readBeforeSet = (x: string) => !!body && mentions(body, x) && (!written(x) || writtenBeforeRead(body, x, this.ctx.structFields).read);
    for (const x of priv) {
      if (loopVars.has(x) || need.private.has(x)) continue;
      if (need.lastprivate.has(x)) return `${x} is used after the loop, and private(${x}) leaves it unset: lastprivate(${x})`;
      if (readBeforeSet(x)) return `private(${x}) gives each thread an uninitialised ${x}, but the loop reads it before setting it: firstprivate(${x})`;
      if (body && mentions(body, x) && this.ctx.sym(x)?.kind === 'array')
        out.push({ evidence: 'tested', note: `private(${x}) on an array: whether every iteration sets the elements it reads is left to the runs` });
    }
    for (const x of last) {
      if (loopVars.has(x) || need.lastprivate.has(x) || need.private.has(x)) continue;
      if (body && written(x)) return `${x} is not set in every iteration (or its value carries between them), so lastprivate(${x}) does not give it the value the original leaves`;
      if (readBeforeSet(x) && !first.has(x)) return `lastprivate(${x}) gives each thread an uninitialised ${x}, but the loop reads it: firstprivate(${x}) lastprivate(${x})`;
    }
    for (const x of first) {
      if (need.lastprivate.has(x) && !last.has(x)) return `${x} is used after the loop: lastprivate(${x})`;
    }
    for (const x of privatised) {
      const n = this.ctx.node(l);
      if (n && liveAfter(n, x, true).live && !need.private.has(x)) return `${x} is declared inside the loop instead, but its value is used after the loop`;
    }
    return out;
  }

  /**
   * Why dropping the barrier after `l` is not safe, or undefined when it is:
   * nothing after the loop (to the end of the function, and the rest of any
   * loop around it, which runs it again) touches what the loop writes or
   * writes what it reads.
   */
  private nowait(l: Loop): string | undefined {
    const node = this.ctx.node(l);
    if (!node) return 'the loop is not found';
    // The region's end has a barrier: with its extent known, only what follows inside it counts.
    const region = this.claim.directives.find((x) => x.kind.trim() === 'parallel' && x.encloses && x.encloses.start <= l.start && l.end <= x.encloses.end)?.encloses;
    const inRegion = (n: SyntaxNode) => !region || (n.startIndex >= region.start && n.endIndex <= region.end);
    const after: SyntaxNode[] = [];
    for (let cur: SyntaxNode = node, p = node.parent; p && p.type !== 'function_definition'; cur = p, p = p.parent) {
      if (p.type === 'compound_statement') after.push(...p.namedChildren.filter((c) => c.startIndex >= cur.endIndex && inRegion(c)));
      if (['for_statement', 'while_statement', 'do_statement'].includes(p.type) && inRegion(p)) after.push(p);
    }
    // The loop's own variables (declared in it) are not what a later statement of the same name means.
    const own = new Set([...l.locals, ...(l.inductionVar && forHeader(node)?.declared ? [l.inductionVar] : [])]);
    const loopNames = new Set<string>();
    for (const n of walk(node)) if (n.type === 'identifier' && !own.has(n.text)) loopNames.add(n.text);
    const writes = new Set([...this.ctx.bodyWrites(l), ...l.accesses.filter((a) => a.isWrite).map((a) => a.array)].filter((x) => !own.has(x)));
    const writtenBases = [...new Set(l.accesses.filter((a) => a.isWrite).map((a) => a.array))].filter((x) => !own.has(x));
    for (const a of after)
      for (const n of walk(a)) {
        if (n.type === 'call_expression') {
          const f = field(n, 'function');
          // Only the library's pure functions: a user function's summary missed writes through local copies of its pointers.
          if (f?.type === 'identifier' && PURE_LIBRARY.has(f.text)) continue;
          return `the code after it calls ${f?.text ?? 'a function'}, which may touch what the loop writes`;
        }
        if (n.type === 'identifier' && writes.has(n.text)) return `${n.text}, which the loop writes, is used after it before any barrier`;
        if (n.type === 'subscript_expression' || (n.type === 'pointer_expression' && n.child(0)?.type === '*')) {
          const base = field(n, 'argument');
          if (writtenBases.some((w) => this.mayOverlap(base?.type === 'identifier' ? base.text : undefined, w))) return `${n.text} after it may be memory the loop writes`;
        }
        if (n.type === 'assignment_expression' || n.type === 'update_expression') {
          const target = (n.type === 'assignment_expression' ? field(n, 'left') : field(n, 'argument'))?.text ?? '';
          const base = /^[A-Za-z_]\w*/.exec(target)?.[0];
          if (base && loopNames.has(base)) return `${base}, which the loop reads, is written after it before any barrier`;
        }
      }
    return undefined;
  }

  /** Is x private to each thread of a parallel region around l (declared inside it, or named by its private clauses)? */
  private regionPrivate(x: string, l: Loop): boolean {
    const s = this.ctx.sym(x);
    return this.claim.directives.some((d) => {
      const r = d.encloses;
      if (d.kind.trim() !== 'parallel' || !r || l.start < r.start || l.end > r.end) return false;
      return d.private.includes(x) || d.firstprivate.includes(x) || (!!s && s.scope === 'local' && s.start >= r.start && s.start < r.end);
    });
  }

  /**
   * Swapping a perfect rectangular pair keeps every dependence's order when
   * one of the two loops carries none (its direction is '=' in every
   * dependence); otherwise only the runs can say.
   */
  interchange(t: Extract<Transform, { kind: 'interchange' }>): Judgement {
    const outer = this.loops.find((l) => l.id === t.outer);
    const inner = this.loops.find((l) => l.id === t.inner);
    if (!outer || !inner) return { ok: false, reason: `the interchange of ${t.outer} and ${t.inner} names a loop the original does not have` };
    const pair = `the interchange of the loops at lines ${outer.sourceLine} and ${inner.sourceLine}`;
    const nest = collapsedNest(outer, 2);
    if (typeof nest === 'string' || nest[1] !== inner)
      return { ok: false, reason: `${pair} needs a perfect rectangular pair, but ${typeof nest === 'string' ? nest : 'they are not one inside the other'}` };
    const [ov, iv] = nest.map((l) => safeTest(this.ctx, l));
    if (ov.parallel || iv.parallel)
      return { ok: true, evidence: 'proven', note: `${pair}: proven: the ${ov.parallel ? 'outer' : 'inner'} loop carries no dependence, so every dependence keeps its order` };
    return { ok: true, evidence: 'tested', note: `${pair}: both loops carry dependences, whose order after the swap is left to the runs` };
  }

  /**
   * A global scalar the loop uses that a pointer it writes through (or reads
   * through, when the loop writes the scalar) may point at: the dependence
   * test compares arrays, not what a pointer parameter may hold, so the
   * caller's `f(&g, ...)` is left to the runs. Undefined when none.
   */
  private globalScalarsPointedAt(l: Loop): string | undefined {
    const node = this.ctx.node(l);
    if (!node) return undefined;
    const strip = (t: string) =>
      t
        .replace(/\b(const|volatile|restrict|static|extern|register)\b/g, '')
        .replace(/\s+/g, ' ')
        .trim();
    const anything = (t: string) => /^(?:(?:un)?signed )?char$|^void$/.test(t);
    const written = this.ctx.bodyWrites(l);
    const globals = new Set<string>();
    for (const n of walk(node)) {
      if (n.type !== 'identifier') continue;
      const s = this.ctx.sym(n.text);
      if (s?.scope === 'global' && s.kind !== 'array' && s.pointerDepth === 0 && !s.isConst) globals.add(n.text);
    }
    for (const a of l.accesses) {
      const p = this.ctx.sym(a.array);
      if (!p || p.isRestrict || (p.kind === 'array' && p.scope !== 'param') || (p.kind !== 'pointer' && p.kind !== 'array')) continue;
      for (const g of globals) {
        if (!a.isWrite && !written.has(g)) continue;
        const gs = this.ctx.sym(g)!;
        const pt = strip(p.baseType);
        const gt = strip(gs.baseType);
        if (pt === gt || anything(pt) || numericKind(this.tu, { ...gs, baseType: pt }) === 'other' || numericKind(this.tu, gs) === 'other')
          return `${a.array} may point at the global ${g}, which the loop ${written.has(g) ? 'writes' : 'reads'}; whether a caller passes &${g} is left to the runs`;
      }
    }
    return undefined;
  }

  /** May memory reached through \`a\` (undefined: an expression) be memory the loop writes through \`w\`? The same name is caught by name. */
  private mayOverlap(a: string | undefined, w: string): boolean {
    if (a === w) return false;
    const sa = a ? this.ctx.sym(a) : undefined;
    const sw = this.ctx.sym(w);
    if (!sa || !sw) return true;
    if (sa.isRestrict || sw.isRestrict) return false;
    const object = (s: typeof sa) => s.kind === 'array' && s.scope !== 'param';
    return !(object(sa) && object(sw));
  }

  /** A \`parallel\` region on its own: every thread runs what no work-sharing directive divides. */
  private region(d: ClaimedDirective): Judgement {
    const l = this.loopOf(d);
    if (l) {
      // `parallel` directly on a loop: every thread runs every iteration.
      const node = this.ctx.node(l);
      const inside = new Set(l.locals);
      if (l.inductionVar && node && forHeader(node)?.declared) inside.add(l.inductionVar);
      const shared = [...this.ctx.bodyWrites(l)].filter((x) => !inside.has(x));
      if (l.inductionVar && !inside.has(l.inductionVar)) shared.unshift(l.inductionVar);
      const arrays = l.accesses.filter((a) => a.isWrite).map((a) => a.text);
      const w = [...shared, ...arrays];
      if (w.length || !node)
        return {
          ok: false,
          reason: `the directive at line ${d.line} makes every thread run all of the loop at line ${l.sourceLine} (parallel without for), and the loop writes ${w.slice(0, 3).join(', ')}`,
        };
      return { ok: true, evidence: 'tested', note: `parallel at line ${d.line}: every thread runs the loop at line ${l.sourceLine}, which writes nothing shared` };
    }
    if (!d.encloses) return { ok: true, evidence: 'tested', note: `parallel at line ${d.line}: its extent is not known, so what its threads share is left to the runs` };
    const { start, end } = d.encloses;
    const shared = this.sharedWrites(d, start, end);
    if (shared) return { ok: false, reason: `the directive at line ${d.line} opens a parallel region in which every thread runs ${shared}` };
    return { ok: true, evidence: 'tested', note: `parallel at line ${d.line}: outside its work-sharing loops it writes nothing shared; the rest is left to the runs` };
  }

  /** A write to shared data in [start, end) outside the work-shared loops and protected blocks, in words; undefined when none. */
  private sharedWrites(d: ClaimedDirective, start: number, end: number): string | undefined {
    const divided = this.claim.directives
      .filter((x) => x !== d && isLoopKind(x.kind) && !/^parallel\b/.test(x.kind))
      .flatMap((x) => {
        const l = this.loopOf(x);
        return l ? [{ start: l.start, end: l.end }] : [];
      });
    const protectedBlocks = this.claim.directives.filter((x) => x !== d && /\b(single|master|masked|critical|atomic)\b/.test(x.kind) && x.encloses).map((x) => x.encloses!);
    const skip = (n: SyntaxNode) => [...divided, ...protectedBlocks].some((r) => n.startIndex >= r.start && n.endIndex <= r.end);
    const local = new Set([...d.private, ...d.firstprivate]);
    for (const n of walk(this.ctx.root)) {
      if (n.startIndex < start || n.endIndex > end || n.type !== 'declaration') continue;
      for (let x of n.childrenForFieldName('declarator')) {
        while (x.type !== 'identifier' && field(x, 'declarator')) x = field(x, 'declarator')!;
        if (x.type === 'identifier') local.add(x.text);
      }
    }
    for (const n of walk(this.ctx.root)) {
      if (n.startIndex < start || n.endIndex > end || skip(n)) continue;
      if (n.type !== 'assignment_expression' && n.type !== 'update_expression') continue;
      const target = n.type === 'assignment_expression' ? field(n, 'left') : field(n, 'argument');
      if (!target) continue;
      const plain = target.type === 'identifier';
      if (plain && local.has(target.text)) continue;
      // Loops the region runs in every thread: their variables are shared unless declared inside.
      return `${target.text} = ..., a write to ${plain ? 'a shared variable' : 'shared memory'} outside any work-sharing loop`;
    }
    return undefined;
  }
}

/**
 * Judges every directive of a candidate against the dependence test on the
 * original function. Refuses on the first directive a proven dependence or a
 * wrong clause breaks; otherwise the evidence is the weakest directive's.
 */
export function judgeDirectives(tu: TranslationUnit, fn: FunctionInfo, claim: Claim, opts: LegalityOptions): LegalityResult {
  if (!claim.directives.length && !claim.transforms.some((t) => t.kind === 'interchange')) return { ok: true, evidence: 'proven', notes: ['no directives: the candidate is the original'] };
  const ctx = fnContext(tu, fn);
  if (!ctx) return { ok: true, evidence: 'tested', notes: ['the original could not be parsed: every directive is left to the runs'] };
  const judge = new Judge(tu, ctx, claim, opts);
  const notes: string[] = [];
  let evidence: Evidence = 'proven';
  const steps = [
    ...claim.transforms.flatMap((t) => (t.kind === 'interchange' ? [{ what: `interchange of ${t.outer} and ${t.inner}`, run: () => judge.interchange(t) }] : [])),
    ...claim.directives.map((d) => ({ what: `${d.kind} at line ${d.line}`, run: () => judge.directive(d) })),
  ];
  for (const step of steps) {
    let j: Judgement;
    try {
      j = step.run();
    } catch (e) {
      j = { ok: true, evidence: 'tested', note: `${step.what}: the analysis failed (${(e as Error).message})` };
    }
    if (!j.ok) return j;
    if (RANK[j.evidence] > RANK[evidence]) evidence = j.evidence;
    notes.push(j.note);
  }
  return { ok: true, evidence, notes };
}
