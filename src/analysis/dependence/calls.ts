// The calls a loop makes, seen through their callees' effect summaries
// (effects.ts). A call may stay in a parallel loop when every pointer
// argument its callee writes through points to storage private to the
// iteration, or to elements the dependence test can separate (`&acc[i]`
// becomes a write of acc[i]); what the callee only reads becomes reads of
// what the argument points to. Globals the callee writes, I/O, functions
// defined elsewhere and recursion refuse the loop.
import { affine, field, isTypedefName, unparen, walk, type ArrayAccess, type Loop, type SymbolInfo, type SyntaxNode } from '../index.js';
import type { FnContext } from './context.js';
import { arrayLevels, chain, effectsOf, ordinal, ownsStorage, stripQualifiers, type Effects, type Extent, type ParamEffect } from './effects.js';
import { PURE_LIBRARY } from './pure.js';

/** One pointer argument a callee reads or writes through. */
export interface ArgUse {
  callee: string;
  index: number;
  arg: SyntaxNode;
  effect: ParamEffect;
  paramType: string;
}

export interface LoopCalls {
  reasons: string[];
  uses: ArgUse[];
  /** Callees and the globals they read. */
  globalsRead: { callee: string; global: string }[];
  /** Reads through pointers the summaries cannot place. */
  unknownReads: string[];
  uneven: boolean;
  /** Every effect summary of a callee in the loop, by name. */
  effects: Map<string, Effects>;
}

/** Effects of the calls in a loop body (calls nested in inner loops included). */
export function loopCalls(ctx: FnContext, body: SyntaxNode): LoopCalls {
  const out: LoopCalls = { reasons: [], uses: [], globalsRead: [], unknownReads: [], uneven: false, effects: new Map() };
  const said = new Set<string>();
  const say = (r: string) => {
    if (!said.has(r)) out.reasons.push(r);
    said.add(r);
  };
  for (const n of walk(body)) {
    if (n.type !== 'call_expression') continue;
    const f = unparen(field(n, 'function')!);
    if (f.type !== 'identifier') {
      say('calls through a function pointer');
      continue;
    }
    const name = f.text;
    if (ctx.sym(name)) {
      say(`calls through a function pointer (${name})`);
      continue;
    }
    // A definition in this file wins over a library name.
    const defined = ctx.tu.functions.some((x) => x.name === name);
    if (!defined && PURE_LIBRARY.has(name)) continue;
    if (!defined && isTypedefName(ctx.tu, name)) continue;
    const eff = effectsOf(ctx.tu, name);
    if (!eff) {
      say(`calls ${name}, which is not defined in this file (its effects are unknown)`);
      continue;
    }
    out.effects.set(name, eff);
    if (eff.unknown) {
      say(`calls ${name}, which ${eff.unknown}`);
      continue;
    }
    for (const g of [...eff.globalsWritten].sort()) say(`calls ${name}, which writes the global ${g}`);
    for (const g of eff.globalsRead) out.globalsRead.push({ callee: name, global: g });
    if (eff.readsUnknown) out.unknownReads.push(`${name} reads ${eff.readsUnknown}`);
    if (eff.uneven) out.uneven = true;
    const args = field(n, 'arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (args.length > eff.params.length) {
      say(`calls ${name} with more arguments than it declares`);
      continue;
    }
    args.forEach((arg, index) => {
      const effect = eff.params[index];
      if (effect.read || effect.write) out.uses.push({ callee: name, index, arg, effect, paramType: eff.paramTypes[index] });
    });
  }
  return out;
}

/** Is `amp` (a `&x` node) a direct argument of a call to a summarised callee? Then what the callee does with it is known. */
export function isKnownCallArgument(ctx: FnContext, amp: SyntaxNode): { known: boolean; writes: boolean } {
  const p = amp.parent;
  if (p?.type !== 'argument_list') return { known: false, writes: true };
  const index = p.namedChildren.filter((a) => a.type !== 'comment').findIndex((a) => a.startIndex === amp.startIndex);
  const call = p.parent;
  const f = call ? field(call, 'function') : null;
  if (!call || !f || unparen(f).type !== 'identifier') return { known: false, writes: true };
  const name = unparen(f).text;
  if (ctx.sym(name)) return { known: false, writes: true };
  if (PURE_LIBRARY.has(name) && !ctx.tu.functions.some((x) => x.name === name)) return { known: true, writes: false };
  const eff = effectsOf(ctx.tu, name);
  if (!eff || eff.unknown || index < 0 || index >= eff.params.length) return { known: false, writes: true };
  return { known: true, writes: !!eff.params[index].write };
}

