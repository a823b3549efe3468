// The shape of a claim: is the candidate the original's statements plus
// OpenMP directives and a few named transformations? Both are read by clang,
// each in its translation unit under the user's language flags, and compared
// on the normalised trees (clang-tree.ts): node kinds, operators, literal
// values, types, cast kinds, declarations, and what every name refers to.
// The transformations slmcc knows, each for the legality check to judge:
//   interchange  two perfectly nested loops with rectangular bounds, headers swapped;
//   guard        `if (cond) { parallel form } else { the original loop, exactly }`;
//   privatise    a variable of the function declared instead in a loop's for-init or
//                body (its value after the loop is then no longer the loop's).
// Braces that only group (rewrite puts each directive and its loop in a
// block) and line markers are not differences. Anything else is, and the
// first one found is named with the candidate's line, fit to send back.
import type { ClaimedDirective, ShapeResult, Transform } from '../../core/claim.js';
import type { FunctionInfo, Loop, TranslationUnit } from '../../analysis/types.js';
import { allLoops } from '../../analysis/index.js';
import { fnContext, overlapCheck, safeTest } from '../../analysis/dependence/index.js';
import { candidateDefinition, originalDefinition, screenFlags, type ClangDefinition } from '../facts.js';
import { callees, LOOP_KINDS, normalise, preorder, type Node } from './clang-tree.js';
import { readDirective } from './directives.js';

const ADVICE = "keep the original's statements and add only #pragma omp lines";

/** One side of the comparison: its tree and the text clang read it from. */
interface Side {
  tree: Node;
  unit: Buffer;
  /** Byte offset of the function's own text in `unit`. */
  textStart: number;
}

const sides = new WeakMap<ClangDefinition, Side>();

function sideOf(d: ClangDefinition): Side {
  let s = sides.get(d);
  if (!s) sides.set(d, (s = { tree: normalise(d.def), unit: Buffer.from(d.unit, 'utf8'), textStart: d.textStart }));
  return s;
}

function lineIn(side: Side, offset: number | undefined): number | undefined {
  if (offset === undefined || offset < side.textStart) return undefined;
  let line = 1;
  for (let i = side.textStart; i < offset && i < side.unit.length; i++) if (side.unit[i] === 10) line++;
  return line;
}

/** A node's text as written, on one line, shortened to be quoted in a reason. */
function snippet(side: Side, n: Node | null | undefined, max = 70): string {
  if (!n || n.begin === undefined || n.end === undefined) return n?.name ?? n?.kind ?? '';
  const raw = side.unit.subarray(n.begin, n.end).toString('utf8');
  const one = raw
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/;$/, '');
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

const isShort = (side: Side, n: Node) => n.begin !== undefined && n.end !== undefined && n.end - n.begin <= 70 && !side.unit.subarray(n.begin, n.end).includes(10);

/** A test's own text: `if (cond)`. */
function ifText(side: Side, n: Node): string {
  return `if (${snippet(side, n.kids[0])})`;
}

/** Statements that hold other statements: a difference inside one is quoted by itself, not by its container. */
const CONTAINERS = new Set(['CompoundStmt', 'ForStmt', 'WhileStmt', 'DoStmt', 'IfStmt', 'SwitchStmt', 'LabelStmt', 'CaseStmt', 'DefaultStmt', 'FunctionDecl']);

type Diff = { kind: 'differs'; o: Node | null; c: Node | null } | { kind: 'dropped'; o: Node; at?: number } | { kind: 'added'; c: Node } | { kind: 'said'; text: string };

interface Ctx {
  /** No transformation allowed: the else branch of a guard is the original exactly. */
  strict: boolean;
  /** The original loop whose body is being compared (a declaration may be added at its top). */
  loop?: Node;
}

/** Names a subtree refers to. */
function refNames(n: Node | null): Set<string> {
  const out = new Set<string>();
  for (const x of preorder(n)) if (x.ref) out.add(x.ref.name);
  return out;
}

