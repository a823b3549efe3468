// One OpenMP directive of a candidate, read as clang read it. Clang's JSON
// dump gives the directive's kind, its range and each clause's expressions
// (the variables, the collapse count, the chunk) but not the clauses' names
// or a reduction's operator: those are read from the pragma's text with a
// lexer that follows the user's language standard (no `//` comments under
// C89), and the two readings must agree clause by clause. Text the compiler
// ignores (it drops extra tokens at the end of a pragma with a warning) or
// a clause the two readings place differently fails closed.
import type { ClaimedDirective } from '../../core/claim.js';
import { tokenFacts } from '../../core/flags.js';
import type { AstNode } from '../facts.js';
import { isClause } from './clang-tree.js';
import { PURE_LIBRARY } from '../../analysis/dependence/index.js';

interface Token {
  text: string;
  start: number;
  end: number;
}

/** Whether `//` starts a comment under these flags: not in C89/C90 (clang's LineComment option). */
export function lineComments(flags: readonly string[]): boolean {
  const std = tokenFacts(flags).standard;
  return !(std && /^(c89|c90|iso9899:1990|iso9899:199409)$/.test(std));
}

const PUNCT = ['<<=', '>>=', '...', '&&', '||', '<<', '>>', '->', '++', '--', '<=', '>=', '==', '!=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '##'];

function lex(text: string, comments: boolean): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') i += 2;
    else if (/\s/.test(c)) i++;
    else if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      if (e < 0) return 'an unterminated comment';
      i = e + 2;
    } else if (comments && text.startsWith('//', i)) {
      const e = text.indexOf('\n', i);
      i = e < 0 ? text.length : e;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(text.slice(i))!;
      out.push({ text: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^\.?[0-9](?:[eEpP][+-]|[\w.])*/.exec(text.slice(i))!;
      out.push({ text: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out.push({ text: text.slice(i, j + 1), start: i, end: j + 1 });
      i = j + 1;
    } else {
      const p = PUNCT.find((q) => text.startsWith(q, i)) ?? c;
      out.push({ text: p, start: i, end: i + p.length });
      i += p.length;
    }
  }
  return out;
}

/** The directive's words, as clang's node kind spells them run together (OMPParallelForSimdDirective: parallelforsimd). */
function expectedWords(kind: string): string {
  const k = kind.replace(/^OMP|Directive$/g, '');
  const special: Record<string, string> = { GenericLoop: 'loop', ParallelGenericLoop: 'parallelloop', TeamsGenericLoop: 'teamsloop' };
  return (special[k] ?? k).toLowerCase();
}

/** The directive's name as written: clang's kind split into words (`parallel for simd`). */
function kindName(kind: string): string {
  const k = kind.replace(/^OMP|Directive$/g, '');
  const special: Record<string, string> = {
    GenericLoop: 'loop',
    ParallelGenericLoop: 'parallel loop',
    TaskLoop: 'taskloop',
    TaskLoopSimd: 'taskloop simd',
    Taskwait: 'taskwait',
    Taskyield: 'taskyield',
    Taskgroup: 'taskgroup',
  };
  return special[k] ?? k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Clauses whose arguments are a list of variables (after an optional `modifier:`). */
const LIST_CLAUSES = new Set(['private', 'firstprivate', 'lastprivate', 'shared', 'reduction', 'copyin', 'copyprivate', 'nontemporal', 'in_reduction', 'task_reduction']);

interface TextClause {
  name: string;
  /** Tokens inside the parentheses. */
  args: Token[];
  hasArgs: boolean;
  start: number;
  end: number;
}

/** Splits a token list at top-level commas. */
function splitTop(ts: Token[], sep: string): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of ts) {
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    if (depth === 0 && t.text === sep) out.push([]);
    else out[out.length - 1].push(t);
  }
  return out;
}

function lastTopColon(ts: Token[]): number {
  let depth = 0;
  let at = -1;
  ts.forEach((t, i) => {
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (t.text === ':' && depth === 0) at = i;
  });
  return at;
}

/**
 * What evaluating a clause's expression does beyond reading (`if(n++ > 0)`,
 * `num_threads(pick())`), or undefined. A call to pure library math is a
 * read.
 */
function sideEffect(e: AstNode): string | undefined {
  const stack = [e];
  while (stack.length) {
    const x = stack.pop()!;
    const op = x.opcode as string | undefined;
    if (x.kind === 'UnaryOperator' && (op === '++' || op === '--')) return `steps a variable (${op})`;
    if (x.kind === 'CompoundAssignOperator' || (x.kind === 'BinaryOperator' && op === '=')) return 'assigns';
    if (x.kind === 'StmtExpr') return 'runs statements';
    if (x.kind === 'CallExpr') {
      const callee = findRef(x.inner?.[0]);
      if (!callee || !PURE_LIBRARY.has(callee)) return `calls ${callee ?? 'a function through a pointer'}`;
    }
    stack.push(...(x.inner ?? []));
  }
  return undefined;
}

const ASSIGNING = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);
const NOT_CALLS = new Set(['sizeof', '_Alignof', 'alignof', '__alignof__', '__builtin_offsetof']);

