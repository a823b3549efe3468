// Which hot loop nests of a function the harness cannot drive (main, a
// function that prints or calls code in another file) can stand as functions
// of their own, and with what parameters, as OpenMP's own outlining makes a
// function of a parallel region. Pure: the text is made in rewrite/outline.ts.
//
// The outlined function runs the nest's own text unchanged. What keeps the
// meaning is how each name the nest uses from outside reaches it:
// - a file-scope name is seen as it is (the function goes right before the
//   one it came from, so everything declared before that is declared);
// - an array object (a local array) is passed as itself: the nest reads and
//   writes the very object, through the pointer it decays to; `restrict`
//   when the function uses only its elements (no pointer into it exists);
// - a scalar, pointer or struct the nest only reads is passed by value;
// - one the nest writes is copied in through a restrict pointer and copied
//   back after the nest when anything after the nest may read it;
// - one the nest writes before it reads, and nothing reads after it, is a
//   local of the outlined function (a loop counter declared at the top).
// A copy is the object itself only when no pointer to it exists: a name
// whose address is taken (other than by a scanf-like call before the nest)
// keeps the nest where it is, as do a jump into or out of the nest (goto,
// labels, return), setjmp, alloca, static or extern locals, types declared
// in the function, `sizeof` of a local array (a pointer in the outlined
// function), __func__, and VLA sizes that change after their declaration.
import { loopWork } from './hotness.js';
import { declaratorShape } from './symbols.js';
import { field, memoPerParse, unparen, walk, type SyntaxNode } from './parse.js';
import type { FunctionInfo, Loop } from './types.js';

/** How one name from outside the nest reaches the outlined function. */
export type LiveIn =
  /** By value (read only), or an array object passed as itself: the parameter is the declaration. */
  | { name: string; mode: 'value' | 'array'; param: string }
  /** Written in the nest: copied in through `ref`, and back when `copyOut`; `local` is the declaration inside. */
  | { name: string; mode: 'ref'; param: string; ref: string; local: string; copyOut: boolean }
  /** Written before read in the nest, dead after it: a plain local of the outlined function. */
  | { name: string; mode: 'local'; local: string }
  /**
   * A const object initialised with literals (`static const int kern[5][5] = {...}`): the outlined
   * function declares its own copy, so the compiler folds its values as it did in the function,
   * where a parameter would be loaded and multiplied.
   */
  | { name: string; mode: 'constant'; local: string };

export interface NestOutline {
  /** The function the nest is in. */
  from: string;
  /** The outlined function's name, `__slmcc_loop_<from>_<n>`. */
  name: string;
  loopId: string;
  sourceLine: number;
  /** Offsets of the nest statement in the unit's text. */
  start: number;
  end: number;
  /** Offset in the unit's text where the outlined function goes (the start of `from`). */
  at: number;
  liveIns: LiveIn[];
}

export type NestChoice = { kind: 'outline'; nest: NestOutline } | { kind: 'kept'; from: string; loopId: string; sourceLine: number; reason: string };

export const outlinedName = (from: string, n: number) => `__slmcc_loop_${from}_${n}`;
export const isOutlinedName = (name: string) => name.startsWith('__slmcc_loop_');

export interface OutlineContext {
  /** May the nest call this (not I/O, not code from another unit)? */
  mayCall(name: string): boolean;
  /** Is this file-scope name declared before `offset` in the unit? */
  declaredBefore(name: string, offset: number): boolean;
  /** The hotness threshold a nest must reach on its own (log10 of its estimated work). */
  hotAt: number;
}

/** Calls that take a scalar's address only for the call itself (they keep no pointer). */
const ADDRESS_FOR_THE_CALL = new Set(['scanf', 'fscanf', 'sscanf', '__isoc99_scanf', '__isoc99_fscanf', '__isoc99_sscanf', 'gettimeofday', 'time', 'clock_gettime']);
const FRAME_CALLS = new Set([
  'alloca',
  '__builtin_alloca',
  'setjmp',
  '_setjmp',
  'sigsetjmp',
  '__sigsetjmp',
  'longjmp',
  'siglongjmp',
  'va_start',
  'va_arg',
  'va_end',
  '__builtin_va_start',
  '__builtin_va_arg',
  '__builtin_va_end',
]);
const FUNCTION_NAMES = new Set(['__func__', '__FUNCTION__', '__PRETTY_FUNCTION__']);
const LOOP_TYPES = new Set(['for_statement', 'while_statement', 'do_statement']);
const STORAGE = /\b(register|auto|static|extern|_Thread_local|__thread)\b\s*/g;

