// Segment pointers: `fA = &force[first[b]];` set at the top of each
// iteration to an element of its base found by reading an index array (a
// box's particles in a cell list, a bucket's range). The dependence test
// cannot follow such an offset, so it would refuse every access through the
// pointer. What it can do is hand the overlap check a replay: the loops down
// to the assignment, the integer scalars their bodies set first (`na =
// count[b];`), and each access's reach in one iteration (`fA[i]` for `i`
// below `na`). Before the loop the check runs that replay and keeps the
// least and greatest element reached; for a base the loop writes through
// such pointers it also checks that each iteration's segment lies after the
// previous one, so no two iterations meet there.
//
// The replay must never read what the original does not: it reads only what
// statements the original runs in every iteration read, so every loop on
// the way has no early exit, every statement it replays is a plain
// assignment at the top of a body, and no call comes before it.
import { affine, field, forHeader, isIntegerType, isLoopNode, segmentSetting, unparen, walk, type ArrayAccess, type Loop, type Segment, type SegmentLevel, type SyntaxNode } from '../index.js';
import type { FnContext } from './context.js';
import { changeCounts, soleIndex } from './row-pointers.js';

const ARITH_OPS = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^']);

const typeOf = (ctx: FnContext, n: string) =>
  ctx
    .sym(n)
    ?.baseType.replace(/\b(const|volatile|register|restrict)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function integerScalar(ctx: FnContext, n: string): string | undefined {
  const s = ctx.sym(n);
  const t = typeOf(ctx, n);
  return s && s.kind === 'scalar' && s.pointerDepth === 0 && !s.dims.length && t && isIntegerType(t) ? t : undefined;
}

interface Scope {
  /** Names whose value is fixed while the loop runs. */
  invariant(n: string): boolean;
  /** Counters and replayed scalars set so far on the way down. */
  known: Set<string>;
}

/** Can the replay evaluate `e`, reading only integer index arrays? Adds the names it needs and the arrays it reads. */
function replayable(ctx: FnContext, e: SyntaxNode, scope: Scope, needs: Set<string>, arrays: Set<string>): boolean {
  const n = unparen(e);
  switch (n.type) {
    case 'number_literal':
      return true;
    case 'identifier':
      if (scope.known.has(n.text)) {
        needs.add(n.text);
        return true;
      }
      return scope.invariant(n.text) && !!integerScalar(ctx, n.text);
    case 'field_expression':
      // `sp.nbox` of a struct the loop never changes; `->` reads memory the loop may write.
      return field(n, 'operator')?.type === '.' && unparen(field(n, 'argument')!).type === 'identifier' && scope.invariant(n.text) && scope.invariant(unparen(field(n, 'argument')!).text);
    case 'binary_expression':
      return ARITH_OPS.has(n.child(1)?.type ?? '') && replayable(ctx, field(n, 'left')!, scope, needs, arrays) && replayable(ctx, field(n, 'right')!, scope, needs, arrays);
    case 'unary_expression':
      return ['-', '+'].includes(n.child(0)?.type ?? '') && replayable(ctx, field(n, 'argument')!, scope, needs, arrays);
    case 'subscript_expression': {
      const base = unparen(field(n, 'argument')!);
      const inner = soleIndex(n);
      if (base.type !== 'identifier' || !inner || !scope.invariant(base.text)) return false;
      const s = ctx.sym(base.text);
      const t = typeOf(ctx, base.text);
      if (!s || (s.kind !== 'pointer' && s.kind !== 'array') || s.pointerDepth + s.dims.length !== 1 || !t || !isIntegerType(t)) return false;
      arrays.add(base.text);
      return replayable(ctx, inner, scope, needs, arrays);
    }
    default:
      return false;
  }
}

/** `&B[OFF]`, `B + OFF` or `OFF + B`, for a base B of one level the loop does not change. */
function baseAndLoadedOffset(ctx: FnContext, value: SyntaxNode, scope: Scope): { base: string; offset: SyntaxNode; address?: number } | undefined {
  const v = unparen(value);
  const isBase = (n: SyntaxNode | null) => {
    if (!n) return false;
    const u = unparen(n);
    const s = u.type === 'identifier' ? ctx.sym(u.text) : undefined;
    return !!s && (s.kind === 'pointer' || s.kind === 'array') && s.pointerDepth + s.dims.length === 1 && scope.invariant(u.text) && !scope.known.has(u.text);
  };
  if (v.type === 'pointer_expression' && v.child(0)?.type === '&') {
    const s = unparen(field(v, 'argument')!);
    if (s.type !== 'subscript_expression' || !isBase(field(s, 'argument'))) return undefined;
    const inner = soleIndex(s);
    return inner ? { base: unparen(field(s, 'argument')!).text, offset: inner, address: s.startIndex } : undefined;
  }
  if (v.type === 'binary_expression' && v.child(1)?.type === '+') {
    const l = field(v, 'left')!;
    const r = field(v, 'right')!;
    if (isBase(l)) return { base: unparen(l).text, offset: r };
    if (isBase(r)) return { base: unparen(r).text, offset: l };
  }
  return undefined;
}

/** `x = E;` as a statement: the name and E. */
function plainAssignment(stmt: SyntaxNode): { name: string; value: SyntaxNode } | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const a = stmt.namedChildren[0] ? unparen(stmt.namedChildren[0]) : null;
  if (a?.type !== 'assignment_expression' || a.child(1)?.type !== '=') return undefined;
  const l = unparen(field(a, 'left')!);
  return l.type === 'identifier' ? { name: l.text, value: field(a, 'right')! } : undefined;
}

