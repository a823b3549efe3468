// Is one loop's parallel form equivalent to its sequential one? Collects
// every reason it is not, and the clauses it needs when it is.
import {
  affine,
  arithmeticTypedef,
  flatRecord,
  field,
  recordMembers,
  extentsOf,
  forHeader,
  guardCondition,
  loopsInside,
  memoPerParse,
  unparen,
  walk,
  type Affine,
  type ArrayAccess,
  type Loop,
  type SymbolInfo,
  type SyntaxNode,
} from '../index.js';
import type { ReductionOp } from '../../core/plan.js';
import type { FnContext } from './context.js';
import type { VarRange } from './dep-context.js';
import { dependence } from './dependence.js';
import { argTarget, isKnownCallArgument, loopCalls, type CallAccess } from './calls.js';
import { arrayLevels, ordinal, ownsStorage } from './effects.js';
import { aliasClass } from './unchanged.js';
import { segmentAccesses } from './segments.js';
import { exactMax, liveAfter, reductionOp, setOnlyFlag, writtenBeforeRead } from './scalars.js';
import { assignedRowPointers, changedAnywhere, rowPointers, throughRowPointers } from './row-pointers.js';
import { privateArrayBlocker } from './private-arrays.js';
import { certainMeeting } from './meeting.js';
import { numericKind } from './numeric.js';
import { declaratorShape } from '../symbols.js';
import { memberPointer } from './member-pointers.js';

/** A reason that is certain: a dependence the loop carries, or a rule of OpenMP's loop form the loop breaks. */
export interface Proof {
  reason: string;
  /** For an array dependence: the two accesses, and how many iterations after the write's the other one comes ('any': every two iterations). */
  meeting?: { write: string; other: string; otherWrites: boolean; later: number | 'any' };
}

/** A dependence at a loop-invariant symbolic distance: none when |distance| is at least the trip count, which a runtime guard can check. */
export interface SymbolicDistance {
  reason: string;
  write: string;
  other: string;
  otherWrites: boolean;
  /** The distance in iterations, as C (`m`, `-m`, `2 * k`). */
  distance: string;
  names: string[];
}

export interface LoopVerdict {
  parallel: boolean;
  reasons: string[];
  /** The reasons that are proven; every other reason is what the test cannot decide (an unknown callee, possible aliasing, a subscript it cannot read). */
  proven: Proof[];
  /** Reasons that are dependences at a symbolic distance (also in `reasons`, never in `proven`). */
  symbolic: SymbolicDistance[];
  notes: string[];
  private: string[];
  /** The arrays among `private`: each thread's own copy of a scratch array. */
  privateArrays?: string[];
  lastprivate: string[];
  reductions: { op: ReductionOp; vars: string[] }[];
  /** Reduction variables of a floating (or unknown) type whose result depends on the order (all but the max of fabs() values from a literal, exactMax). */
  floating: string[];
  schedule?: 'dynamic' | 'guided';
  /** Pointers that may alias: parallel only under a runtime check that their ranges are disjoint. */
  aliasGuard?: string[];
  /** The loop as the runtime check reads it: accesses through row pointers (`out[j]`, `out = un + i * nx`) as accesses of the arrays they point into. */
  guardLoop?: Loop;
}

const ARITH = /^(?:(?:unsigned|signed|long|short|int|char|_Bool|size_t|ssize_t|ptrdiff_t|u?int\d+_t|const)\s*)+$/;

type BaseKind =
  | { kind: 'private' }
  /** `automatic`: a local array of this call, which no pointer the caller passed can point into. */
  | { kind: 'object'; elem: string; readOnly: boolean; automatic: boolean }
  /** `fromCaller`: a parameter the function never changes, so it holds what the caller passed. */
  /** `members`: for a pointer to a struct, the aliasing classes of its numeric members (a store of any other class cannot change it). */
  | { kind: 'pointer'; restrict: boolean; elem: string; contiguous: number; fromCaller: boolean; members?: Set<string> }
  | { kind: 'unknown'; why: string };