const hotEnough = (loop: Loop, hotAt: number) => Math.log10(1 + loopWork(loop)) >= hotAt;

/**
 * For each loop nest of `fn` hot enough on its own: how it is outlined, or
 * why it stays. A nest that calls what the outlined function may not call
 * (I/O) is not a unit: its inner nests are tried instead.
 */
export function outlineNests(fnNode: SyntaxNode, fn: FunctionInfo, ctx: OutlineContext): NestChoice[] {
  const out: NestChoice[] = [];
  const body = field(fnNode, 'body');
  if (!body) return out;
  const whole = functionRefusal(fnNode, body);
  let n = 0;
  const visit = (loop: Loop) => {
    if (!hotEnough(loop, ctx.hotAt)) return;
    const bad = loop.calls.filter((c) => !ctx.mayCall(c));
    if (bad.length) {
      const before = out.length;
      loop.children.forEach(visit);
      if (out.length === before)
        out.push({ kind: 'kept', from: fn.name, loopId: loop.id, sourceLine: loop.sourceLine, reason: `its loop at line ${loop.sourceLine} calls ${[...new Set(bad)].join(', ')}` });
      return;
    }
    const kept = (reason: string) =>
      out.push({ kind: 'kept', from: fn.name, loopId: loop.id, sourceLine: loop.sourceLine, reason: `its loop at line ${loop.sourceLine} cannot be outlined: ${reason}` });
    if (whole) return void kept(whole);
    const node = nodeAt(body, fn.start + loop.start, fn.start + loop.end);
    if (!node) return void kept('the loop was not found again in the syntax tree');
    const planned = planNest(fnNode, body, node, ctx);
    if ('reason' in planned) {
      // An inner nest may stand where the whole one cannot (a goto in another part of it).
      const before = out.length;
      loop.children.forEach(visit);
      if (!out.slice(before).some((c) => c.kind === 'outline')) {
        out.splice(before);
        kept(planned.reason);
      }
      return;
    }
    out.push({
      kind: 'outline',
      nest: {
        from: fn.name,
        name: outlinedName(fn.name, ++n),
        loopId: loop.id,
        sourceLine: loop.sourceLine,
        start: node.startIndex,
        end: node.endIndex,
        at: fnNode.startIndex,
        liveIns: planned.liveIns,
      },
    });
  };
  fn.loops.forEach(visit);
  return out;
}

