// What the screen needs to know about a candidate's text: the analysis
// part's reading (tree-sitter), and the compiler's own reading of the
// candidate placed where it ships, in its translation unit, instead of the
// original (clang's AST as JSON). The compiler's view is the one that counts:
// whatever a text pattern misses (a comment that ends where the pattern does
// not think it does, a function used as a value, a name spelled with a
// universal character name), clang resolves exactly as it will in the object.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeCandidate } from '../analysis/index.js';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import { hasProp, readFlags, relaxesDiagnostics } from '../core/flags.js';
import { reduceDiagnostics } from './diagnostics.js';

export interface CandidateFacts {
  name: string;
  signature: string;
  calls: string[];
  globalsWritten: string[];
}

export function candidateFacts(tu: TranslationUnit, text: string): CandidateFacts | { error: string } {
  const a = analyzeCandidate(tu, text);
  if (!a.ok) return { error: a.reason };
  return { name: a.fn.name, signature: a.fn.signature, calls: a.fn.calls, globalsWritten: a.fn.globalsWritten };
}

/** The compiler's reading of one function definition. */
export interface CompilerView {
  /** Functions called directly, by name. */
  callees: string[];
  /** File-scope variables the body names. */
  globals: string[];
  /** Everything the screen refuses outright, each as a reason (empty when none). */
  problems: string[];
  /** Attribute kinds written on the definition itself (e.g. `NoInlineAttr`). */
  ownAttrs: string[];
}

/** A node of clang's JSON AST dump (only the fields slmcc reads are typed). */
export interface AstNode {
  id?: string;
  kind?: string;
  name?: string;
  castKind?: string;
  storageClass?: string;
  tls?: string;
  implicit?: boolean;
  isImplicit?: boolean;
  referencedDecl?: { id?: string; kind?: string; name?: string };
  inner?: AstNode[];
  [field: string]: unknown;
}

/** The compiler that screens: the one the DESIGN fixes (clang 19), overridable for a test or an odd install. */
export function screenCompiler(): string {
  return process.env.SLMCC_SCREEN_CC || 'clang-19';
}

/** OpenMP directives a candidate may use: the host-side, structured ones. */
const OMP_DIRECTIVES = new Set(
  [
    'Parallel',
    'For',
    'ParallelFor',
    'Simd',
    'ForSimd',
    'ParallelForSimd',
    'Sections',
    'Section',
    'ParallelSections',
    'Single',
    'Master',
    'Masked',
    'ParallelMaster',
    'ParallelMasked',
    'Critical',
    'Atomic',
    'Barrier',
    'Taskwait',
    'Taskgroup',
    'Task',
    'Taskyield',
    'TaskLoop',
    'TaskLoopSimd',
    'Ordered',
    'Flush',
    'GenericLoop',
    'ParallelGenericLoop',
    'Scope',
    'Tile',
    'Unroll',
  ].map((d) => `OMP${d}Directive`),
);

/** Attributes clang adds by itself inside a body that change nothing about linkage or start-up. */
const HARMLESS_IMPLICIT_ATTR = /^(OMP\w*|Captured\w*|NoThrow|Const|Pure|Builtin|NoEscape)Attr$/;
/** Attributes a candidate may write on a local: layout only. */
const HARMLESS_ATTR = /^(Aligned|Unused|MaybeUnused)Attr$/;

/**
 * The JSON values clang printed one after another (one per declaration the
 * filter matched). Clang starts and ends each at the start of a line, and
 * nested values are indented: split there, and scan only if that fails.
 */
function jsonValues(text: string): AstNode[] {
  try {
    const out: AstNode[] = [];
    let start = text.indexOf('{');
    while (start >= 0) {
      const end = text.indexOf('\n}', start);
      if (end < 0) throw new Error('unterminated');
      out.push(JSON.parse(text.slice(start, end + 2)) as AstNode);
      start = text.indexOf('{', end + 2);
    }
    return out;
  } catch {
    return scanJsonValues(text);
  }
}