/**
 * The same, from the clause's tokens: clang hands some clause expressions
 * over as a captured copy (a schedule's chunk) whose initialiser its dump
 * leaves out.
 */
function tokenEffect(args: Token[]): string | undefined {
  for (let k = 0; k < args.length; k++) {
    const t = args[k].text;
    if (t === '++' || t === '--') return `steps a variable (${t})`;
    if (ASSIGNING.has(t)) return 'assigns';
    if (t === '(' && args[k + 1]?.text === '{') return 'runs statements';
    if (/^[A-Za-z_]\w*$/.test(t) && args[k + 1]?.text === '(' && !NOT_CALLS.has(t) && !PURE_LIBRARY.has(t)) return `calls ${t}`;
  }
  return undefined;
}

function findRef(n: AstNode | undefined): string | undefined {
  for (let x = n; x; x = x.inner?.[0]) if (x.kind === 'DeclRefExpr') return x.referencedDecl?.kind === 'FunctionDecl' ? x.referencedDecl.name : undefined;
  return undefined;
}

type Read = { ok: true; directive: Omit<ClaimedDirective, 'loop'> } | { ok: false; reason: string };

/**
 * Reads one directive node. `unit` is the bytes clang read, `lineOf` turns a
 * byte offset into the candidate's line, `flags` are the language flags.
 */