/** What makes every nest of the function stay where it is. */
function functionRefusal(fnNode: SyntaxNode, body: SyntaxNode): string | undefined {
  for (const n of walk(body)) {
    if (n.type === 'type_definition') return 'the function declares a type';
    if ((n.type === 'struct_specifier' || n.type === 'union_specifier' || n.type === 'enum_specifier') && field(n, 'body')) return 'the function declares a type';
    if (n.type === 'call_expression') {
      const f = field(n, 'function');
      if (f?.type === 'identifier' && /^(_?_?setjmp|sigsetjmp|__sigsetjmp|vfork)$/.test(f.text)) return `the function calls ${f.text}`;
      // A directive of the user's own would apply to the call, or run it in every thread.
      if (f?.text === '_Pragma') return 'the function holds _Pragma directives of its own';
    }
    if (n.type === 'preproc_call' && /^\s*omp\b/.test(field(n, 'argument')?.text ?? '')) return 'the function holds OpenMP directives of its own';
  }
  let fd = field(fnNode, 'declarator');
  while (fd && fd.type !== 'function_declarator') fd = field(fd, 'declarator');
  const plist = fd ? field(fd, 'parameters') : null;
  if (plist && plist.namedChildren.some((p) => p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter')) return 'old-style parameter declarations';
  return undefined;
}

function nodeAt(root: SyntaxNode, start: number, end: number): SyntaxNode | undefined {
  for (const n of walk(root)) if (n.startIndex === start && n.endIndex === end && LOOP_TYPES.has(n.type)) return n;
  return undefined;
}

const inside = (n: SyntaxNode, outer: SyntaxNode) => n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;

/** The declarator nodes a declaration (or parameter declaration) introduces. */
function declarators(decl: SyntaxNode): SyntaxNode[] {
  return decl.childrenForFieldName('declarator');
}

function declaresName(decl: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const d of declarators(decl)) if (declaratorShape(d)?.name === name) return d;
  return undefined;
}

interface Declared {
  /** The declaration or parameter_declaration node. */
  decl: SyntaxNode;
  /** Its declarator for this name (an init_declarator's declarator, without the initialiser). */
  declarator: SyntaxNode;
  isParam: boolean;
}

/**
 * The declaration of `name` visible at `at`, searching the blocks between
 * `at` and `stop` (exclusive of what lies above `stop`): undefined when
 * none of them declares it.
 */
function visibleDeclaration(at: SyntaxNode, name: string, stop: SyntaxNode | null): Declared | undefined {
  let child = at;
  for (let a = at.parent; a; child = a, a = a.parent) {
    if (a.type === 'compound_statement') {
      for (const c of a.namedChildren) {
        if (c.startIndex >= child.startIndex) break;
        if (c.type !== 'declaration') continue;
        const d = declaresName(c, name);
        if (d) return { decl: c, declarator: d.type === 'init_declarator' ? field(d, 'declarator')! : d, isParam: false };
      }
    } else if (a.type === 'for_statement') {
      const init = field(a, 'initializer');
      if (init?.type === 'declaration' && !inside(child, init)) {
        const d = declaresName(init, name);
        if (d) return { decl: init, declarator: d.type === 'init_declarator' ? field(d, 'declarator')! : d, isParam: false };
      }
    } else if (a.type === 'declaration' && a.parent?.type !== 'translation_unit') {
      // `int n = 3, m = n;`: an earlier declarator of the same declaration.
      for (const d of declarators(a)) {
        if (d.startIndex >= child.startIndex) break;
        if (declaratorShape(d)?.name === name) return { decl: a, declarator: d.type === 'init_declarator' ? field(d, 'declarator')! : d, isParam: false };
      }
    } else if (a.type === 'function_definition') {
      let fd = field(a, 'declarator');
      while (fd && fd.type !== 'function_declarator') fd = field(fd, 'declarator');
      for (const p of fd ? (field(fd, 'parameters')?.namedChildren ?? []) : []) {
        if (p.type !== 'parameter_declaration') continue;
        const d = declaresName(p, name);
        if (d) return { decl: p, declarator: d, isParam: true };
      }
      return undefined;
    }
    if (same(a, stop)) return undefined;
  }
  return undefined;
}

const same = (a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined) => !!a && !!b && a.id === b.id;

/** An identifier that refers to something declared (not a declaration's own name). */
function isReference(id: SyntaxNode): boolean {
  let n = id;
  for (;;) {
    const p = n.parent;
    if (!p) return true;
    if (p.type === 'declaration' || p.type === 'parameter_declaration' || p.type === 'type_definition' || p.type === 'field_declaration')
      return !p.childrenForFieldName('declarator').some((d) => same(d, n));
    if (p.type === 'parenthesized_declarator' || p.type === 'attributed_declarator' || (/declarator$/.test(p.type) && same(field(p, 'declarator'), n))) {
      n = p;
      continue;
    }
    return true;
  }
}

type Use = 'read' | 'write' | 'address';

/** How an occurrence of a name uses the object it names: through `.`, parentheses and (for arrays) subscripts. */
function useOf(id: SyntaxNode, isArray: boolean): { use: Use; whole: boolean } {
  let n = id;
  let whole = true;
  let throughMember = false;
  for (;;) {
    const p = n.parent;
    if (!p) break;
    if (p.type === 'parenthesized_expression') n = p;
    else if (p.type === 'field_expression' && same(field(p, 'argument'), n) && field(p, 'operator')?.text === '.') {
      n = p;
      whole = false;
      throughMember = true;
    } else if (p.type === 'subscript_expression' && same(field(p, 'argument'), n) && (isArray || throughMember)) {
      n = p;
      whole = false;
    } else break;
  }
  const p = n.parent;
  if (!p) return { use: 'read', whole };
  if (p.type === 'assignment_expression' && same(field(p, 'left'), n)) return { use: 'write', whole };
  if (p.type === 'update_expression') return { use: 'write', whole };
  if (p.type === 'pointer_expression' && field(p, 'operator')?.text === '&') return { use: 'address', whole };
  return { use: 'read', whole };
}

/**
 * The names a nest stores to, when it calls nothing (nor holds assembly) and every store is to a
 * name (`x = ...`, `x += ...`, `x++`): then no memory but those named
 * objects changes while it runs. Undefined for any call or any store through
 * a pointer, a subscript or a member.
 */
const storedScalars = memoPerParse((nest: SyntaxNode): Set<string> | undefined => {
  const names = new Set<string>();
  for (const n of walk(nest)) {
    if (n.type === 'call_expression' || n.type === 'gnu_asm_expression') return undefined;
    const target = n.type === 'assignment_expression' ? field(n, 'left') : n.type === 'update_expression' ? field(n, 'argument') : null;
    if (!target) continue;
    const t = unparen(target);
    if (t.type !== 'identifier') return undefined;
    names.add(t.text);
  }
  return names;
});

/**
 * Does every reference to the local array `name` in `body` reach an element
 * (`a[i][j]` read or written), never a pointer (`&a[i]`, `a + 1`, `a[i]` of a
 * two-dimensional `a`, `f(a)`)? Then nothing points into the array but its
 * own name.
 */
function onlyElementsUsed(body: SyntaxNode, name: string, rank: number): boolean {
  for (const x of identifiers(body)) {
    if (x.text !== name || !isReference(x) || inTypeOperator(x, body)) continue;
    let n = x;
    let subscripts = 0;
    for (let p = n.parent; p; p = n.parent) {
      if (p.type === 'parenthesized_expression') n = p;
      else if (p.type === 'subscript_expression' && same(field(p, 'argument'), n)) {
        n = p;
        subscripts++;
      } else break;
    }
    if (subscripts < rank) return false;
    const p = n.parent;
    if (p?.type === 'pointer_expression' && field(p, 'operator')?.text === '&') return false;
  }
  return true;
}

function identifiers(node: SyntaxNode): SyntaxNode[] {
  return node.descendantsOfType('identifier');
}

/** Inside `sizeof`, `_Alignof`, `typeof`: the operand is a type's, and an array's type changes when it is passed. */
function inTypeOperator(id: SyntaxNode, stop: SyntaxNode): boolean {
  for (let a = id.parent; a && !same(a, stop); a = a.parent)
    if (a.type === 'sizeof_expression' || a.type === 'alignof_expression' || a.type === 'typeof_specifier' || a.type === 'offsetof_expression') return true;
  return false;
}

/**
 * Is this occurrence of `name` inside a for statement (one `counts` accepts)
 * whose initialiser `name = e` (e not using name) runs before it? There the
 * value it reads is that for's own, never what came before.
 */
function overwritingFor(id: SyntaxNode, name: string, counts: (f: SyntaxNode) => boolean): boolean {
  for (let a = id.parent; a; a = a.parent) {
    if (a.type !== 'for_statement' || !counts(a)) continue;
    const init = field(a, 'initializer');
    if (init?.type !== 'assignment_expression' || field(init, 'operator')?.text !== '=') continue;
    const left = field(init, 'left');
    const right = field(init, 'right');
    if (left?.type !== 'identifier' || left.text !== name || !right) continue;
    if (right.text === name || identifiers(right).some((x) => x.text === name)) continue;
    if (inside(id, right)) continue;
    return true;
  }
  return false;
}

/** Text of a declaration's specifiers (type, qualifiers, attributes), storage classes dropped. */
function specifiers(decl: SyntaxNode): string {
  const first = declarators(decl)[0];
  const end = first ? first.startIndex : decl.endIndex;
  return decl.text
    .slice(0, end - decl.startIndex)
    .replace(STORAGE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function withName(declarator: SyntaxNode, name: string, replacement: string): string {
  const shape = declaratorShape(declarator);
  if (!shape) return declarator.text;
  const s = shape.nameNode.startIndex - declarator.startIndex;
  return declarator.text.slice(0, s) + replacement + declarator.text.slice(s + name.length);
}

function planNest(fnNode: SyntaxNode, body: SyntaxNode, nest: SyntaxNode, ctx: OutlineContext): { liveIns: LiveIn[] } | { reason: string } {
  if (/\n\s*#/.test(nest.text)) return { reason: 'it holds a line marker (an #include inside the loop)' };
  const before = nest.previousSibling;
  if (before && before.type.startsWith('preproc')) return { reason: 'a directive applies to it' };
  for (const n of walk(nest)) {
    if (n.type === 'return_statement') return { reason: 'a return inside it leaves the function' };
    if (n.type === 'goto_statement') return { reason: 'a goto inside it may jump out of it' };
    if (n.type === 'labeled_statement') return { reason: 'a label inside it may be jumped to from outside' };
    if (n.type === 'case_statement') {
      let sw = n.parent;
      while (sw && sw.type !== 'switch_statement') sw = sw.parent;
      if (!sw || !inside(sw, nest)) return { reason: 'a case label inside it belongs to a switch around it' };
    }
    if (n.type === 'ms_based_modifier' || n.type === 'gnu_asm_expression' || n.type === 'asm_statement') return { reason: 'it holds inline assembly' };
    if (n.type === 'call_expression') {
      const f = field(n, 'function');
      if (f?.type === 'identifier' && FRAME_CALLS.has(f.text)) return { reason: `it calls ${f.text}, which belongs to the function's own frame` };
    }
  }
  const hasGoto = [...walk(body)].some((n) => n.type === 'goto_statement');
  // Each outside name the nest uses, with its declaration.
  const outside = new Map<string, Declared>();
  for (const id of identifiers(nest)) {
    if (!isReference(id)) continue;
    const name = id.text;
    if (FUNCTION_NAMES.has(name)) return { reason: `it uses ${name}, which would name the outlined function` };
    if (visibleDeclaration(id, name, nest)) continue;
    if (outside.has(name)) continue;
    const d = visibleDeclaration(nest, name, null);
    if (d) {
      outside.set(name, d);
      continue;
    }
    if (name.startsWith('__builtin_')) continue;
    if (!ctx.declaredBefore(name, fnNode.startIndex)) return { reason: `it uses ${name}, which is not declared before the function` };
  }
  // VLA sizes in a passed declaration: their names must hold the values the sizes were made from.
  const writtenAnywhere = (name: string) => identifiers(body).some((x) => x.text === name && isReference(x) && useOf(x, false).use !== 'read');
  for (const [name, d] of [...outside]) {
    for (const x of identifiers(d.declarator)) {
      if (x.text === name) continue;
      const dd = visibleDeclaration(d.declarator, x.text, null) ?? visibleDeclaration(nest, x.text, null);
      if (!dd) return { reason: `the size of ${name} uses ${x.text}, which the outlined function cannot be given` };
      if (writtenAnywhere(x.text)) return { reason: `the size of ${name} uses ${x.text}, which the function changes` };
      if (!outside.has(x.text)) outside.set(x.text, dd);
    }
  }
  const liveIns: { at: number; liveIn: LiveIn }[] = [];
  for (const [name, d] of outside) {
    const storage = d.decl.namedChildren.filter((c) => c.type === 'storage_class_specifier').map((c) => c.text);
    // A static local array is one storage for every call: passed as itself, as any local array is.
    const staticArray = storage.includes('static') && !d.isParam && (declaratorShape(d.declarator)?.dims.length ?? 0) > 0;
    if (storage.includes('extern')) return { reason: `it uses ${name}, declared extern inside the function` };
    if (d.decl.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'volatile')) return { reason: `it uses the volatile local ${name}` };
    const shape = declaratorShape(d.declarator);
    if (!shape) return { reason: `the declaration of ${name} is not understood` };
    if (shape.isFunction && shape.pointerDepth === 0) continue; // a block-scope prototype: a file-scope function
    const isArray = !d.isParam && shape.dims.length > 0;
    const uses = identifiers(nest)
      .filter((x) => x.text === name && isReference(x) && !visibleDeclaration(x, name, nest))
      .map((x) => ({ x, ...useOf(x, isArray) }));
    const at = d.decl.startIndex;
    const constant = constantCopy(d, body, name, shape.dims.length);
    if (constant && uses.every((u) => u.use === 'read')) {
      liveIns.push({ at, liveIn: { name, mode: 'constant', local: constant } });
      continue;
    }
    if (storage.includes('static') && !staticArray) return { reason: `it uses the static local ${name}` };
    const declText = `${staticArray ? specifiers(d.decl).replace(/\bstatic\b\s*/, '') : specifiers(d.decl)} ${d.declarator.text}`;
    if (isArray) {
      if (uses.some((u) => u.use === 'address' && u.whole)) return { reason: `it takes the address of the array ${name}, whose type changes when it is passed` };
      if (uses.some((u) => inTypeOperator(u.x, nest))) return { reason: `it takes the size of the array ${name}, a pointer once passed` };
      // No pointer into the array exists but the parameter: `restrict` says so to whoever judges the outlined nest.
      // A static array that may be written is left alone: a call in the nest could reach it by name again.
      const restrict = (!staticArray || /\bconst\b/.test(specifiers(d.decl))) && onlyElementsUsed(body, name, shape.dims.length) && new RegExp(`^${name}\\s*\\[`).test(d.declarator.text);
      liveIns.push({ at, liveIn: { name, mode: 'array', param: restrict ? declText.replace(new RegExp(`\\b${name}\\s*\\[`), `${name}[restrict `) : declText } });
      continue;
    }
    if (uses.some((u) => u.use === 'address')) return { reason: `it takes the address of ${name}` };
    // Outside the nest, the address may be taken only for a call that keeps
    // no pointer, or where nothing in the nest could reach the object through
    // a pointer kept elsewhere: the nest calls nothing and stores only to
    // named scalars, never to this one, so the object holds its entry value
    // throughout and a copy is exact (heat-print's `Grid g`, handed to
    // grid_init(&g) and solve(&g), then only read by the summary nest).
    for (const x of identifiers(body)) {
      if (x.text !== name || inside(x, nest) || !isReference(x) || useOf(x, false).use !== 'address') continue;
      const call = x.parent?.parent?.parent;
      const callee = call?.type === 'call_expression' ? field(call, 'function')?.text : undefined;
      if (callee && ADDRESS_FOR_THE_CALL.has(callee) && call!.endIndex <= nest.startIndex) continue;
      const stored = storedScalars(nest);
      if (stored && !stored.has(name)) continue;
      return { reason: `the address of ${name} is taken` };
    }
    // A member reached through `.` may be an array that decays to a pointer the nest writes through: counted as written.
    const written = uses.some((u) => u.use === 'write' || !u.whole);
    if (!written) {
      liveIns.push({ at, liveIn: { name, mode: 'value', param: declText } });
      continue;
    }
    if (storage.includes('register')) return { reason: `it writes the register variable ${name}` };
    const readFirst = uses.some((u) => !overwritingFor(u.x, name, (f) => inside(f, nest)));
    const liveAfter = hasGoto || readAfter(body, nest, name, d);
    if (!readFirst && !liveAfter) {
      liveIns.push({ at, liveIn: { name, mode: 'local', local: `${specifiers(d.decl)} ${d.declarator.text};` } });
      continue;
    }
    const ref = `__slmcc_ref_${name}`;
    // `res = 0.0;` right before the nest: the one call finds that value, so the copy starts from the literal itself.
    const start = literalJustBefore(nest, name);
    liveIns.push({
      at,
      liveIn: {
        name,
        mode: 'ref',
        ref,
        param: `${specifiers(d.decl)} ${withName(d.declarator, name, shape.dims.length || shape.isFunction ? `(*restrict ${ref})` : `*restrict ${ref}`)}`,
        local: `${specifiers(d.decl)} ${d.declarator.text} = ${start ?? `*${ref}`};`,
        copyOut: liveAfter,
      },
    });
  }
  // Declaration order: a VLA's sizes come before it, as in the function.
  liveIns.sort((a, b) => a.at - b.at);
  return { liveIns: liveIns.map((l) => l.liveIn) };
}

/** Nodes a literal-only initialiser may hold: no name, so it means the same at file scope. */
const LITERAL_PARTS = new Set([
  'initializer_list',
  'number_literal',
  'char_literal',
  'string_literal',
  'string_content',
  'escape_sequence',
  'concatenated_string',
  'unary_expression',
  'binary_expression',
  'parenthesized_expression',
  'comment',
]);

/**
 * The declaration of a copy of `name` for the outlined function, when `name`
 * is a const object initialised with literals alone and nothing points into
 * it (every use in the function reads a scalar or an element): the copy holds
 * the same values, and no pointer can tell the two apart.
 */
function constantCopy(d: Declared, body: SyntaxNode, name: string, rank: number): string | undefined {
  // `const char *names[]` holds pointers that may be changed: const must qualify the object itself.
  if (d.isParam || declaratorShape(d.declarator)?.pointerDepth !== 0 || !d.decl.namedChildren.some((c) => c.type === 'type_qualifier' && c.text === 'const')) return undefined;
  const init = d.declarator.parent?.type === 'init_declarator' ? field(d.declarator.parent, 'value') : null;
  if (!init || [...walk(init)].some((n) => n.isNamed && !LITERAL_PARTS.has(n.type))) return undefined;
  if (!onlyElementsUsed(body, name, rank)) return undefined;
  if (identifiers(body).some((x) => x.text === name && isReference(x) && useOf(x, rank > 0).use === 'write')) return undefined;
  // An array is made once, as a static; a scalar is a plain local either way.
  const storage = rank > 0 || d.decl.namedChildren.some((c) => c.type === 'storage_class_specifier' && c.text === 'static') ? 'static ' : '';
  return `${storage}${specifiers(d.decl)} ${d.declarator.text} = ${init.text};`;
}

/**
 * The number the statement just before the nest assigns to `name`, or null.
 * The outlined function is called from the nest's place alone, right after
 * that statement, so its copy of `name` may start from the same literal
 * (converted to the same type the same way): what it reads is then visible
 * to whoever judges the nest, as it was in the function (a max that starts
 * from 0.0).
 */
function literalJustBefore(nest: SyntaxNode, name: string): string | null {
  let prev = nest.previousNamedSibling;
  while (prev && (prev.type === 'comment' || prev.type.startsWith('preproc'))) prev = prev.previousNamedSibling;
  const as = prev?.type === 'expression_statement' ? prev.namedChildren[0] : null;
  if (as?.type !== 'assignment_expression' || as.child(1)?.type !== '=') return null;
  const left = field(as, 'left');
  const right = field(as, 'right');
  return left?.type === 'identifier' && left.text === name && right?.type === 'number_literal' ? right.text : null;
}

/**
 * May `name` be read after the nest with the value the nest left? Every
 * occurrence that can run later (textually after the nest in the declaring
 * scope, or anywhere in a loop around the nest) must be inside a for
 * statement whose initialiser overwrites it first.
 */
function readAfter(body: SyntaxNode, nest: SyntaxNode, name: string, d: Declared): boolean {
  const scope = d.isParam ? body : (d.decl.parent ?? body);
  let around: SyntaxNode | undefined;
  for (let a = nest.parent; a && !same(a, scope); a = a.parent) if (LOOP_TYPES.has(a.type)) around = a;
  for (const x of identifiers(scope)) {
    if (x.text !== name || inside(x, nest) || !isReference(x)) continue;
    const later = x.startIndex >= nest.endIndex || (around !== undefined && inside(x, around));
    // A for around the nest ran its initialiser before the nest: only one after it counts.
    if (later && !overwritingFor(x, name, (f) => !inside(nest, f))) return true;
  }
  return false;
}