/** The variable a for loop's init sets: `i = 0` or `int i = 0`. */
function inductionVar(loop: Node): string | undefined {
  const init = loop.kids[0];
  if (!init) return undefined;
  if (init.kind === 'DeclStmt') return init.kids[0]?.name;
  if (init.kind === 'BinaryOperator' && /opcode==/.test(init.attrs)) return init.kids[0]?.ref?.name;
  return undefined;
}

const isAssign = (n: Node | null | undefined) => n?.kind === 'BinaryOperator' && n.attrs.split('|').includes('opcode==');
const declOf = (n: Node | null | undefined) => (n?.kind === 'DeclStmt' && n.kids.length === 1 && n.kids[0]?.kind === 'VarDecl' ? n.kids[0] : undefined);
/** A declaration's initialiser: its one child that is not an attribute. */
const initOf = (v: Node) => v.kids.find((k) => k && !k.kind.endsWith('Attr')) ?? undefined;

class Matcher {
  private readonly bind = new Map<string, string>();
  private readonly loopPair = new Map<Node, Node>();
  private readonly heldBy = new Map<Node, Node>();
  private readonly removed = new Map<string, Node>();
  readonly transforms: Transform[] = [];
  private readonly log: (() => void)[] = [];
  private readonly origLocal = new Set<string>();
  private readonly candLocal = new Set<string>();
  /** For each original loop: the declarations visible at it, by name. */
  private readonly visibleAt = new Map<Node, Map<string, Node>>();

  /** Variables the scans before a guard declare: its test may read them. */
  private readonly scanLocals = new Set<string>();

  constructor(
    private readonly o: Side,
    private readonly c: Side,
    private readonly loopId: (n: Node) => string,
    /** The scans rewrite writes before the overlap check of an original loop, if any. */
    private readonly scansFor: (o: Node) => string | undefined,
    /** The declarations rewrite puts before an original loop for the scans of the guarded loops inside it. */
    private readonly keptFor: (o: Node) => string[],
  ) {
    for (const n of preorder(o.tree)) if (n.decl) this.origLocal.add(n.decl);
    for (const n of preorder(c.tree)) if (n.decl) this.candLocal.add(n.decl);
    this.scopes(o.tree, [new Map()]);
  }

  private scopes(n: Node | null, stack: Map<string, Node>[]) {
    if (!n) return;
    if ((n.kind === 'VarDecl' || n.kind === 'ParmVarDecl') && n.name) stack[stack.length - 1].set(n.name, n);
    const opens = n.kind === 'CompoundStmt' || LOOP_KINDS.has(n.kind);
    if (LOOP_KINDS.has(n.kind)) {
      const seen = new Map<string, Node>();
      for (const s of stack) for (const [k, v] of s) seen.set(k, v);
      this.visibleAt.set(n, seen);
    }
    const inner = opens ? [...stack, new Map<string, Node>()] : stack;
    for (const k of n.kids) this.scopes(k, inner);
  }

  private undoable(f: () => void, undo: () => void) {
    f();
    this.log.push(undo);
  }

  private setBind(c: string, o: string) {
    const prev = this.bind.get(c);
    this.undoable(
      () => this.bind.set(c, o),
      () => (prev === undefined ? this.bind.delete(c) : this.bind.set(c, prev)),
    );
  }

  private pair(c: Node, o: Node) {
    const prev = this.loopPair.get(c);
    this.undoable(
      () => this.loopPair.set(c, o),
      () => (prev === undefined ? this.loopPair.delete(c) : this.loopPair.set(c, prev)),
    );
  }

  /** A candidate statement that carries a directive, and the original statement it stands for (a block directive's extent). */
  private holder(c: Node, o: Node) {
    const prev = this.heldBy.get(c);
    this.undoable(
      () => this.heldBy.set(c, o),
      () => (prev === undefined ? this.heldBy.delete(c) : this.heldBy.set(c, prev)),
    );
  }

  /** The original statement a candidate statement that carries a directive stands for. */
  originalOf(c: Node): Node | undefined {
    return this.heldBy.get(c);
  }

  private transform(t: Transform) {
    this.undoable(
      () => this.transforms.push(t),
      () => this.transforms.pop(),
    );
  }

