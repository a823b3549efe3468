// Does an index array keep its contents across the iterations of a loop?
// The overlap check asks before it keeps a scan of the array from one
// iteration to the next. The answer is by types, as the dependence test's
// aliasing is: under C's strict aliasing a write of a `double` cannot change
// an `int`, so a loop that writes only other basic types, and calls only
// functions whose summaries write only other basic types, leaves an `int`
// array as it was. Anything it cannot type is a change.
import type { Loop } from '../index.js';
import type { FnContext } from './context.js';
import { effectsOf, stripQualifiers } from './effects.js';
import { PURE_LIBRARY } from './pure.js';

const SIZED: Record<string, string> = { size_t: 'long', ssize_t: 'long', ptrdiff_t: 'long', int16_t: 'short', uint16_t: 'short', int32_t: 'int', uint32_t: 'int', int64_t: 'long', uint64_t: 'long' };

/** A basic type's aliasing class (signed and unsigned variants share one), or undefined for char, typedefs and aggregates. */
export function aliasClass(type: string): string | undefined {
  const words = stripQualifiers(type)
    .split(' ')
    .filter((w) => w && w !== 'signed' && w !== 'unsigned');
  if (words.length === 1 && SIZED[words[0]]) return SIZED[words[0]];
  if (!words.length) return 'int';
  if (!words.every((w) => ['int', 'long', 'short', 'float', 'double', '_Bool'].includes(w))) return undefined;
  const core = words.filter((w) => w !== 'int');
  return core.length ? core.join(' ') : 'int';
}

export function unchangedAcross(ctx: FnContext, outer: Loop, array: string): boolean {
  if (ctx.tu.strictAliasing === false) return false;
  const s = ctx.sym(array);
  if (!s || s.isVolatile || (s.kind !== 'array' && s.pointerDepth !== 1)) return false;
  if (s.kind === 'array' && s.pointerDepth !== 0) return false;
  const cls = aliasClass(s.baseType);
  if (!cls) return false;
  if (outer.scalarsWritten.includes(array) || outer.locals.includes(array)) return false;
  const other = (type: string | undefined) => {
    const c = type === undefined ? undefined : aliasClass(type);
    return c !== undefined && c !== cls;
  };
  // Stores into memory: each through a name whose element type is known and another class.
  for (const a of outer.accesses) {
    if (!a.isWrite) continue;
    const base = ctx.sym(a.array);
    if (!base || a.array.includes('.') || a.array.includes('>') || !other(base.baseType)) return false;
  }
  // Scalars (and struct fields) the array might point at: any it cannot rule out by type or by address.
  for (const v of outer.scalarsWritten) {
    if (v.includes('->') || v.includes('*')) return false;
    const root = v.split('.')[0];
    // Declared inside the loop: the array, set before it, cannot point there.
    if (outer.locals.includes(root)) continue;
    const t = ctx.sym(root);
    if (!t) return false;
    // A whole scalar of another class, or a pointer variable itself (an int * cannot point at an int *).
    if (root === v && (other(t.baseType) || (t.kind !== 'array' && t.pointerDepth > 0))) continue;
    if (t.scope === 'global' || new RegExp(`&\\s*\\(?\\s*${root}\\b`).test(ctx.fn.text)) return false;
  }
  for (const c of outer.calls) {
    if (PURE_LIBRARY.has(c)) continue;
    const e = effectsOf(ctx.tu, c);
    if (!e || e.unknown || e.globalsWritten.size) return false;
    for (const [i, p] of e.params.entries()) if (p.write && !other(e.paramTypes[i] || undefined)) return false;
  }
  return true;
}