/** The element type as aliasing sees it: a typedef of an arithmetic type is that type, and a record of one arithmetic type (`Vec3` of doubles) is that type too, since every access to it is one. */
function elemOf(ctx: FnContext, s: SymbolInfo): string {
  const t = s.baseType
    .replace(/\b(const|volatile|restrict)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (aliasClass(t) || !/^(struct\s+)?[A-Za-z_]\w*$/.test(t)) return t;
  return arithmeticTypedef(ctx.tu, t) ?? flatRecord(ctx.tu, t)?.scalar ?? t;
}

function classifyBase(ctx: FnContext, loop: Loop, base: string, nsubs: number, insideNames?: Set<string>): BaseKind {
  if (base === '*') return { kind: 'unknown', why: 'a computed address' };
  if (base.includes('->') || base.includes('.')) {
    const m = memberPointer(ctx.tu, ctx.root, (n) => ctx.sym(n), base);
    if (!m.ok) return { kind: 'unknown', why: m.why };
    if (nsubs > 1) return { kind: 'unknown', why: `${base}, whose rows are loaded pointers that may alias` };
    return { kind: 'pointer', restrict: false, elem: m.elem, contiguous: 1, fromCaller: true };
  }
  const s = ctx.sym(base);
  if (!s) return { kind: 'unknown', why: `${base}, whose declaration is not visible` };
  // A file-scope array is among the inside names only as a lastprivate scratch array (private-arrays.ts).
  const inside = (insideNames ? insideNames.has(base) : loop.locals.includes(base)) && (s.scope === 'local' || (s.scope === 'global' && ownsStorage(s)));
  if (ownsStorage(s)) {
    // `double *rows[2]`: rows[k][i] goes through a loaded pointer.
    if (nsubs > arrayLevels(s)) return { kind: 'unknown', why: `${base}, whose rows are loaded pointers that may alias` };
    return inside ? { kind: 'private' } : { kind: 'object', elem: elemOf(ctx, s), readOnly: s.isConst, automatic: s.scope === 'local' };
  }
  if (s.kind === 'array' || s.kind === 'pointer') {
    if (inside) return { kind: 'unknown', why: `pointer ${base}, declared in the loop, which may point anywhere` };
    const contiguous = s.pointerDepth === 0 ? s.dims.length : s.pointerDepth === 1 && /\(\s*\*/.test(s.type) ? s.dims.length + 1 : 1;
    if (nsubs > contiguous) return { kind: 'unknown', why: `${base}, whose rows are loaded pointers that may alias` };
    return { kind: 'pointer', restrict: s.isRestrict, elem: elemOf(ctx, s), contiguous, fromCaller: fromCaller(ctx, base, 0), members: memberClasses(ctx, s) };
  }
  return { kind: 'unknown', why: `${base} of type ${s.type}` };
}

/** The aliasing classes of a struct's numeric members, when `s` points to a struct of numbers and pointers (recordMembers). */
function memberClasses(ctx: FnContext, s: SymbolInfo): Set<string> | undefined {
  if (s.pointerDepth !== 1 || s.dims.length) return undefined;
  const members = recordMembers(ctx.tu, s.baseType.replace(/\b(const|volatile|restrict)\b/g, '').trim());
  if (!members) return undefined;
  return new Set(members.flatMap((m) => (m.kind === 'value' ? [aliasClass(m.type) ?? 'char'] : [])));
}

/**
 * Does the pointer `name` hold, wherever the function uses it, what a caller
 * passed: a parameter it never changes, or a local it never changes after
 * an initialiser that casts such a parameter (`double (*u)[n] = (double (*)[n])ou;`)?
 */
function fromCaller(ctx: FnContext, name: string, depth: number): boolean {
  const s = ctx.sym(name);
  if (!s || depth > 4 || changedAnywhere(ctx.root, name)) return false;
  if (s.scope === 'param') return true;
  if (s.scope !== 'local' || (s.kind !== 'pointer' && s.kind !== 'array')) return false;
  const inits: SyntaxNode[] = [];
  let declared = 0;
  for (const n of walk(ctx.root))
    if (n.type === 'init_declarator' || (n.type === 'declaration' && n.childrenForFieldName('declarator').length)) {
      if (n.type === 'declaration') {
        for (const d of n.childrenForFieldName('declarator')) if (declaratorShape(d)?.name === name) declared++;
      } else if (declaratorShape(n)?.name === name && field(n, 'value')) inits.push(field(n, 'value')!);
    }
  if (declared !== 1 || inits.length !== 1) return false;
  let v = unparen(inits[0]);
  while (v.type === 'cast_expression') v = unparen(field(v, 'value')!);
  return v.type === 'identifier' && fromCaller(ctx, v.text, depth + 1);
}

/** May a write through one of two names change what the other names (either way round)? For the overlap check's index arrays. */
export function namesMayAlias(ctx: FnContext, loop: Loop): (a: string, b: string) => boolean {
  const strict = ctx.tu.strictAliasing !== false;
  const kinds = new Map<string, BaseKind>();
  const kind = (n: string) => {
    let k = kinds.get(n);
    if (!k) kinds.set(n, (k = classifyBase(ctx, loop, n, 1)));
    return k;
  };
  return (a, b) => mayAlias(kind(a), kind(b), strict) || mayAlias(kind(b), kind(a), strict);
}

/** May a (written) and b share storage? */
function mayAlias(a: BaseKind, b: BaseKind, strictAliasing: boolean): boolean {
  if (a.kind === 'private' || b.kind === 'private') return false;
  // An array defined const (a lookup table) is never the target of a write: that write would be undefined behaviour.
  if (b.kind === 'object' && b.readOnly) return false;
  if (a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind === 'object' && b.kind === 'object') return false;
  // This call's own arrays did not exist when the caller chose the pointers it passed.
  if ((a.kind === 'object' && a.automatic && b.kind === 'pointer' && b.fromCaller) || (b.kind === 'object' && b.automatic && a.kind === 'pointer' && a.fromCaller)) return false;
  if ((a.kind === 'pointer' && a.restrict) || (b.kind === 'pointer' && b.restrict)) return false;
  // Strict aliasing: distinct basic types cannot share storage, but a type and
  // its signed or unsigned variant can, and char may alias anything.
  const ca = aliasClass(a.elem);
  const cb = aliasClass(b.elem);
  if (strictAliasing && ca !== undefined && cb !== undefined && ca !== cb) return false;
  // A struct of numbers and pointers: a store of a number of no member's class cannot change it (the pointers included).
  if (strictAliasing && ca !== undefined && b.kind === 'pointer' && b.members && !b.members.has(ca)) return false;
  if (strictAliasing && cb !== undefined && a.kind === 'pointer' && a.members && !a.members.has(cb)) return false;
  return true;
}

function isLocal(sym: SymbolInfo | undefined): boolean {
  return !!sym && (sym.scope === 'local' || sym.scope === 'param');
}

/** `&s` anywhere in the function; with `within`, except as a direct argument to a summarised callee inside that node (the call sees the iteration's copy). */
function addressTaken(ctx: FnContext, s: string, within?: SyntaxNode): boolean {
  for (const n of addressesIn(ctx.root)) {
    const a = field(n, 'argument');
    if (!a || !isNamed(a, s)) continue;
    if (within && n.startIndex >= within.startIndex && n.endIndex <= within.endIndex && isKnownCallArgument(ctx, n).known) continue;
    return true;
  }
  return false;
}

/** Every `&x` in the function; asked for every scalar of every loop. */
const addressesIn = memoPerParse((root) => [...walk(root)].filter((n) => n.type === 'pointer_expression' && n.child(0)?.type === '&'));

/** Every mention of `name` in the body lies in the scope of a declaration of it inside the body. */
function onlyInnerUses(body: SyntaxNode, name: string): boolean {
  const declares = (d: SyntaxNode) =>
    d.type === 'declaration' &&
    d.childrenForFieldName('declarator').some((x) => {
      let n: SyntaxNode | null = x;
      while (n && n.type !== 'identifier') n = field(n, 'declarator');
      return n?.text === name;
    });
  for (const occ of walk(body)) {
    if (occ.type !== 'identifier' || occ.text !== name) continue;
    let covered = false;
    for (let p = occ.parent; p && !covered; p = p.parent) {
      if (p.type === 'compound_statement' || p.type === 'for_statement')
        for (const c of p.namedChildren) {
          if (c.startIndex > occ.startIndex) break;
          if (declares(c)) {
            covered = true;
            break;
          }
        }
      if (p.startIndex === body.startIndex && p.endIndex === body.endIndex && p.type === body.type) break;
    }
    if (!covered) return false;
  }
  return true;
}

/** `s`, `(s)`, `s.f.g`: an lvalue of the variable s itself. */
function isNamed(node: SyntaxNode, s: string): boolean {
  let n = unparen(node);
  while (n.type === 'field_expression' && n.child(1)?.type === '.') n = unparen(field(n, 'argument')!);
  return n.type === 'identifier' && n.text === s;
}

/** The expression `n` is an operand of, through parentheses and `.` members (`(s).x = ...` assigns s): the operand and its parent. */
function operandOf(n: SyntaxNode): { c: SyntaxNode; p: SyntaxNode | null } {
  let c: SyntaxNode = n;
  let p = c.parent;
  while (p && (p.type === 'parenthesized_expression' || (p.type === 'field_expression' && p.child(1)?.type === '.' && field(p, 'argument')?.startIndex === c.startIndex))) {
    c = p;
    p = p.parent;
  }
  return { c, p };
}

/**
 * Does the body change s other than by passing `&s` to callees that only
 * read through it? (The analysis counts every `&s` as a write.)
 */
function changedIn(ctx: FnContext, body: SyntaxNode, s: string): boolean {
  let readOnly = false;
  for (const n of walk(body)) {
    if (n.type !== 'identifier' || n.text !== s) continue;
    const { c, p } = operandOf(n);
    if (!p) continue;
    if (p.type === 'assignment_expression' && field(p, 'left')?.startIndex === c.startIndex) return true;
    if (p.type === 'update_expression') return true;
    if (p.type === 'pointer_expression' && p.child(0)?.type === '&') {
      const k = isKnownCallArgument(ctx, p);
      if (!k.known || k.writes) return true;
      readOnly = true;
    }
  }
  // Only drop s when a read-only `&s` is what made the analysis count it as written.
  return !readOnly;
}

/** Does the body assign s itself (`s = `, `s += `, `s++`), not only pass `&s` somewhere? */
function assignedIn(body: SyntaxNode, s: string): boolean {
  for (const n of walk(body)) {
    if (n.type !== 'identifier' || n.text !== s) continue;
    const { c, p } = operandOf(n);
    if (!p) continue;
    if (p.type === 'assignment_expression' && field(p, 'left')?.startIndex === c.startIndex) return true;
    if (p.type === 'update_expression') return true;
  }
  return false;
}

/** Is the access at `offset` executed in every iteration of `loopNode` (no condition, no loop of unknown count, between them)? */
function unconditional(ctx: FnContext, loopNode: SyntaxNode, offset: number | undefined): boolean {
  if (offset === undefined) return false;
  const body = field(loopNode, 'body');
  for (let n: SyntaxNode | null = ctx.root.descendantForIndex(offset); n; n = n.parent) {
    if (body && n.startIndex === body.startIndex && n.endIndex === body.endIndex) return true;
    if (['if_statement', 'conditional_expression', 'switch_statement', 'while_statement', 'do_statement', 'case_statement'].includes(n.type)) return false;
    if (n.type === 'binary_expression' && ['&&', '||'].includes(n.child(1)?.type ?? '')) return false;
    if (n.type === 'for_statement' && !forHeader(n)) return false;
  }
  return false;
}

export function testLoop(ctx: FnContext, loop: Loop): LoopVerdict {
  const reasons: string[] = [];
  const proven: Proof[] = [];
  const symbolic: SymbolicDistance[] = [];
  const notes: string[] = [];
  const priv: string[] = [];
  const lastpriv: string[] = [];
  const floating: string[] = [];
  const red = new Map<ReductionOp, string[]>();
  const verdict = (): LoopVerdict => ({
    parallel: reasons.length === 0,
    reasons,
    proven: proven.filter((p) => reasons.includes(p.reason)),
    symbolic: symbolic.filter((p) => reasons.includes(p.reason)),
    notes,
    private: priv,
    lastprivate: lastpriv,
    reductions: [...red].map(([op, vars]) => ({ op, vars })),
    floating,
    schedule: undefined,
  });
  /** A reason that is certain. */
  const certain = (r: string, meeting?: Proof['meeting']) => {
    if (!reasons.includes(r)) reasons.push(r);
    if (!proven.some((p) => p.reason === r)) proven.push(meeting ? { reason: r, meeting } : { reason: r });
  };
  const node = ctx.node(loop);
  const h = node ? forHeader(node) : null;
  if (!node || !h || loop.kind !== 'for') {
    reasons.push(loop.kind === 'for' ? 'the loop header is not a counted for loop' : `a ${loop.kind} loop has no iteration count known in advance`);
    return verdict();
  }
  if (h.op === '!=') reasons.push(`the loop ends on ${h.var} != ..., not a bound`);
  const v = h.var;
  const body = field(node, 'body')!;
  const calls = loopCalls(ctx, body);
  // `&s` passed only to callees that never write through it leaves s unchanged.
  const written = new Set([...ctx.bodyWrites(loop)].filter((s) => changedIn(ctx, body, s)));
  // What the body assigns itself is certain; what a callee may write through `&s` is not.
  const sure = (r: string, s: string) => (assignedIn(body, s) ? certain(r) : reasons.push(r));
  if (written.has(v)) sure(`${v} is changed inside the loop`, v);
  const headerNames = new Set<string>();
  for (const part of [h.init, h.limit]) for (const n of walk(part)) if (n.type === 'identifier') headerNames.add(n.text);
  for (const n of headerNames) if (written.has(n)) sure(`the bound ${n} changes inside the loop`, n);
  for (const part of [h.init, h.limit]) for (const n of walk(part)) if (n.type === 'call_expression') reasons.push(`the bound calls ${n.child(0)?.text}`);
  for (const e of loop.earlyExits) if (e !== 'continue') certain(`leaves the loop early (${e})`);
  if ([...walk(body)].some((n) => n.type === 'gnu_asm_expression')) reasons.push('contains inline assembly');
  reasons.push(...calls.reasons);

  // Scalars that outlive an iteration.
  // Declared in the body, and every use in the body is of that declaration (not of an outer variable it shadows).
  const insideLocals = new Set(loop.locals.filter((n) => ctx.sym(n)?.scope !== 'static-local' && onlyInnerUses(body, n)));
  // A struct's field (`g.n`) changes with the struct, or through a pointer to it.
  const variesWith = (n: string) => written.has(affine.rootName(n)) || (n.includes('.') && addressTaken(ctx, affine.rootName(n)));
  /** Pointers declared outside, set before use in every iteration: each iteration's own. */
  const privatePointers = new Set<string>();
  for (const s of [...written].sort()) {
    if (s === v || insideLocals.has(s)) continue;
    const sym = ctx.sym(s);
    if (sym && (sym.kind === 'pointer' || sym.kind === 'array')) {
      const r = `pointer ${s} is changed inside the loop`;
      if (writtenBeforeRead(body, s).read) sure(r, s);
      else if (sym.kind === 'pointer' && sym.scope !== 'static-local' && !sym.isVolatile && !addressTaken(ctx, s) && !liveAfter(node, s, isLocal(sym)).live) {
        // Set at the top of each box (`fA = &force[b * per]`): the accesses through it are judged where it points.
        priv.push(s);
        privatePointers.add(s);
      } else reasons.push(r);
      continue;
    }
    if (sym?.scope === 'static-local') {
      sure(`static ${s} keeps its value across iterations`, s);
      continue;
    }
    if (sym?.isVolatile) {
      sure(`${s} is volatile`, s);
      continue;
    }
    const flow = writtenBeforeRead(body, s, ctx.structFields);
    let unsetLast: string | undefined;
    if (!flow.read) {
      // Every read in an iteration follows an assignment in that iteration.
      if (addressTaken(ctx, s, body)) {
        reasons.push(`${s} is set before use in every iteration, but its address is taken, so a private copy is not what a pointer to it sees`);
        continue;
      }
      const live = liveAfter(node, s, isLocal(sym));
      if (!live.live) {
        priv.push(s);
        continue;
      }
      // lastprivate copies the last iteration's value: that iteration must set it on every path.
      if (flow.killed && !flow.leaks.continue && !flow.leaks.break && !flow.leaks.other) {
        lastpriv.push(s);
        notes.push(`${s} is set before use in every iteration and its last value is used later (${live.why}): lastprivate`);
        continue;
      }
      unsetLast = `${s} carries a value out of the loop: no iteration reads it before setting it, but ${live.why} and the last iteration may not set it, so it is neither private nor lastprivate`;
    }
    const op = reductionOp(body, s);
    if (op) {
      const kind = numericKind(ctx.tu, sym);
      if (['&', '|', '^'].includes(op) && !(sym && ARITH.test(sym.baseType))) reasons.push(`${s} is a ${op} reduction of a type that is not known to be an integer`);
      else {
        // Threads combine in another order: exact for integers; for a
        // floating type only the user's permission to reassociate makes
        // it acceptable (the builtin and verify ask for it).
        const exact = kind !== 'integer' && op === 'max' ? exactMax(body, node, s) : null;
        if (kind !== 'integer' && !exact) floating.push(s);
        red.set(op, [...(red.get(op) ?? []), s]);
        notes.push(exact ? `${s} is a max reduction, exact: ${exact}` : `${s} is a ${op} reduction`);
      }
      continue;
    }
    if (setOnlyFlag(body, node, s) && sym && ARITH.test(sym.baseType)) {
      red.set('|', [...(red.get('|') ?? []), s]);
      notes.push(`${s} is only ever set to 1 after being cleared: an | reduction`);
      continue;
    }
    sure(unsetLast ?? `${s} carries a value from one iteration to the next (an iteration may read it before setting it)`, s);
  }
  if (priv.length) notes.unshift(`${priv.join(', ')} ${priv.length > 1 ? 'are' : 'is'} assigned before any use in every iteration and not read after the loop: private`);
  // The loop's own variable, declared outside: OpenMP leaves its value after
  // the loop unspecified unless it is lastprivate.
  if (!h.declared && (addressTaken(ctx, v) || liveAfter(node, v, isLocal(ctx.sym(v))).live)) lastpriv.push(v);

  // Scratch arrays of the function that each iteration writes before it reads: each thread's own copy.
  const privateArrays: string[] = [];
  const scratch = new Set<string>();
  const lastArrays: string[] = [];
  for (const n of walk(body)) {
    const s = n.type === 'identifier' && !insideLocals.has(n.text) ? ctx.sym(n.text) : undefined;
    if (s && (s.scope === 'local' || s.scope === 'global') && ownsStorage(s)) scratch.add(n.text);
  }
  for (const a of [...scratch].sort()) {
    const blocker = privateArrayBlocker(ctx, node, a, (n) => variesWith(n) || insideLocals.has(affine.rootName(n)));
    if (blocker) continue;
    privateArrays.push(a);
    if (ctx.sym(a)?.scope === 'global') {
      lastArrays.push(a);
      lastpriv.push(a);
    } else priv.push(a);
    insideLocals.add(a);
  }
  const localArrays = privateArrays.filter((a) => !lastArrays.includes(a));
  if (localArrays.length)
    notes.push(
      `${localArrays.join(', ')}: every iteration writes the elements it reads before reading them, and nothing after the loop reads ${localArrays.length > 1 ? 'them' : 'it'}: private copies`,
    );
  if (lastArrays.length)
    notes.push(
      `${lastArrays.join(', ')}: every iteration writes all of ${lastArrays.length > 1 ? 'them' : 'it'} before reading, and nothing else reaches ${lastArrays.length > 1 ? 'them' : 'it'} during the loop: private copies, the last iteration's copied back (lastprivate)`,
    );

  // What the callees read and write through their pointer arguments.
  const viaCalls: CallAccess[] = [];
  const privateArgs: string[] = [];
  const unknownReads = [...calls.unknownReads];
  const inside = (n: string) => insideLocals.has(n);
  const reasonsBefore = reasons.length;
  for (const use of calls.uses) {
    const t = argTarget(ctx, loop, use, inside);
    const what = `calls ${use.callee}, which ${use.effect.write ? 'writes' : 'reads'} through its ${ordinal(use.index)} argument \`${use.arg.text}\``;
    if (t.kind === 'none') continue;
    if (t.kind === 'private') {
      if (use.effect.write) privateArgs.push(use.arg.text);
      continue;
    }
    if (t.kind === 'scalar') {
      if (priv.includes(t.name) || lastpriv.includes(t.name)) {
        if (use.effect.write) privateArgs.push(use.arg.text);
        continue;
      }
      if (use.effect.write) reasons.push(`${what}: ${t.name} is shared by all iterations of ${v}`);
      else if (written.has(t.name)) reasons.push(`${what}, and ${t.name} changes inside the loop`);
      continue;
    }
    if (t.kind === 'unknown') {
      if (use.effect.write) reasons.push(`${what}: ${t.why}`);
      else unknownReads.push(`${use.callee} reads through its ${ordinal(use.index)} argument \`${use.arg.text}\` (${t.why})`);
      continue;
    }
    viaCalls.push(...t.accesses);
  }
  // One reason per argument, however many calls pass it.
  reasons.splice(reasonsBefore, reasons.length - reasonsBefore, ...new Set(reasons.slice(reasonsBefore)));
  if (reasons.length) return verdict();

  // Arrays.
  const inner = loopsInside(loop);
  const rangeOf = (l: Loop): VarRange | undefined => {
    if (!l.inductionVar || !l.range) return undefined;
    const ok = (a: Affine | null) => a && affine.names(a).every((n) => !variesWith(n) || n === v || inner.some((x) => x.inductionVar === n));
    return { min: ok(l.range.min) ? l.range.min : null, max: ok(l.range.max) ? l.range.max : null };
  };
  const cleanHeader = new Set(inner.filter((l) => l.inductionVar && ctx.node(l) && forHeader(ctx.node(l)!) && !ctx.bodyWrites(l).has(l.inductionVar)).map((l) => l));
  const rangeAt = (u: string, a: ArrayAccess): VarRange | undefined => {
    let best: Loop | undefined;
    for (const l of inner) if (l.inductionVar === u && cleanHeader.has(l) && a.offset !== undefined && l.start <= a.offset && a.offset < l.end) if (!best || l.start > best.start) best = l;
    return best ? rangeOf(best) : undefined;
  };
  const variant = (n: string) => variesWith(n) || insideLocals.has(affine.rootName(n));
  const invariantBound = (a: Affine) => affine.names(a).every((n) => !variant(n) && n !== v);
  const vRange = loop.range;
  const depCtx = {
    v,
    step: h.step,
    vWidth: vRange?.min && vRange.max ? affine.sub(vRange.max, vRange.min) : null,
    vRange: vRange ? { min: vRange.min && invariantBound(vRange.min) ? vRange.min : null, max: vRange.max && invariantBound(vRange.max) ? vRange.max : null } : undefined,
    rangeAt,
    variant,
  };
  const bases = new Map<string, BaseKind>();
  const rows = rowPointers(ctx, body, v, insideLocals, written);
  for (const [p, rp] of assignedRowPointers(ctx, body, v, privatePointers, insideLocals, written)) rows.set(p, rp);
  const own = segmentAccesses(
    ctx,
    loop,
    body,
    [...privatePointers].filter((p) => !rows.has(p)),
    (n) => n !== v && !variant(n) && !written.has(n) && !privatePointers.has(n),
    viaCalls,
    (n) => rows.get(n)?.base ?? n,
  );
  // Any other access through such a pointer is through memory the test cannot name.
  for (const p of privatePointers) insideLocals.add(p);
  const accesses: (ArrayAccess | CallAccess)[] = [...throughRowPointers(own.accesses, rows), ...viaCalls];
  for (const a of accesses) if (!bases.has(a.array)) bases.set(a.array, classifyBase(ctx, loop, a.array, a.subscripts.length, insideLocals));
  const reported = new Set<string>();
  const say = (r: string) => {
    if (!reported.has(r)) reasons.push(r);
    reported.add(r);
  };
  for (const p of privatePointers) if (!rows.has(p) && own.accesses.some((a) => a.array === p)) say(`pointer ${p} is set in each iteration to an address the test cannot follow`);
  const proved = new Set<string>();
  // A reason about an access a callee makes names the callee and the argument.
  const viaOf = (a: ArrayAccess) => ('via' in a ? (a as CallAccess).via : undefined);
  const sayAbout = (W: ArrayAccess, A: ArrayAccess, r: string): string => {
    const w = viaOf(W);
    const a = A !== W ? viaOf(A) : undefined;
    const also = a ? ` (${A.text} is what ${a.replace(', which ', ' ')})` : '';
    const text = w ? `calls ${w}: ${r}${also}` : `${r}${also}`;
    say(text);
    return text;
  };
  // An access through a segment pointer meets no other iteration's: its base is only read, or
  // reached only through its iteration's own segment, which the runtime check proves apart.
  for (const W of accesses.filter((a) => a.isWrite && !('segment' in a && a.segment))) {
    const kind = bases.get(W.array)!;
    if (kind.kind === 'private') continue;
    if (kind.kind === 'unknown') {
      sayAbout(W, W, `writes through ${kind.why} (${W.text})`);
      continue;
    }
    if (W.subscripts.every((s) => s === null)) {
      sayAbout(W, W, viaOf(W) ? `${W.text}: which elements of ${W.array} it writes is not known` : `${W.text} is written at a subscript that is not affine`);
      continue;
    }
    for (const A of accesses) {
      if (A.array !== W.array || ('segment' in A && A.segment)) continue;
      const r = dependence(W, A, depCtx);
      if (r.independent) {
        if (r.by === 'system' && A.text !== W.text && !proved.has(`${A.text} and ${W.text}`)) proved.add(`${W.text} and ${A.text}`);
        continue;
      }
      let said: string;
      if (r.why === 'distance' && r.distance !== undefined) {
        const d = Math.abs(r.distance);
        const which = d === 1 ? (r.distance < 0 ? 'the previous iteration' : 'the next iteration') : `an iteration ${d} away`;
        said = sayAbout(W, A, A === W ? `${W.text} is written by ${which} too` : `${W.text} depends on ${A.text} of ${which}`);
      } else if (A.subscripts.some((s) => s === null))
        said = sayAbout(W, A, `${W.text} is written and ${A.text} is ${A.isWrite && !A.isRead ? 'written' : 'read'} at ${viaOf(A) ? 'elements that are not known' : 'a subscript that is not affine'}`);
      else if (r.why.startsWith('every iteration')) said = sayAbout(W, A, `${W.text}: ${r.why}`);
      else
        said = sayAbout(
          W,
          A,
          A === W ? `${W.text} may be written by two different iterations of ${v} (${r.why})` : `${W.text} written in one iteration of ${v} may be ${A.text} of another iteration (${r.why})`,
        );
      // Certain only for the loop's own accesses, both made in every
      // iteration (a condition may keep the two apart), on one base that
      // is an object or a pointer the loop does not move.
      if (viaOf(W) || viaOf(A) || !unconditional(ctx, node, W.offset) || !unconditional(ctx, node, A.offset)) continue;
      const m = certainMeeting(W, A, depCtx);
      const otherWrites = A === W || !A.isRead;
      if (m?.kind === 'symbolic') {
        if (!symbolic.some((x) => x.reason === said)) symbolic.push({ reason: said, write: W.text, other: A.text, otherWrites, distance: affine.toC(m.later), names: affine.names(m.later) });
      } else if (m) certain(said, { write: W.text, other: A.text, otherWrites, later: m.kind === 'any' ? 'any' : m.later });
    }
  }
  if (proved.size) {
    const pairs = [...proved];
    notes.push(
      `${pairs.slice(0, 3).join(', ')}${pairs.length > 3 ? ` and ${pairs.length - 3} more pairs` : ''} never meet in two different iterations of ${v} (all subscripts and loop bounds together)`,
    );
  }
  // Different names that may be the same memory.
  const writtenBases = new Set(accesses.filter((a) => a.isWrite).map((a) => a.array));
  const overlaps: string[] = [];
  const guardNames = new Set<string>();
  for (const w of writtenBases)
    for (const [b, kb] of bases) {
      if (b === w || (writtenBases.has(b) && b < w)) continue;
      const kw = bases.get(w)!;
      if (kw.kind === 'private' || kw.kind === 'unknown') continue;
      if (mayAlias(kw, kb, ctx.tu.strictAliasing !== false)) {
        overlaps.push(`${w} and ${b} may overlap (no restrict)`);
        guardNames.add(w).add(b);
      }
    }
  // Globals the callees read: the loop must not write them, under any name.
  for (const { callee, global } of calls.globalsRead) {
    const gs = ctx.sym(global);
    const direct = written.has(global) || accesses.some((a) => a.isWrite && (a.array === global || a.array.startsWith(`${global}.`)));
    if (direct) {
      say(`calls ${callee}, which reads the global ${global}, which the loop writes`);
      continue;
    }
    if (!gs || gs.scope !== 'global') continue;
    const kg: BaseKind = { kind: 'object', elem: elemOf(ctx, gs), readOnly: gs.isConst, automatic: false };
    for (const w of writtenBases) {
      const kw = bases.get(w)!;
      if (kw.kind === 'private' || kw.kind === 'object') continue;
      if (mayAlias(kw, kg, ctx.tu.strictAliasing !== false)) say(`calls ${callee}, which reads the global ${global}, which ${w} (written in the loop) may point into`);
    }
  }
  // Reads the summaries cannot place may be of anything the loop writes.
  if (unknownReads.length) {
    const shared = accesses.filter((a) => a.isWrite && bases.get(a.array)?.kind !== 'private').map((a) => a.text);
    const globalScalars = [...written].filter((x) => ctx.sym(x)?.scope === 'global');
    const targets = [...new Set([...shared, ...globalScalars])];
    if (targets.length) say(`calls ${unknownReads[0]}, which may be what the loop writes (${targets.slice(0, 3).join(', ')})`);
  }
  let guard: string[] | undefined;
  const guardLoop: Loop = rows.size || own.segments.size ? { ...loop, accesses: throughRowPointers(own.accesses, rows) } : loop;
  // Each iteration's segment of what it writes through a segment pointer: apart only by the check.
  for (const b of own.partitions) guardNames.add(b);
  // The runtime check sees only the loop's own accesses: a name a callee reaches elsewhere cannot be guarded.
  const unseen = [...guardNames].filter((b) =>
    viaCalls.some(
      (c) =>
        c.array === b &&
        !loop.accesses.some((a) => a.array === b && a.subscripts.length === c.subscripts.length && a.subscripts.every((x, i) => x && c.subscripts[i] && affine.equal(x, c.subscripts[i]!))),
    ),
  );
  if (overlaps.length || own.partitions.size) {
    const g = reasons.length
      ? null
      : unseen.length
        ? ({ ok: false, reason: `${unseen.join(', ')} ${unseen.length > 1 ? 'are' : 'is'} accessed by a callee where the check cannot see it` } as const)
        : guardCondition(guardLoop, [...guardNames], extentsOf(ctx.sym), { tree: ctx.root, elementType: (n) => ctx.sym(n)?.baseType, mayAlias: namesMayAlias(ctx, loop) });
    const parts = [
      own.partitions.size
        ? `writes through ${[...own.segments]
            .filter(([, sp]) => own.partitions.has(sp.segment.base))
            .map(([p]) => p)
            .join(', ')} reach ${[...own.partitions].join(', ')} at an offset read from memory`
        : '',
      overlaps.join('; '),
    ].filter(Boolean);
    if (g?.ok) {
      guard = [...guardNames];
      const apart = own.partitions.size ? ` and each iteration's segment of ${[...own.partitions].join(', ')} apart from the others'` : '';
      notes.push(`${parts.join('; ')}: runs in parallel only when a runtime check finds ${guard.join(', ')} disjoint${apart}`);
    } else {
      if (own.partitions.size) say(parts[0]);
      for (const o of overlaps) say(o);
      if (g && !g.ok) say(`no runtime overlap check possible: ${g.reason}`);
    }
  }
  const v2 = verdict();
  if (guard) {
    v2.aliasGuard = guard;
    v2.guardLoop = guardLoop;
  }
  if (privateArrays.length) v2.privateArrays = privateArrays;
  // Uneven inner work: a while inside, or bounds that follow the loop variable
  // (a CSR row, a triangle). guided, not dynamic: dynamic hands out one
  // iteration at a time, and on rows of a few nonzeros the handing out cost
  // 15-50x the work (spmv, bfs and sssp ran at 0.02-0.07x); guided's chunks
  // shrink from n/(2*threads) so the tail still balances.
  const uneven = inner.some((l) => l.kind !== 'for') || inner.some((l) => l.range && [l.range.min, l.range.max].some((x) => !x || affine.names(x).includes(v)));
  if (uneven || calls.uneven) v2.schedule = 'guided';
  if (calls.effects.size) {
    const parts: string[] = [];
    const uniq = (xs: string[]) => [...new Set(xs)].join(', ');
    if (privateArgs.length) parts.push(`writes through ${uniq(privateArgs)} land in each iteration's own storage`);
    const sep = viaCalls.filter((a) => a.isWrite);
    if (sep.length) parts.push(`writes to ${uniq(sep.map((a) => a.text))} never meet across iterations`);
    if (!parts.length) parts.push('they write nothing the iterations share');
    notes.push(`calls ${[...calls.effects.keys()].join(', ')}: ${parts.join('; ')}`);
  }
  return v2;
}

/** Unit stride (or invariant) for every access in a loop, in its own variable. */
export function unitStride(loop: Loop): boolean {
  const u = loop.inductionVar;
  if (!u) return false;
  return loop.accesses.every((a) => {
    if (a.subscripts.some((s) => s === null)) return false;
    return a.subscripts.every((s, i) => {
      const sp = affine.splitOn(s!, u);
      if (!sp) return false;
      if (i < a.subscripts.length - 1) return affine.isConstant(sp.coeff) && sp.coeff.constant === 0;
      return affine.isConstant(sp.coeff) && Math.abs(sp.coeff.constant) <= 1;
    });
  });
}

export function stridedCount(loop: Loop, u: string): number {
  let n = 0;
  for (const a of loop.accesses) {
    const ok = a.subscripts.every((s, i) => {
      if (!s) return false;
      const sp = affine.splitOn(s, u);
      if (!sp) return false;
      const c = affine.isConstant(sp.coeff) ? Math.abs(sp.coeff.constant) : Infinity;
      return i < a.subscripts.length - 1 ? c === 0 : c <= 1;
    });
    if (!ok) n++;
  }
  return n;
}
