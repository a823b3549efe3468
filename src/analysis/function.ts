// FunctionInfo for one function definition node.
import type { Affine, FunctionInfo, Param } from './types.js';
import { equal, names, toAffine } from './affine.js';
import { affineChoices, collectFacts } from './facts.js';
import { buildLoops, forHeader } from './loops.js';
import { functionHotness } from './hotness.js';
import { isIntegerType } from './c-types.js';
import { declaratorShape, functionSymbols, type SymbolInfo } from './symbols.js';
import { field, unparen, walk, type SyntaxNode } from './parse.js';
import type { Globals } from './tu.js';

export interface FunctionContext {
  /** Source line of an offset into the text the node was parsed from. */
  lineAt: (offset: number) => number;
  /** File-scope variables by name. */
  globals: Globals;
}

function toParam(s: SymbolInfo): Param {
  const isPointer = s.pointerDepth > 0 || s.dims.length > 0;
  const p: Param = {
    name: s.name,
    type: s.type,
    isPointer,
    pointerDepth: s.pointerDepth + s.dims.length,
    isRestrict: s.isRestrict,
    isConstPointee: s.isConstPointee,
    baseType: s.baseType,
    writtenThrough: false,
  };
  if (s.dims.length) p.arrayDims = [...s.dimValues];
  return p;
}

/** How many times the function declares each name, as a local or a parameter. */
function declarationCounts(locals: SymbolInfo[], params: SymbolInfo[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const s of [...locals, ...params]) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  return count;
}

/** Locals set once from an affine expression, which subscripts may use in their place. */
function affineDefinitions(body: SyntaxNode, locals: SymbolInfo[], params: SymbolInfo[], written: Set<string>): Map<string, Affine> {
  const count = declarationCounts(locals, params);
  const defs = new Map<string, Affine>();
  for (const n of walk(body)) {
    if (n.type !== 'init_declarator') continue;
    const nameNode = field(n, 'declarator');
    const value = field(n, 'value');
    if (nameNode?.type !== 'identifier' || !value) continue;
    const name = nameNode.text;
    if (count.get(name) !== 1 || written.has(name)) continue;
    const decl = n.parent;
    if (decl?.type !== 'declaration' || !/\b(int|long|short|size_t|unsigned|ptrdiff_t|ssize_t|int\d+_t|uint\d+_t)\b/.test(field(decl, 'type')?.text ?? '')) continue;
    if (decl.parent?.type === 'for_statement') continue;
    const a = toAffine(value, (x) => defs.get(x));
    if (!a) continue;
    // Every name the definition uses must keep its value while `name` lives:
    // never written, or the induction variable of an enclosing loop that only
    // its header changes.
    const stable = names(a).every((v) => {
      if (!written.has(v)) return true;
      for (let p = decl.parent; p; p = p.parent) {
        const h = forHeader(p);
        if (h && h.var === v && h.declared) {
          const b = field(p, 'body');
          return !!b && !collectFacts(b, { lineOf: () => 0 }).scalarsWritten.includes(v);
        }
      }
      return false;
    });
    if (stable) defs.set(name, a);
  }
  return defs;
}

/**
 * Locals declared without a value and set by one plain assignment, a
 * statement of a block that holds every use after it: hotspot3D's `c = x +
 * y * nx + z * nx * ny;` at the top of its loop body, with `c` declared at
 * the top of the function. Each use sees that assignment's value, so a
 * subscript may use the expression in the name's place, as for a
 * definition; several assignments may, when each assigns the same
 * expression and each use follows one in its block (srad's two sweeps each
 * set `k = i + Nr*j`). The expression's names keep their value through the
 * block: locals and parameters nothing in the block writes and whose
 * address is never taken (a loop variable of a loop around it, a size set
 * before the loop), globals the function never writes in a block with no
 * call. A jump (goto, a switch's cases) could reach a use without the
 * assignment, so none may be there.
 */