  /** Runs a comparison; on a difference, undoes whatever it bound. */
  private trial(f: () => Diff | null): Diff | null {
    const mark = this.log.length;
    const d = f();
    if (d) while (this.log.length > mark) this.log.pop()!();
    return d;
  }

  /** Whether two nodes would match, leaving nothing bound. */
  private probe(o: Node | null, c: Node | null, ctx: Ctx): boolean {
    const mark = this.log.length;
    const d = this.same(o, c, ctx);
    while (this.log.length > mark) this.log.pop()!();
    return !d;
  }

  /** The original loop a candidate loop stands for (its header's). */
  originalLoop(c: Node): Node | undefined {
    return this.loopPair.get(c);
  }

  /** Original declarations the candidate dropped and declared nowhere instead. */
  unplaced(): Node[] {
    const bound = new Set(this.bind.values());
    return [...this.removed.values()].filter((d) => !bound.has(d.decl!));
  }

  same(o: Node | null, c: Node | null, ctx: Ctx): Diff | null {
    if (!o || !c) return o === c ? null : { kind: 'differs', o, c };
    // A directive the original has (a critical section, an atomic update) stays as it is.
    if (o.directives.length && o.directives.map((x) => x.node.kind).join() !== c.directives.map((x) => x.node.kind).join())
      return {
        kind: 'said',
        text: `line ${lineIn(this.c, c.begin) ?? '?'} changes the original's own OpenMP directives (${o.directives.map((x) => x.node.kind!.replace(/^OMP|Directive$/g, '')).join(', ')})`,
      };
    if (ctx.strict && c.directives.length) return { kind: 'said', text: `line ${lineIn(this.c, c.begin) ?? '?'} puts a directive in the guard's else branch, which must be the original loop exactly` };
    if (!ctx.strict && LOOP_KINDS.has(o.kind) && c.kind === 'CompoundStmt' && c.kids.length > 1 && c.kids[0]?.kind === 'DeclStmt' && c.kids[0].kids.some((v) => v?.name?.startsWith('slmcc_'))) {
      const k = this.trial(() => this.keptAround(o, c, ctx));
      if (!k || k.kind === 'said') return k;
    }
    if (!ctx.strict && LOOP_KINDS.has(o.kind) && c.kind === 'CompoundStmt' && c.kids.at(-1)?.kind === 'IfStmt' && c.kids.length > 1) {
      const g = this.trial(() => this.scannedGuard(o, c));
      if (!g || g.kind === 'said') return g;
    }
    if (!ctx.strict && LOOP_KINDS.has(o.kind) && c.kind === 'IfStmt' && c.kids.length === 3) {
      const g = this.trial(() => this.guard(o, c));
      if (!g) return null;
      // Shaped like a guard (its else branch is a loop like the original): its own difference says most.
      if (g.kind === 'said' || c.kids[2]?.kind === o.kind) return g;
    }
    if (o.kind !== c.kind && (o.kind === 'CompoundStmt' || c.kind === 'CompoundStmt') && (o.kind === 'CompoundStmt' ? o : c).attrs === '')
      return this.list(o.kind === 'CompoundStmt' ? o.kids : [o], c.kind === 'CompoundStmt' ? c.kids : [c], ctx, c);
    if (o.kind !== c.kind || o.attrs !== c.attrs) {
      // A test the candidate dropped, or added, around what is otherwise the same.
      if (o.kind === 'IfStmt' && o.kids.length === 2 && this.probe(o.kids[1], c, ctx)) return { kind: 'dropped', o, at: c.begin };
      if (c.kind === 'IfStmt' && c.kids.length === 2 && this.probe(o, c.kids[1], ctx)) return { kind: 'added', c };
      return { kind: 'differs', o, c };
    }
    let d: Diff | null;
    switch (o.kind) {
      case 'DeclRefExpr':
        d = this.reference(o, c);
        break;
      case 'CompoundStmt':
        d = this.list(o.kids, c.kids, ctx, c);
        break;
      case 'ForStmt':
        d = this.forLoop(o, c, ctx);
        break;
      case 'WhileStmt':
      case 'DoStmt':
        d = this.kids(o, c, ctx, true);
        if (!d) this.pair(c, o);
        break;
      case 'VarDecl':
      case 'ParmVarDecl':
        if (o.decl && c.decl) this.setBind(c.decl, o.decl);
        d = this.kids(o, c, ctx, false);
        break;
      default:
        d = this.kids(o, c, ctx, false);
    }
    if (!d && c.directives.length) this.holder(c, o);
    return d ? this.widen(d, o, c) : null;
  }