function scanJsonValues(text: string): AstNode[] {
  const out: AstNode[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0 && start >= 0) {
      out.push(JSON.parse(text.slice(start, i + 1)) as AstNode);
      start = -1;
    }
  }
  return out;
}

const hasBody = (n: AstNode) => (n.inner ?? []).some((c) => c.kind === 'CompoundStmt');

/** Walks a function definition the way the screen reads it. */
function viewOf(def: AstNode): CompilerView {
  const problems = new Set<string>();
  const callees = new Set<string>();
  const globals = new Set<string>();
  const local = new Set<string>();
  const ownAttrs: string[] = [];
  const collect = (n: AstNode) => {
    if (n.id && /^(VarDecl|ParmVarDecl|ImplicitParamDecl|FunctionDecl|OMPCapturedExprDecl)$/.test(n.kind ?? '')) local.add(n.id);
    for (const c of n.inner ?? []) collect(c);
  };
  collect(def);
  for (const c of def.inner ?? []) if (c.kind?.endsWith('Attr') && !c.implicit) ownAttrs.push(c.kind);
  const walk = (n: AstNode, parents: AstNode[]) => {
    const kind = n.kind ?? '';
    const parent = parents[parents.length - 1];
    const inBody = parents.length > 0;
    switch (kind) {
      case 'DeclRefExpr': {
        const d = n.referencedDecl;
        if (d?.kind === 'FunctionDecl') {
          const grand = parents[parents.length - 2];
          const decays = parent?.kind === 'ImplicitCastExpr' && (parent.castKind === 'FunctionToPointerDecay' || parent.castKind === 'BuiltinFnToFnPtr');
          const isCallee = decays && grand?.kind === 'CallExpr' && grand.inner?.[0] === parent;
          if (isCallee) callees.add(d.name ?? '?');
          else problems.add(`uses the function ${d.name} other than as the callee of a direct call`);
        } else if (d?.kind === 'VarDecl' && d.id && !local.has(d.id)) globals.add(d.name ?? '?');
        break;
      }
      case 'CallExpr': {
        const callee = n.inner?.[0];
        const direct = callee?.kind === 'ImplicitCastExpr' && callee.inner?.[0]?.kind === 'DeclRefExpr' && callee.inner[0].referencedDecl?.kind === 'FunctionDecl';
        if (!direct) problems.add('calls through something other than a function name (a pointer, a cast, an expression)');
        break;
      }
      case 'FunctionDecl':
        if (inBody) problems.add(`declares the function ${n.name} inside its body`);
        break;
      case 'VarDecl':
        if (inBody && (n.storageClass === 'static' || n.storageClass === 'extern' || n.tls)) problems.add(`declares ${n.storageClass ?? 'thread-local'} storage (${n.name}) inside its body`);
        break;
      case 'PredefinedExpr':
        problems.add('uses __func__ (or __FUNCTION__, __PRETTY_FUNCTION__), which names a different function in the checks than in the object');
        break;
      case 'SourceLocExpr':
        problems.add('uses __builtin_FILE/__builtin_LINE/__builtin_FUNCTION, which differ between the checks and the object');
        break;
      case 'GCCAsmStmt':
      case 'MSAsmStmt':
        problems.add('contains inline asm');
        break;
      case 'IndirectGotoStmt':
      case 'AddrLabelExpr':
        problems.add('uses computed goto');
        break;
      case 'BlockExpr':
        problems.add('uses a block literal');
        break;
      default:
        if (/^OMP\w*Directive$/.test(kind) && !OMP_DIRECTIVES.has(kind))
          problems.add(`uses the OpenMP directive ${kind.replace(/^OMP|Directive$/g, '')}, which is not among the allowed host-side forms`);
        if (kind.endsWith('Attr') && inBody) {
          const fine = n.implicit ? HARMLESS_IMPLICIT_ATTR.test(kind) : HARMLESS_ATTR.test(kind);
          if (!fine) problems.add(`carries the attribute ${kind.replace(/Attr$/, '')}`);
        }
    }
    if ((kind === 'CStyleCastExpr' || kind === 'ImplicitCastExpr') && n.castKind === 'IntegralToPointer') problems.add('turns an integer into a pointer');
    const next = [...parents, n];
    for (const c of n.inner ?? []) walk(c, next);
  };
  for (const c of def.inner ?? []) {
    if (c.kind?.endsWith('Attr')) continue; // the definition's own attributes: compared with the original's by the caller
    walk(c, [def]);
  }
  // A function used as a value names the construct best; a call through it comes after.
  const ordered = [...problems].sort((a, b) => Number(b.startsWith('uses the function')) - Number(a.startsWith('uses the function')));
  return { callees: [...callees], globals: [...globals], problems: ordered, ownAttrs };
}