function assignedOnce(body: SyntaxNode, locals: SymbolInfo[], params: SymbolInfo[], written: Set<string>, escaped: Set<string>, defs: Map<string, Affine>, choices: Map<string, Affine[]>): void {
  const count = declarationCounts(locals, params);
  const candidates = new Set(locals.filter((s) => s.kind === 'scalar' && s.pointerDepth === 0 && s.init === undefined && count.get(s.name) === 1 && isIntegerType(s.type)).map((s) => s.name));
  if (!candidates.size) return;
  // A name keeps its value from the assignment to the uses after it in its
  // block when nothing in the block writes it and no pointer can: a local or
  // a parameter whose address is never taken (or one nothing writes at all).
  const writtenIn = new Map<SyntaxNode, string[]>();
  const calls = new Map<SyntaxNode, boolean>();
  const stableIn = (v: string, block: SyntaxNode) => {
    if (!count.has(v)) {
      // A global: a call in the block may change it.
      if (!calls.has(block))
        calls.set(
          block,
          [...walk(block)].some((n) => n.type === 'call_expression'),
        );
      return !written.has(v) && !calls.get(block);
    }
    if (!written.has(v)) return true;
    if (escaped.has(v)) return false;
    let w = writtenIn.get(block);
    if (!w) writtenIn.set(block, (w = collectFacts(block, { lineOf: () => 0 }).scalarsWritten));
    return !w.includes(v);
  };
  const writes = new Map<string, SyntaxNode[]>();
  const uses = new Map<string, SyntaxNode[]>();
  for (const n of walk(body)) {
    if (n.type === 'goto_statement' || n.type === 'labeled_statement' || n.type === 'case_statement') return;
    if (n.type === 'assignment_expression' || n.type === 'update_expression') {
      const t = field(n, n.type === 'assignment_expression' ? 'left' : 'argument');
      if (t?.type === 'identifier' && candidates.has(t.text)) writes.set(t.text, [...(writes.get(t.text) ?? []), n]);
    } else if (n.type === 'identifier' && candidates.has(n.text) && n.parent?.type !== 'declaration') uses.set(n.text, [...(uses.get(n.text) ?? []), n]);
  }
  for (const [name, ws] of writes) {
    // Each assignment's values, where it is one the name may stand for; all must be.
    const each = ws.map((w) => {
      if (w.type !== 'assignment_expression' || w.child(1)?.type !== '=') return undefined;
      const stmt = w.parent;
      const block = stmt?.parent;
      if (stmt?.type !== 'expression_statement' || block?.type !== 'compound_statement' || block.parent?.type === 'switch_statement') return undefined;
      const values = affineChoices(
        field(w, 'right')!,
        (x) => defs.get(x),
        (x) => choices.get(x),
      );
      if (!values || values.some((a) => names(a).includes(name)) || !values.flatMap(names).every((v) => stableIn(v, block))) return undefined;
      return { lhs: field(w, 'left')!.startIndex, stmt, block, values };
    });
    if (each.some((x) => !x)) continue;
    const regions = each as NonNullable<(typeof each)[number]>[];
    // Two assignments stand for one expression only when they assign the same one
    // (srad's `k = i + Nr*j` in each of its two sweeps).
    const values = regions[0].values;
    if (regions.some((r) => r.values.length !== values.length || r.values.some((v, k) => !equal(v, values[k])))) continue;
    // Every use reads an assignment of its own block made before it.
    const lhs = new Set(regions.map((r) => r.lhs));
    const covered = (u: SyntaxNode) => regions.some((r) => u.startIndex >= r.stmt.endIndex && u.endIndex <= r.block.endIndex);
    if (!(uses.get(name) ?? []).every((u) => lhs.has(u.startIndex) || covered(u))) continue;
    // One value stands for the name; a choice of several only bounds what it reaches.
    if (values.length === 1) defs.set(name, values[0]);
    else choices.set(name, values);
  }
}

/** Names whose address the body takes (`&x`): a pointer may then change them. */
function addressTaken(body: SyntaxNode): Set<string> {
  const out = new Set<string>();
  for (const n of walk(body))
    if (n.type === 'pointer_expression' && n.child(0)?.type === '&') {
      const a = unparen(field(n, 'argument')!);
      if (a.type === 'identifier') out.add(a.text);
    }
  return out;
}