  /** Quotes a difference by the largest expression around it that still fits on a line. */
  private widen(d: Diff, o: Node, c: Node): Diff {
    if (d.kind !== 'differs' || CONTAINERS.has(o.kind) || CONTAINERS.has(c.kind)) return d;
    if (isShort(this.o, o) && isShort(this.c, c)) return { kind: 'differs', o, c };
    return d;
  }

  private kids(o: Node, c: Node, ctx: Ctx, loopBody: boolean): Diff | null {
    if (o.kids.length !== c.kids.length) return { kind: 'differs', o, c };
    const inner: Ctx = { strict: ctx.strict };
    for (let k = 0; k < o.kids.length; k++) {
      const body = loopBody && k === o.kids.length - (o.kind === 'DoStmt' ? 2 : 1);
      const d = this.same(o.kids[k], c.kids[k], body ? { ...inner, loop: o } : inner);
      if (d) return d;
    }
    return null;
  }

  private reference(o: Node, c: Node): Diff | null {
    const or = o.ref!;
    const cr = c.ref!;
    const differs: Diff = { kind: 'differs', o, c };
    if (or.name !== cr.name || or.kind !== cr.kind) return differs;
    const bound = this.bind.get(cr.id);
    if (bound !== undefined) return bound === or.id ? null : differs;
    // Neither declared in the function: the same global, function or enumerator, by name.
    return this.candLocal.has(cr.id) || this.origLocal.has(or.id) ? differs : null;
  }

  private header(o: Node, c: Node, ctx: Ctx): Diff | null {
    const init = this.trial(() => this.same(o.kids[0], c.kids[0], ctx));
    if (init) {
      const privatised = !ctx.strict && !this.trial(() => this.privatiseInit(o, c));
      if (!privatised) return init;
    }
    for (let k = 1; k < 4; k++) {
      const d = this.same(o.kids[k], c.kids[k], ctx);
      if (d) return d;
    }
    return null;
  }

  private forLoop(o: Node, c: Node, ctx: Ctx): Diff | null {
    const body = (x: Node) => x.kids[4];
    const plain = this.trial(() => this.header(o, c, ctx));
    if (!plain) {
      this.pair(c, o);
      return this.same(body(o), body(c), { strict: ctx.strict, loop: o });
    }
    if (ctx.strict) return plain;
    const oi = body(o);
    const ci = body(c);
    if (oi?.kind !== 'ForStmt' || ci?.kind !== 'ForStmt') return plain;
    const swapped = this.trial(() => {
      const d = this.header(oi, c, ctx) ?? this.header(o, ci, ctx);
      if (d) return d;
      const ov = inductionVar(o);
      const iv = inductionVar(oi);
      const headerRefs = (l: Node) => new Set([0, 1, 2, 3].flatMap((k) => [...refNames(l.kids[k])]));
      if (!ov || !iv || headerRefs(oi).has(ov) || headerRefs(o).has(iv)) return { kind: 'said', text: `line ${lineIn(this.c, c.begin) ?? '?'} interchanges loops whose bounds depend on each other` };
      this.pair(c, oi);
      this.pair(ci, o);
      this.transform({ kind: 'interchange', outer: this.loopId(o), inner: this.loopId(oi) });
      return this.same(body(oi), body(ci), { strict: false, loop: oi });
    });
    return swapped ? plain : null;
  }