/** How often the loop's body changes `name` (one for a plain set: see changeCounts). */
const assignments = (body: SyntaxNode, name: string): number => changeCounts(body).get(name) ?? 0;

export interface SegmentPointer {
  segment: Omit<Segment, 'lo' | 'hi' | 'partition'>;
  /** Each access through the pointer with its reach in one iteration. */
  reach: Map<ArrayAccess, { lo: string; hi: string }>;
  /** Where `&B[OFF]` lies: an address, not an access. */
  address?: number;
}

/**
 * The pointers among `candidates` (set before use in every iteration) that
 * are segment pointers of `loop`, with every access through them placed;
 * a pointer with any access the replay cannot place is left out.
 */
function segmentPointers(ctx: FnContext, loop: Loop, body: SyntaxNode, candidates: Iterable<string>, invariant: (n: string) => boolean): Map<string, SegmentPointer> {
  const out = new Map<string, SegmentPointer>();
  if (loop.earlyExits.length) return out;
  for (const p of candidates) {
    const sp = segmentPointer(ctx, loop, body, p, invariant);
    if (sp) out.set(p, sp);
  }
  return out;
}

function segmentPointer(ctx: FnContext, loop: Loop, body: SyntaxNode, p: string, invariant: (n: string) => boolean): SegmentPointer | undefined {
  if (assignments(body, p) !== 1) return undefined;
  let stmt: SyntaxNode | undefined;
  for (const x of walk(body)) if (x.type === 'expression_statement' && plainAssignment(x)?.name === p) stmt = x;
  if (!stmt) return undefined;
  // The chain of loops from `loop` down to the one whose body holds the assignment, each a top-level statement of the one above.
  const chain: SyntaxNode[] = [];
  const loopNode = ctx.node(loop)!;
  for (let s: SyntaxNode = stmt; ;) {
    const compound = s.parent;
    const owner = compound?.parent;
    if (compound?.type !== 'compound_statement' || !owner || owner.type !== 'for_statement' || field(owner, 'body')?.startIndex !== compound.startIndex) return undefined;
    chain.unshift(owner);
    if (owner.startIndex === loopNode.startIndex && owner.endIndex === loopNode.endIndex) break;
    s = owner;
  }
  const loops = chain.map((n) => ctx.all.find((l) => l.start === n.startIndex && l.end === n.endIndex && isLoopNode(n)));
  if (loops.some((l) => !l || l.earlyExits.length)) return undefined;
  const scope: Scope = { invariant, known: new Set() };
  const needs = new Set<string>();
  const arrays = new Set<string>();
  const defUses = new Map<string, { uses: Set<string>; arrays: Set<string> }>();
  const levels: SegmentLevel[] = [];
  let found: ReturnType<typeof baseAndLoadedOffset>;
  const mentions = (n: SyntaxNode, name: string) => [...walk(n)].some((x) => x.type === 'identifier' && x.text === name);
  for (let k = 0; k < chain.length; k++) {
    const h = forHeader(chain[k]);
    const counterType = h ? integerScalar(ctx, h.var) : undefined;
    if (!h || !counterType || h.op === '!=' || ctx.bodyWrites(loops[k]!).has(h.var)) return undefined;
    if (!replayable(ctx, h.init, scope, needs, arrays) || !replayable(ctx, h.limit, scope, needs, arrays)) return undefined;
    scope.known.add(h.var);
    const level: SegmentLevel = { counter: h.var, counterType, init: h.init.text, test: `${h.op} ${h.limit.text}`, step: h.step, defs: [] };
    levels.push(level);
    const setter = k + 1 === chain.length;
    const next = setter ? stmt : chain[k + 1];
    // The top of the body: plain integer assignments replay. Nothing before them may call
    // (a call may end the program), and in the setting body they end where p is first used.
    for (const s of field(chain[k], 'body')!.namedChildren) {
      if (s.type === 'comment') continue;
      if (s.startIndex === next.startIndex) {
        if (!setter) break;
        found = baseAndLoadedOffset(ctx, plainAssignment(stmt)!.value, scope);
        if (!found || !replayable(ctx, found.offset, scope, needs, arrays)) return undefined;
        continue;
      }
      if ([...walk(s)].some((x) => x.type === 'call_expression') || (setter && found && mentions(s, p))) break;
      const a = plainAssignment(s);
      if (!a) {
        if (setter && found) break;
        continue;
      }
      const type = integerScalar(ctx, a.name);
      // Set once in the loop, from what the replay can read: its value holds for the rest of this iteration.
      if (!type || assignments(body, a.name) !== 1 || scope.known.has(a.name)) continue;
      const uses = new Set<string>();
      const reads = new Set<string>();
      if (!replayable(ctx, a.value, scope, uses, reads)) continue;
      level.defs.push({ name: a.name, type, value: a.value.text });
      defUses.set(a.name, { uses, arrays: reads });
      scope.known.add(a.name);
    }
  }
  if (!found) return undefined;
  // Each access through p: after it is set, inside the body that sets it, at `c * u + ...`
  // where each u is known there or the counter of a loop inside with bounds known there.
  const setter = loops[loops.length - 1]!;
  const setterBody = field(chain[chain.length - 1], 'body')!;
  const reach = new Map<ArrayAccess, { lo: string; hi: string }>();
  const place = (n: string) => {
    if (scope.known.has(n)) needs.add(n);
    return scope.known.has(n) || (invariant(n) && !!integerScalar(ctx, n));
  };
  for (const a of loop.accesses) {
    if (a.array !== p) continue;
    if (a.offset === undefined || a.offset < stmt.endIndex || a.offset >= setterBody.endIndex || a.subscripts.length !== 1 || !a.subscripts[0]) return undefined;
    const s = a.subscripts[0];
    const lo: string[] = [`${s.constant}L`];
    const hi: string[] = [`${s.constant}L`];
    for (const [key, coeff] of Object.entries(s.terms)) {
      const ns = key.split('*');
      if (ns.length !== 1) return undefined;
      const u = ns[0];
      if (place(u)) {
        lo.push(`${coeff}L * (${u})`);
        hi.push(`${coeff}L * (${u})`);
        continue;
      }
      let inner: Loop | undefined;
      for (const l of ctx.all) if (l.inductionVar === u && l.start > setter.start && l.end <= setter.end && l.start <= a.offset && a.offset < l.end && (!inner || l.start > inner.start)) inner = l;
      if (!inner?.range?.min || !inner.range.max || ctx.bodyWrites(inner).has(u)) return undefined;
      const ends: string[] = [];
      for (const end of [inner.range.min, inner.range.max]) {
        if (!affine.names(end).every((n) => !n.includes('*') && place(n))) return undefined;
        ends.push(`(long)(${affine.toC(end)})`);
      }
      const [mn, mx] = coeff >= 0 ? ends : [ends[1], ends[0]];
      lo.push(`${coeff}L * ${mn}`);
      hi.push(`${coeff}L * ${mx}`);
    }
    reach.set(a, { lo: lo.join(' + '), hi: hi.join(' + ') });
  }
  if (!reach.size) return undefined;
  // Keep only the scalars something needs, and what they need in turn.
  const grow = [...needs];
  for (let n = grow.pop(); n !== undefined; n = grow.pop())
    for (const m of defUses.get(n)?.uses ?? [])
      if (!needs.has(m)) {
        needs.add(m);
        grow.push(m);
      }
  for (const n of needs) for (const x of defUses.get(n)?.arrays ?? []) arrays.add(x);
  return {
    segment: { pointer: p, base: found.base, levels: levels.map((l) => ({ ...l, defs: l.defs.filter((d) => needs.has(d.name)) })), offset: found.offset.text, arrays: [...arrays].sort() },
    reach,
    address: found.address,
  };
}