export function functionInfo(node: SyntaxNode, text: string, ctx: FunctionContext): FunctionInfo | null {
  const body = field(node, 'body');
  const declNode = field(node, 'declarator');
  if (!body || !declNode) return null;
  let fd: SyntaxNode | null = declNode;
  let ptr = 0;
  while (fd && fd.type !== 'function_declarator') {
    if (fd.type === 'pointer_declarator') ptr++;
    fd = field(fd, 'declarator');
  }
  if (!fd) return null;
  const shape = declaratorShape(field(fd, 'declarator'));
  if (!shape) return null;
  const { params: psyms, locals } = functionSymbols(node);
  const lineOf = (n: SyntaxNode) => ctx.lineAt(n.startIndex);
  const first = collectFacts(body, { lineOf });
  const defs = affineDefinitions(body, locals, psyms, new Set(first.scalarsWritten));
  const choiceOf = new Map<string, Affine[]>();
  assignedOnce(body, locals, psyms, new Set(first.scalarsWritten), addressTaken(body), defs, choiceOf);
  const env = (x: string) => defs.get(x);
  const choices = (x: string) => choiceOf.get(x);
  const facts = collectFacts(body, { lineOf, env, choices, base: node.startIndex });
  const loops = buildLoops(body, { env, choices, lineAt: ctx.lineAt, base: node.startIndex });

  const localNames = new Set([...locals.map((l) => l.name), ...psyms.map((p) => p.name)]);
  const isGlobal = (n: string) => !localNames.has(n) && ctx.globals.has(n) && ctx.globals.get(n)!.kind !== 'function';
  const baseName = (a: string) => a.split(/->|\./)[0];
  const gRead = new Set<string>();
  const gWritten = new Set<string>();
  for (const n of facts.scalarsRead) if (isGlobal(n)) gRead.add(n);
  for (const n of facts.scalarsWritten) if (isGlobal(n)) gWritten.add(n);
  for (const a of facts.accesses) {
    const b = baseName(a.array);
    if (!isGlobal(b)) continue;
    if (a.isRead) gRead.add(b);
    if (a.isWrite) gWritten.add(b);
  }
  for (const n of facts.escaped) if (isGlobal(n) && ctx.globals.get(n)!.kind !== 'scalar') gWritten.add(n);

  const params = psyms.map(toParam);
  // Writes through a local pointer or a loaded address may land in any
  // pointer parameter, so then every non-const one counts as written.
  const localPtr = new Set(locals.filter((l) => l.kind === 'pointer').map((l) => l.name));
  const opaqueWrite = facts.accesses.some((a) => a.isWrite && (a.array === '*' || localPtr.has(baseName(a.array))));
  for (const p of params) {
    if (!p.isPointer) continue;
    const direct = facts.accesses.some((a) => a.isWrite && baseName(a.array) === p.name);
    const passed = facts.escaped.includes(p.name) && !p.isConstPointee;
    p.writtenThrough = direct || passed || (opaqueWrite && !p.isConstPointee);
  }
  const globalTypes: Record<string, string> = {};
  const globalDims: Record<string, (number | undefined)[]> = {};
  for (const g of [...gRead, ...gWritten].sort()) {
    globalTypes[g] = ctx.globals.get(g)!.type;
    globalDims[g] = [...ctx.globals.get(g)!.dimValues];
  }

  const storage = node.namedChildren.filter((c) => c.type === 'storage_class_specifier').map((c) => c.text);
  const typeNode = field(node, 'type');
  return {
    name: shape.name,
    signature: text.slice(node.startIndex, body.startIndex).trim(),
    returnType: `${typeNode?.text ?? 'int'}${'*'.repeat(ptr)}`,
    isStatic: storage.includes('static'),
    isVariadic: !!field(fd, 'parameters')?.namedChildren.some((c) => c.type === 'variadic_parameter'),
    params,
    start: node.startIndex,
    end: node.endIndex,
    text: text.slice(node.startIndex, node.endIndex),
    sourceLine: ctx.lineAt(node.startIndex),
    sourceEndLine: ctx.lineAt(Math.max(node.startIndex, node.endIndex - 1)),
    loops,
    globalsRead: [...gRead].sort(),
    globalsWritten: [...gWritten].sort(),
    calls: facts.calls,
    hotness: functionHotness(loops),
    hasAsm: facts.hasAsm,
    globalTypes,
    globalDims,
  };
}