  /** `for (i = E; ...)` of a variable declared outside, written `for (T i = E; ...)`. */
  private privatiseInit(o: Node, c: Node): Diff | null {
    const oi = o.kids[0];
    const v = declOf(c.kids[0]);
    const no: Diff = { kind: 'differs', o: oi, c: c.kids[0] };
    if (!isAssign(oi) || !v) return no;
    const lhs = oi!.kids[0];
    if (!lhs?.ref || lhs.kind !== 'DeclRefExpr' || lhs.ref.name !== v.name || !this.origLocal.has(lhs.ref.id)) return no;
    const declared = this.visibleAt.get(o)?.get(v.name!);
    if (!declared || declared.decl !== lhs.ref.id || !sameType(declared, v)) return no;
    const init = initOf(v);
    if (!init) return no;
    this.setBind(v.decl!, lhs.ref.id);
    const d = this.same(oi!.kids[1], init, { strict: false });
    if (d) return d;
    this.transform({ kind: 'privatise', variable: v.name!, loop: this.loopId(o) });
    return null;
  }

  /**
   * `{ scans; if (check) { parallel } else { original } }`: the scans read
   * index arrays, which a guard's test may not. They are accepted only as
   * the very text slmcc's own overlap check writes for this loop, which
   * reads only elements the original reads (analysis/guard-scans.ts).
   */
  private scannedGuard(o: Node, c: Node): Diff | null {
    const kids = c.kids.filter((k): k is Node => !!k);
    const test = kids.at(-1)!;
    const scans = kids.slice(0, -1);
    // What the scans are is checked below, as text.
    if (test.kids.length !== 3) return { kind: 'differs', o, c };
    const first = scans[0].begin;
    const last = scans.at(-1)!.end;
    const own = this.scansFor(o);
    if (first === undefined || last === undefined || own === undefined || flat(this.c.unit.subarray(first, last).toString('utf8')) !== flat(own))
      return { kind: 'said', text: `line ${lineIn(this.c, first) ?? '?'} runs statements before the guard that are not slmcc's own overlap scans for this loop` };
    this.allowScanLocals(scans);
    return this.guard(o, test);
  }

  /** `{ declarations; loop }`: what overlap scans inside the loop keep across its iterations, exactly as slmcc declares it. */
  private keptAround(o: Node, c: Node, ctx: Ctx): Diff | null {
    const kids = c.kids.filter((k): k is Node => !!k);
    const decls = kids.slice(0, -1);
    // A declaration's extent may or may not take in its semicolon.
    const statement = (t: string) => flat(t).replace(/\s*;$/, '');
    const allowed = new Set(this.keptFor(o).map(statement));
    for (const d of decls) {
      // clang-tree gives each declarator a statement of its own, so each is declared alone.
      const text = d.begin === undefined || d.end === undefined ? '' : statement(this.c.unit.subarray(d.begin, d.end).toString('utf8'));
      // Not a 'said': the block may instead be a guard's own scans (scannedGuard).
      if (d.kind !== 'DeclStmt' || !allowed.has(text)) return { kind: 'differs', o, c };
    }
    this.allowScanLocals(decls);
    return this.same(o, kids.at(-1)!, ctx);
  }

  /** The variables these statements declare may appear in a guard's test; undone with the trial that allowed them. */
  private allowScanLocals(stmts: Node[]) {
    for (const d of stmts)
      for (const v of d.kids)
        if (v?.kind === 'VarDecl' && v.decl && !this.scanLocals.has(v.decl)) {
          const id = v.decl;
          this.undoable(
            () => this.scanLocals.add(id),
            () => this.scanLocals.delete(id),
          );
        }
  }

  private guard(o: Node, c: Node): Diff | null {
    const [cond, then, otherwise] = c.kids;
    const d = this.same(o, otherwise, { strict: true }) ?? this.same(o, then, { strict: false });
    if (d) return d;
    // The test runs where the original ran nothing: it may read the pointers'
    // values, never what they point to, and may change nothing.
    for (const x of evaluated(cond)) {
      const effect =
        x.kind === 'CallExpr' ||
        x.kind === 'CompoundAssignOperator' ||
        x.kind === 'StmtExpr' ||
        isAssign(x) ||
        (x.kind === 'UnaryOperator' && /opcode=(\+\+|--|\*)(\||$)/.test(x.attrs)) ||
        x.kind === 'ArraySubscriptExpr' ||
        (x.kind === 'MemberExpr' && x.attrs.includes('isArrow=true'));
      if (effect)
        return {
          kind: 'said',
          text: `line ${lineIn(this.c, c.begin) ?? '?'} guards the loop with a test that ${x.kind === 'CallExpr' ? 'calls a function' : 'reads or writes memory'} (\`${snippet(this.c, cond)}\`)`,
        };
      if (x.ref && this.candLocal.has(x.ref.id) && !this.bind.has(x.ref.id) && !this.scanLocals.has(x.ref.id)) return { kind: 'differs', o, c };
    }
    this.transform({ kind: 'guard', loop: this.loopId(o), condition: snippet(this.c, cond, 100_000) });
    return null;
  }