export interface SegmentedAccesses {
  /** The loop's accesses, those through segment pointers read as accesses of their base (with `segment` set), `&B[OFF]` dropped. */
  accesses: ArrayAccess[];
  segments: Map<string, SegmentPointer>;
  /** Bases the loop writes through segment pointers. */
  partitions: Set<string>;
}

/**
 * Segment pointers the dependence test may set aside: a base only read
 * through them and written nowhere in the loop, or a base reached only
 * through pointers set at the top of the loop's own body, one way, whose
 * segments the check proves apart; and index arrays the loop never writes.
 * `others` are accesses the loop's callees make; `baseOf` sees through row
 * pointers.
 */
export function segmentAccesses(
  ctx: FnContext,
  loop: Loop,
  body: SyntaxNode,
  candidates: string[],
  invariant: (n: string) => boolean,
  others: ArrayAccess[],
  baseOf: (n: string) => string,
): SegmentedAccesses {
  const found = candidates.length ? segmentPointers(ctx, loop, body, candidates, invariant) : new Map<string, SegmentPointer>();
  const how = (sp: SegmentPointer) => segmentSetting(sp.segment);
  const isAddress = (a: ArrayAccess) => [...found.values()].some((sp) => sp.address !== undefined && a.offset === sp.address && a.array === sp.segment.base);
  let partitions = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    const direct = [...loop.accesses.filter((a) => !found.has(a.array) && !isAddress(a)).map((a) => ({ ...a, array: baseOf(a.array) })), ...others];
    const directWrites = new Set(direct.filter((a) => a.isWrite).map((a) => a.array));
    const directAny = new Set(direct.map((a) => a.array));
    partitions = new Set([...found.values()].filter((sp) => [...sp.reach.keys()].some((a) => a.isWrite)).map((sp) => sp.segment.base));
    for (const [p, sp] of found) {
      const b = sp.segment.base;
      const bad = partitions.has(b) ? directAny.has(b) || sp.segment.levels.length !== 1 || [...found.values()].some((o) => o.segment.base === b && how(o) !== how(sp)) : directWrites.has(b);
      if (bad || sp.segment.arrays.some((x) => directWrites.has(x) || partitions.has(x))) {
        found.delete(p);
        changed = true;
      }
    }
  }
  if (!found.size) return { accesses: loop.accesses, segments: found, partitions: new Set() };
  const accesses = loop.accesses
    .filter((a) => !isAddress(a))
    .map((a): ArrayAccess => {
      const sp = found.get(a.array);
      const r = sp?.reach.get(a);
      if (!sp || !r) return a;
      const seg = sp.segment;
      return { ...a, array: seg.base, subscripts: [null], subscriptTexts: [`${seg.offset} + (${a.subscriptTexts[0]})`], segment: { ...seg, ...r, partition: partitions.has(seg.base) } };
    });
  return { accesses, segments: found, partitions };
}