/** An access the loop makes through a callee: a write or read of what an argument points to. */
export interface CallAccess extends ArrayAccess {
  via: string;
}

export type ArgTarget = { kind: 'private' } | { kind: 'none' } | { kind: 'scalar'; name: string } | { kind: 'accesses'; accesses: CallAccess[] } | { kind: 'unknown'; why: string };

function elemOf(s: SymbolInfo): string {
  return stripQualifiers(s.baseType);
}

/**
 * What an argument points to, in the caller: the iteration's own storage,
 * an outer scalar (`&total`), elements of an array or pointer (`&acc[i]`,
 * `out`), or something unknown. `inside` says a name is declared in the
 * loop body.
 */
export function argTarget(ctx: FnContext, loop: Loop, use: ArgUse, inside: (name: string) => boolean): ArgTarget {
  const a = unparen(use.arg);
  const via = `${use.callee}, which ${use.effect.write ? 'writes' : 'reads'} through its ${ordinal(use.index)} argument \`${use.arg.text}\``;
  const mk = (base: string, subs: ArrayAccess['subscripts'][number][], offset: number, ext: Extent | 'whole', exact: boolean): ArgTarget => {
    const accesses: CallAccess[] = [];
    const flags = { isWrite: !!use.effect.write, isRead: !!use.effect.read || !use.effect.write };
    const texts = (ss: typeof subs) => `${base}${ss.map((s) => `[${s ? affine.show(s) : '?'}]`).join('')}`;
    const push = (ss: typeof subs) => accesses.push({ array: base, subscripts: ss, subscriptTexts: ss.map((s) => (s ? affine.show(s) : '?')), text: texts(ss), line: 0, offset, via, ...flags });
    const extent = ext === 'whole' ? 'unknown' : ext;
    if (!exact || extent === 'unknown') push(subs.map(() => null));
    else
      for (const c of extent) {
        if (c !== 0 && subs.length !== 1) {
          push(subs.map(() => null));
          break;
        }
        const last = subs[subs.length - 1];
        push([...subs.slice(0, -1), last ? affine.add(last, affine.constant(c)) : null]);
      }
    return { kind: 'accesses', accesses };
  };
  const extent: Extent = mergeBoth(use.effect);
  if (a.type === 'number_literal' && a.text === '0') return { kind: 'none' };
  if (a.type === 'string_literal' || a.type === 'concatenated_string') return use.effect.write ? { kind: 'unknown', why: 'a string literal' } : { kind: 'none' };
  if (a.type === 'cast_expression' && /^\s*0\s*$/.test(field(a, 'value')?.text ?? '')) return { kind: 'none' };
  if (a.type === 'identifier') {
    const s = ctx.sym(a.text);
    if (!s) return { kind: 'unknown', why: `${a.text}, whose declaration is not visible` };
    if (s.kind === 'scalar' || s.kind === 'function') return { kind: 'unknown', why: `${a.text}, which is not an array or pointer` };
    if (inside(a.text) && s.scope === 'local') return ownsStorage(s) ? { kind: 'private' } : { kind: 'unknown', why: `pointer ${a.text}, declared in the loop, which may point anywhere` };
    const D = arrayLevels(s);
    const exact = D === 1 && elemOf(s) === use.paramType;
    return mk(
      a.text,
      Array.from({ length: Math.max(D, 1) }, () => affine.constant(0)),
      a.startIndex,
      extent,
      exact,
    );
  }
  if (a.type === 'binary_expression' && a.child(1)?.type === '+') {
    const l = unparen(field(a, 'left')!);
    const s = l.type === 'identifier' ? ctx.sym(l.text) : undefined;
    if (s && (s.kind === 'pointer' || s.kind === 'array') && !(inside(l.text) && s.scope === 'local')) {
      const D = arrayLevels(s);
      const sub = affine.toAffine(field(a, 'right')!);
      return mk(
        l.text,
        Array.from({ length: Math.max(D, 1) }, (_, i) => (i === 0 ? sub : affine.constant(0))),
        a.startIndex,
        extent,
        D === 1 && elemOf(s) === use.paramType && !!sub,
      );
    }
    if (s && ownsStorage(s) && inside(l.text) && s.scope === 'local') return { kind: 'private' };
    return { kind: 'unknown', why: `${a.text}, an address the test cannot follow` };
  }
  if (a.type !== 'pointer_expression' || a.child(0)?.type !== '&') return { kind: 'unknown', why: `${a.text}, which may point anywhere` };
  // &lvalue: strip members (`&p[i].x` lies inside p[i]), then a name or a subscript chain.
  let lv = unparen(field(a, 'argument')!);
  let member = false;
  let deref = false;
  let arrow: SyntaxNode | null = null;
  while (lv.type === 'field_expression') {
    member = true;
    if (lv.child(1)?.type === '->') {
      arrow = unparen(field(lv, 'argument')!);
      break;
    }
    lv = unparen(field(lv, 'argument')!);
  }
  if (arrow) {
    // &p->f: inside p[0].
    if (arrow.type !== 'identifier') return { kind: 'unknown', why: `${a.text}, an address the test cannot follow` };
    const s = ctx.sym(arrow.text);
    if (!s || s.kind !== 'pointer') return { kind: 'unknown', why: `${a.text}, an address the test cannot follow` };
    if (inside(arrow.text) && s.scope === 'local') return { kind: 'unknown', why: `pointer ${arrow.text}, declared in the loop, which may point anywhere` };
    return mk(arrow.text, [affine.constant(0)], a.startIndex, extent, false === member);
  }
  if (lv.type === 'pointer_expression' && lv.child(0)?.type === '*') {
    lv = unparen(field(lv, 'argument')!);
    deref = true;
    if (lv.type !== 'identifier') return { kind: 'unknown', why: `${a.text}, an address the test cannot follow` };
  }
  if (lv.type === 'identifier') {
    const s = ctx.sym(lv.text);
    if (!s) return { kind: 'unknown', why: `${lv.text}, whose declaration is not visible` };
    if (deref) {
      if (s.kind !== 'pointer' && s.kind !== 'array') return { kind: 'unknown', why: `${a.text}, an address the test cannot follow` };
      if (inside(lv.text) && s.scope === 'local') return ownsStorage(s) ? { kind: 'private' } : { kind: 'unknown', why: `pointer ${lv.text}, declared in the loop, which may point anywhere` };
      return mk(
        lv.text,
        Array.from({ length: Math.max(arrayLevels(s), 1) }, () => affine.constant(0)),
        a.startIndex,
        extent,
        !member && arrayLevels(s) === 1 && elemOf(s) === use.paramType,
      );
    }
    if (inside(lv.text) && s.scope === 'local') return { kind: 'private' };
    if (ownsStorage(s) || (s.kind === 'array' && s.scope === 'param'))
      return mk(
        lv.text,
        Array.from({ length: arrayLevels(s) }, () => affine.constant(0)),
        a.startIndex,
        extent,
        false,
      );
    return { kind: 'scalar', name: lv.text };
  }
  if (lv.type === 'subscript_expression') {
    const ch = chain(lv);
    if (ch.base.type !== 'identifier') return { kind: 'unknown', why: `${a.text}, an address the test cannot follow` };
    const base = ch.base.text;
    const s = ctx.sym(base);
    if (!s) return { kind: 'unknown', why: `${base}, whose declaration is not visible` };
    if (inside(base) && s.scope === 'local' && ownsStorage(s)) return { kind: 'private' };
    if (ch.subs.length > arrayLevels(s)) return { kind: 'unknown', why: `${a.text}, inside memory a loaded pointer points to` };
    // The subscripts as the analysis read them (with its local definitions).
    const known = loop.accesses.find((x) => x.offset === lv.startIndex && x.array === base && x.subscripts.length === ch.subs.length);
    const subs = known ? known.subscripts : ch.subs.map((x) => affine.toAffine(x));
    const full = ch.subs.length === arrayLevels(s);
    return mk(base, subs, lv.startIndex, extent, full && !member && elemOf(s) === use.paramType && subs.every((x) => x));
  }
  return { kind: 'unknown', why: `${a.text}, an address the test cannot follow` };
}

function mergeBoth(e: ParamEffect): Extent {
  const xs = [e.read, e.write].filter((x): x is Extent => !!x);
  if (xs.some((x) => x === 'unknown')) return 'unknown';
  return [...new Set(xs.flatMap((x) => x as number[]))].sort((p, q) => p - q);
}