  /** Two blocks' statements in order, allowing declarations to move into loops. */
  private list(os: (Node | null)[], cs: (Node | null)[], ctx: Ctx, cBlock: Node): Diff | null {
    const O = os.filter((x): x is Node => !!x);
    const C = cs.filter((x): x is Node => !!x);
    const inner: Ctx = { strict: ctx.strict };
    let i = 0;
    let j = 0;
    while (i < O.length || j < C.length) {
      let d: Diff | null = null;
      if (i < O.length && j < C.length) {
        d = this.trial(() => this.same(O[i], C[j], inner));
        if (!d) {
          i++;
          j++;
          continue;
        }
      }
      if (!ctx.strict) {
        // A declaration of the function that the candidate moved into a loop.
        const od = declOf(O[i]);
        const cd = declOf(C[j]);
        if (od && !initOf(od) && od.decl && !/storageClass=/.test(od.attrs) && cd?.name !== od.name) {
          const decl = od.decl;
          this.undoable(
            () => this.removed.set(decl, od),
            () => this.removed.delete(decl),
          );
          i++;
          continue;
        }
        // A declaration added at the top of a loop's body for a variable the original declares outside it.
        if (ctx.loop && cd?.name) {
          const declared = this.visibleAt.get(ctx.loop)?.get(cd.name);
          if (declared?.decl && declared.kind === 'VarDecl' && sameType(declared, cd) && !/storageClass=/.test(cd.attrs)) {
            const init = initOf(cd);
            if (!init) {
              this.setBind(cd.decl!, declared.decl);
              this.transform({ kind: 'privatise', variable: cd.name, loop: this.loopId(ctx.loop) });
              j++;
              continue;
            }
            const a = O[i];
            if (isAssign(a) && a!.kids[0]?.ref?.id === declared.decl) {
              const merged = this.trial(() => {
                this.setBind(cd.decl!, declared.decl!);
                const e = this.same(a!.kids[1], init, inner);
                if (!e) this.transform({ kind: 'privatise', variable: cd.name!, loop: this.loopId(ctx.loop!) });
                return e;
              });
              if (!merged) {
                i++;
                j++;
                continue;
              }
            }
          }
        }
      }
      return this.explain(O, C, i, j, d, inner, cBlock);
    }
    return null;
  }

  private explain(O: Node[], C: Node[], i: number, j: number, d: Diff | null, ctx: Ctx, cBlock: Node): Diff {
    const at = j < C.length ? C[j].begin : cBlock.end !== undefined ? cBlock.end - 1 : undefined;
    if (i >= O.length) return { kind: 'added', c: C[j] };
    if (j >= C.length) return { kind: 'dropped', o: O[i], at };
    if (i + 1 < O.length && this.probe(O[i + 1], C[j], ctx)) return { kind: 'dropped', o: O[i], at };
    if (j + 1 < C.length && this.probe(O[i], C[j + 1], ctx)) return { kind: 'added', c: C[j] };
    // A new declaration: what follows it cannot match, since its names now mean the new variable.
    if (declOf(C[j]) && !declOf(O[i])) return { kind: 'added', c: C[j] };
    if (O[i].kind === 'IfStmt' && O[i].kids.length === 2 && this.probe(O[i].kids[1], C[j], ctx)) return { kind: 'dropped', o: O[i], at };
    return d ?? { kind: 'differs', o: O[i], c: C[j] };
  }