export function readDirective(node: AstNode, unit: Buffer, lineOf: (offset: number) => number, flags: readonly string[]): Read {
  const kind = node.kind ?? '';
  const r = node.range as { begin?: { offset?: number }; end?: { offset?: number; tokLen?: number } } | undefined;
  const begin = r?.begin?.offset;
  const end = r?.end?.offset;
  const name = kindName(kind);
  if (begin === undefined || end === undefined) return { ok: false, reason: `writes the OpenMP directive ${name} other than as a \`#pragma omp\` line` };
  const line = lineOf(begin);
  const text = unit.subarray(begin, Math.max(end + (r?.end?.tokLen ?? 0), begin)).toString('utf8');
  const unreadable = (why: string): Read => ({ ok: false, reason: `line ${line}: the directive \`${text.split('\n')[0].slice(0, 80)}\` ${why}` });
  const lexed = lex(text, lineComments(flags));
  if (typeof lexed === 'string') return unreadable(`has ${lexed}`);
  const toks = lexed;
  if (toks[0]?.text !== '#' || toks[1]?.text !== 'pragma' || toks[2]?.text !== 'omp')
    return { ok: false, reason: `line ${line}: writes the OpenMP directive ${name} other than as a \`#pragma omp\` line` };
  let i = 3;
  const want = expectedWords(kind);
  let words = '';
  while (i < toks.length && words !== want && /^[a-z_]+$/.test(toks[i].text) && want.startsWith(words + toks[i].text)) words += toks[i++].text;
  if (words !== want) return unreadable(`is not read by the compiler as written`);
  // critical(name) and flush(list) take their parenthesis right after the name.
  const group = (): Token[] | undefined => {
    if (toks[i]?.text !== '(') return undefined;
    let depth = 0;
    const start = i;
    for (; i < toks.length; i++) {
      if (toks[i].text === '(') depth++;
      else if (toks[i].text === ')' && --depth === 0) return toks.slice(start + 1, i++);
    }
    return undefined;
  };
  if ((want === 'critical' || want === 'flush') && toks[i]?.text === '(') if (!group()) return unreadable('has an unclosed parenthesis');
  const clauses: TextClause[] = [];
  while (i < toks.length) {
    if (toks[i].text === ',') {
      i++;
      continue;
    }
    const t = toks[i];
    if (!/^[A-Za-z_]\w*$/.test(t.text)) return unreadable(`has \`${t.text}\` where a clause should be, which the compiler ignores with the rest of the line`);
    i++;
    const hasArgs = toks[i]?.text === '(';
    const args = hasArgs ? group() : [];
    if (!args) return unreadable('has an unclosed parenthesis');
    clauses.push({ name: t.text, args, hasArgs, start: begin + Buffer.byteLength(text.slice(0, t.start)), end: begin + Buffer.byteLength(text.slice(0, toks[i - 1].end)) });
  }
  // Clang's clause nodes, in order, each placed by the offsets of what it holds.
  const nodes = (node.inner ?? []).filter(isClause);
  if (nodes.length < clauses.length) return unreadable(`has ${clauses.length} clauses where the compiler reads ${nodes.length}`);
  const exprsOf: AstNode[][] = clauses.map(() => []);
  for (const c of nodes) {
    for (const e of c.inner ?? []) {
      const off = (e.range as { begin?: { offset?: number } } | undefined)?.begin?.offset;
      if (off === undefined) continue;
      const k = clauses.findIndex((tc) => tc.start <= off && off < tc.end);
      if (k < 0) return unreadable('holds a clause the compiler reads differently from its text');
      exprsOf[k].push(e);
    }
  }
  const d: Omit<ClaimedDirective, 'loop'> = { kind: name, line, private: [], firstprivate: [], lastprivate: [], shared: [], reduction: [], nowait: false, other: [] };
  const spell = (ts: Token[]) =>
    ts.length ? unit.subarray(begin + Buffer.byteLength(text.slice(0, ts[0].start)), begin + Buffer.byteLength(text.slice(0, ts[ts.length - 1].end))).toString('utf8') : '';
  for (let k = 0; k < clauses.length; k++) {
    const c = clauses[k];
    const exprs = exprsOf[k];
    const effect = tokenEffect(c.args) ?? exprs.map(sideEffect).find((x) => x);
    if (effect) return unreadable(`has a ${c.name} clause that ${effect} when the runtime evaluates it, which it does once, per thread or not at all, where the original did not`);
    if (LIST_CLAUSES.has(c.name)) {
      const colon = lastTopColon(c.args);
      const listed = splitTop(c.args.slice(colon + 1), ',').filter((x) => x.length);
      if (exprs.length !== listed.length) return unreadable(`lists ${listed.length} variables in ${c.name} where the compiler reads ${exprs.length}`);
      const vars = exprs.map((e, j) => (e.kind === 'DeclRefExpr' ? (e.referencedDecl?.name ?? spell(listed[j])) : spell(listed[j])));
      if (c.name === 'reduction') {
        const before = colon < 0 ? [] : splitTop(c.args.slice(0, colon), ',');
        d.reduction.push({ op: before.length ? spell(before[before.length - 1]).replace(/\s+/g, '') : '?', vars });
      } else if (c.name === 'private' || c.name === 'firstprivate' || c.name === 'lastprivate' || c.name === 'shared') d[c.name].push(...vars);
      else d.other.push(c.name);
    } else if (c.name === 'collapse') {
      const v = exprs[0]?.value ?? exprs[0]?.inner?.[0]?.value;
      const n = Number(v ?? spell(c.args));
      if (!Number.isInteger(n)) return unreadable('has a collapse count that is not a constant');
      d.collapse = n;
    } else if (c.name === 'schedule') {
      const [kindToks, ...chunk] = splitTop(c.args, ',');
      const colon = lastTopColon(kindToks);
      const sk = spell(kindToks.slice(colon + 1)).trim();
      d.schedule = chunk.length ? { kind: sk, chunk: spell(chunk.flat()).trim() } : { kind: sk };
    } else if (c.name === 'nowait') d.nowait = true;
    else d.other.push(c.name);
  }
  return { ok: true, directive: d };
}