/** The line marker that restores the presumed position of `offset` in a preprocessed text. */
function markerAt(text: string, offset: number): string {
  const marker = /^#\s*(?:line\s+)?(\d+)\s+("(?:\\.|[^"\\])*")([ \d]*)$/gm;
  let last: { line: number; file: string; flags: string; end: number } | undefined;
  for (let m; (m = marker.exec(text)) && m.index < offset;) {
    last = { line: Number(m[1]), file: m[2], flags: m[3], end: m.index + m[0].length + 1 };
  }
  if (!last) {
    let line = 1;
    for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
    return `# ${line} "<stdin>"`;
  }
  let line = last.line;
  for (let i = last.end; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  // Flags 1 and 2 push and pop the include stack; only "system header" (3, 4) carries over.
  const flags = last.flags.split(/\s+/).filter((f) => f === '3' || f === '4');
  return `# ${line} ${last.file}${flags.length ? ` ${flags.join(' ')}` : ''}`;
}

export const CANDIDATE_FILE = '<slmcc candidate>';

/** The translation unit with `text` in place of the original definition, its lines under a file name of their own. */
export function unitWithCandidate(tu: TranslationUnit, fn: FunctionInfo, text: string): string {
  const before = tu.text.slice(0, fn.start);
  const after = tu.text.slice(fn.end);
  return `${before}${candidateHeader()}${text}\n${markerAt(tu.text, fn.end)}\n${after}`;
}

const candidateHeader = () => `\n# 1 "${CANDIDATE_FILE}"\n`;
/** Where the candidate's text starts in `unitWithCandidate`'s result (a string index). */
const candidateOffset = (tu: TranslationUnit, fn: FunctionInfo) => fn.start + candidateHeader().length;

function dumpDefinition(unit: string, name: string, extraFlags: readonly string[] = []): { def: AstNode } | { error: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slmcc-screen-'));
  try {
    const src = path.join(dir, 'unit.i');
    fs.writeFileSync(src, unit);
    const args = [...extraFlags, '-fsyntax-only', '-fopenmp', '-w', '-fno-color-diagnostics', '-x', 'cpp-output', src, '-Xclang', '-ast-dump=json', '-Xclang', `-ast-dump-filter=${name}`];
    const r = spawnSync(screenCompiler(), args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20, timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    if (r.error) return { error: `the compiler could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})` };
    if (r.status !== 0) {
      const why = reduceDiagnostics(r.stderr ?? '', { file: CANDIDATE_FILE });
      return { error: `does not compile in its translation unit: ${why || `the compiler exited ${r.status}`}` };
    }
    let defs: AstNode[];
    try {
      defs = jsonValues(r.stdout ?? '');
    } catch (e) {
      return { error: `the compiler's AST could not be read (${(e as Error).message})` };
    }
    const def = defs.filter((d) => d.kind === 'FunctionDecl' && d.name === name && hasBody(d));
    if (def.length !== 1) return { error: `the compiler sees ${def.length} definitions of ${name}` };
    return { def: def[0] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The flags the screen's clang runs with: the language standard and target
 * the shipped compile uses (a candidate must mean under the user's -std what
 * it means to the screen); nothing that writes a file, warns or optimises.
 */
export function screenFlags(codeFlags: readonly string[]): string[] {
  return readFlags(codeFlags)
    .filter((f) => hasProp(f, 'dialect') || relaxesDiagnostics(f))
    .flatMap((f) => f.tokens);
}

/**
 * One definition as clang reads it, with the text it was read from: `unit`
 * is the whole unit clang compiled, and the function's own text starts at
 * byte `textStart` of it (clang's offsets are bytes of the unit).
 */
export interface ClangDefinition {
  def: AstNode;
  unit: string;
  textStart: number;
}

type Dumped = ClangDefinition | { error: string };

const originals = new WeakMap<FunctionInfo, Map<string, { dumped: Dumped; view?: CompilerView | { error: string } }>>();
/** The last few candidates per function: the screen and the claim check read the same clang run. */
const candidates = new WeakMap<FunctionInfo, Map<string, { dumped: Dumped; view?: CompilerView | { error: string } }>>();
const CANDIDATES_KEPT = 4;

function originalEntry(tu: TranslationUnit, fn: FunctionInfo, codeFlags: readonly string[]) {
  const flags = screenFlags(codeFlags);
  const key = [screenCompiler(), ...flags].join('\0');
  let seen = originals.get(fn);
  if (!seen) originals.set(fn, (seen = new Map()));
  let e = seen.get(key);
  if (!e) {
    const d = dumpDefinition(tu.text, fn.name, flags);
    e = { dumped: 'error' in d ? d : { def: d.def, unit: tu.text, textStart: Buffer.byteLength(tu.text.slice(0, fn.start)) } };
    seen.set(key, e);
  }
  return e;
}

function candidateEntry(tu: TranslationUnit, fn: FunctionInfo, text: string, codeFlags: readonly string[]) {
  const flags = screenFlags(codeFlags);
  const key = `${[screenCompiler(), ...flags].join('\0')}\n${text}`;
  let seen = candidates.get(fn);
  if (!seen) candidates.set(fn, (seen = new Map()));
  let e = seen.get(key);
  if (e) {
    seen.delete(key);
    seen.set(key, e);
    return e;
  }
  const unit = unitWithCandidate(tu, fn, text);
  const d = dumpDefinition(unit, fn.name, flags);
  e = { dumped: 'error' in d ? d : { def: d.def, unit, textStart: Buffer.byteLength(unit.slice(0, candidateOffset(tu, fn))) } };
  seen.set(key, e);
  while (seen.size > CANDIDATES_KEPT) seen.delete(seen.keys().next().value!);
  return e;
}

/** Clang's reading of the original definition in its own unit (once per function and flags). */
export function originalDefinition(tu: TranslationUnit, fn: FunctionInfo, codeFlags: readonly string[] = []): Dumped {
  return originalEntry(tu, fn, codeFlags).dumped;
}

/** Clang's reading of `text` put in place of `fn` in its unit, under the user's language flags (one run per candidate). */
export function candidateDefinition(tu: TranslationUnit, fn: FunctionInfo, text: string, codeFlags: readonly string[] = []): Dumped {
  return candidateEntry(tu, fn, text, codeFlags).dumped;
}

const viewOfEntry = (e: { dumped: Dumped; view?: CompilerView | { error: string } }) => (e.view ??= 'error' in e.dumped ? e.dumped : viewOf(e.dumped.def));

/** The compiler's view of the original definition, in its own unit (once per function and flags). */
export function originalView(tu: TranslationUnit, fn: FunctionInfo, codeFlags: readonly string[] = []): CompilerView | { error: string } {
  return viewOfEntry(originalEntry(tu, fn, codeFlags));
}

/** The compiler's view of `text` put in place of `fn` in its unit, read under the user's language flags, or why it could not be had. */
export function compilerView(tu: TranslationUnit, fn: FunctionInfo, text: string, codeFlags: readonly string[] = []): CompilerView | { error: string } {
  return viewOfEntry(candidateEntry(tu, fn, text, codeFlags));
}