  /** The reason for a difference, in the candidate's terms. */
  describe(d: Diff): string {
    const cLine = (n: Node | null | undefined) => lineIn(this.c, n?.begin);
    const newCalls = (n: Node | null) => [...callees(n)].filter((f) => !callees(this.o.tree).has(f));
    switch (d.kind) {
      case 'said':
        return d.text;
      case 'added': {
        const calls = newCalls(d.c);
        const where = `line ${cLine(d.c) ?? '?'}`;
        const what = d.c.kind === 'IfStmt' ? `the test \`${ifText(this.c, d.c)}\`` : `\`${snippet(this.c, d.c)}\``;
        if (calls.length) return `${where} adds a call to ${calls.join(', ')} (${what})`;
        return `${where} adds ${what}, which the original does not have`;
      }
      case 'dropped': {
        const where = lineIn(this.c, d.at);
        const what = d.o.kind === 'IfStmt' ? `\`${ifText(this.o, d.o)}\` test` : `\`${snippet(this.o, d.o)}\``;
        return `drops the original's ${what}${where ? ` (before line ${where})` : ''}`;
      }
      case 'differs': {
        const { o, c } = d;
        if (!c) return `drops the original's \`${snippet(this.o, o)}\``;
        if (!o) return `line ${cLine(c) ?? '?'} adds \`${snippet(this.c, c)}\``;
        if (o.kind === 'FunctionDecl' && c.kind === 'FunctionDecl') {
          const head = (side: Side, n: Node) => snippet(side, n, 100_000).split('{')[0].trim();
          return `line ${cLine(c) ?? 1} changes the function's signature to \`${head(this.c, c)}\` from \`${head(this.o, o)}\``;
        }
        const calls = newCalls(c);
        const where = `line ${cLine(c) ?? '?'}`;
        const has = `has \`${c.kind === 'IfStmt' ? ifText(this.c, c) : snippet(this.c, c)}\` where the original has \`${o.kind === 'IfStmt' ? ifText(this.o, o) : snippet(this.o, o)}\``;
        return calls.length ? `${where} adds a call to ${calls.join(', ')}: it ${has}` : `${where} ${has}`;
      }
    }
  }
}

/** C text compared across whitespace. */
const flat = (t: string) => t.replace(/\s+/g, ' ').trim();

function sameType(a: Node, b: Node): boolean {
  const t = (n: Node) => /(?:^|\|)type=([^|]*)/.exec(n.attrs)?.[1];
  return t(a) !== undefined && t(a) === t(b);
}

/** The nodes of an expression that are evaluated: not the operand of sizeof or alignof. */
const evaluated = (n: Node | null) => preorder(n, (x) => x.kind === 'UnaryExprOrTypeTraitExpr');

const LOOP_DIRECTIVE = /(^|\s)(for|simd|loop|taskloop|distribute)(\s|$)/;

/** The original statement's extent as offsets into the function's text (legality reads the analysis' parse of that text). */
function extentIn(fn: FunctionInfo, o: Side, n: Node): { start: number; end: number } | undefined {
  if (n.begin === undefined || n.end === undefined || n.begin < o.textStart) return undefined;
  const bytes = Buffer.from(fn.text, 'utf8');
  const at = (off: number) => bytes.subarray(0, off - o.textStart).toString('utf8').length;
  if (n.end - o.textStart > bytes.length) return undefined;
  return { start: at(n.begin), end: at(n.end) };
}

/** Maps the original's loops (clang's nodes) to the analysis' ids: by position, else by order. */
function loopIds(fn: FunctionInfo, o: Side): (n: Node) => string {
  const loops = allLoops(fn.loops);
  const clangLoops = preorder(o.tree).filter((n) => LOOP_KINDS.has(n.kind));
  const ids = new Map<Node, string>();
  const fnStart = o.textStart;
  const byOffset = new Map(loops.map((l) => [fnStart + Buffer.byteLength(fn.text.slice(0, l.start)), l.id]));
  for (const n of clangLoops) {
    const id = n.begin === undefined ? undefined : byOffset.get(n.begin);
    if (id) ids.set(n, id);
  }
  if (ids.size !== clangLoops.length && clangLoops.length === loops.length) clangLoops.forEach((n, k) => ids.set(n, loops[k].id));
  return (n) => ids.get(n) ?? `line ${lineIn(o, n.begin) ?? '?'}`;
}

/**
 * Compares a candidate's text with the original function, both as clang
 * reads them in the unit under `codeFlags`' language flags: ok with every
 * directive (clauses, line, the original loop it governs) and every named
 * transformation, or the first difference as a reason for the model.
 */
export function compareShape(tu: TranslationUnit, fn: FunctionInfo, text: string, codeFlags: readonly string[]): ShapeResult {
  const od = originalDefinition(tu, fn, codeFlags);
  if ('error' in od) return { ok: false, reason: `the compiler's reading of the original is not available (${od.error})` };
  const cd = candidateDefinition(tu, fn, text, codeFlags);
  if ('error' in cd) return { ok: false, reason: `the candidate ${cd.error}` };
  let o: Side;
  let c: Side;
  try {
    o = sideOf(od);
    c = sideOf(cd);
  } catch (e) {
    return { ok: false, reason: `the compiler's reading could not be compared (${(e as Error).message})` };
  }
  const loopId = loopIds(fn, o);
  const loops = allLoops(fn.loops);
  const ctx = fnContext(tu, fn);
  const checks = new Map<Loop, ReturnType<typeof overlapCheck> | undefined>();
  const checkOf = (l: Loop) => {
    if (!checks.has(l)) {
      const names = ctx ? safeTest(ctx, l).aliasGuard : undefined;
      checks.set(l, names?.length ? overlapCheck(tu, fn, l, names) : undefined);
    }
    return checks.get(l);
  };
  const loopOf = (n: Node) => loops.find((x) => x.id === loopId(n));
  const scansFor = (n: Node): string | undefined => {
    const l = loopOf(n);
    const g = l && checkOf(l);
    return g?.ok ? g.prelude : undefined;
  };
  const keptFor = (n: Node): string[] => {
    const l = loopOf(n);
    return (l?.children ?? []).flatMap((x) => {
      const g = checkOf(x);
      return g?.ok && g.kept?.outer === l!.id ? g.kept.declarations : [];
    });
  };
  const m = new Matcher(o, c, loopId, scansFor, keptFor);
  const d = m.same(o.tree, c.tree, { strict: false });
  if (d) return { ok: false, reason: `changes the original: ${m.describe(d)}; ${ADVICE}` };
  const lost = m.unplaced();
  if (lost.length) return { ok: false, reason: `changes the original: drops the declaration of ${lost.map((n) => n.name).join(', ')}; ${ADVICE}` };
  const directives: ClaimedDirective[] = [];
  const flags = screenFlags(codeFlags);
  for (const n of preorder(c.tree)) {
    for (const raw of n.directives) {
      const r = readDirective(raw.node, c.unit, (off) => lineIn(c, off) ?? 0, flags);
      if (!r.ok) return { ok: false, reason: `${r.reason}; write each directive as one plain \`#pragma omp\` line` };
      const loop = LOOP_KINDS.has(n.kind) && LOOP_DIRECTIVE.test(r.directive.kind) ? m.originalLoop(n) : undefined;
      const held = m.originalOf(n);
      // A block directive's extent (a parallel region's statements); a loop directive names its loop instead.
      const encloses = held && !loop ? extentIn(fn, o, held) : undefined;
      directives.push({ ...r.directive, ...(loop ? { loop: loopId(loop) } : {}), ...(encloses ? { encloses } : {}) });
    }
  }
  directives.sort((a, b) => a.line - b.line);
  return { ok: true, directives, transforms: [...m.transforms] };
}

/** One line for a record or a log: what the candidate claims, or why its shape was refused. */
export function shapeSummary(r: ShapeResult): string {
  if (!r.ok) return r.reason;
  const ds = r.directives.map((d) => `${d.kind}${d.loop ? ` on ${d.loop}` : ''} (line ${d.line})`);
  const ts = r.transforms.map((t) => (t.kind === 'interchange' ? `interchange ${t.outer}/${t.inner}` : t.kind === 'guard' ? `guard on ${t.loop}` : `privatise ${t.variable} in ${t.loop}`));
  return `the original plus ${ds.length ? ds.join(', ') : 'no directives'}${ts.length ? `; ${ts.join(', ')}` : ''}`;
}
