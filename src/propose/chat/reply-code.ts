// Reading a code reply: one C function out of whatever the model wrapped it
// in (fences with or without a language tag, chatter, several blocks, no
// fences at all, #include lines, a main it added). Candidates are cut out by
// their header and matching brace, then tree-sitter judges each cut alone, so
// prose around the code cannot bleed into the parse.
import type { FunctionInfo } from '../../analysis/types.js';
import { parseC as parse, type SyntaxNode as Node } from '../../analysis/index.js';
import type { Read } from './reply-plan.js';
import { escapeRegExp } from '../../core/regexp.js';

/** The texts worth searching: each fenced block (an unclosed last fence counts), else the whole reply. */
export function codeBlocks(content: string): string[] {
  const blocks: string[] = [];
  const fence = /```[^\n`]*\n([\s\S]*?)(?:```|$)/g;
  for (let m; (m = fence.exec(content));) blocks.push(m[1]);
  return blocks.length > 0 ? blocks : [content];
}

/** Index just past the brace that closes the one at `open`, skipping strings, chars and comments. */
function matchBrace(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      i = text.indexOf('\n', i);
      if (i < 0) return undefined;
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) return undefined;
      i++;
    } else if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return undefined;
}

/**
 * Every definition of `name` in `text`: from the start of its header (the
 * previous line too when the return type sits there alone) to its closing brace.
 */
function cutDefinitions(text: string, name: string): string[] {
  const header = new RegExp(`(^|\\n)([^\\n;{}#]*\\b${escapeRegExp(name)}\\s*\\([^;{}]*\\)\\s*)\\{`, 'g');
  const cuts: string[] = [];
  for (let m; (m = header.exec(text));) {
    let start = m.index + m[1].length;
    const open = m.index + m[0].length - 1;
    if (/^\s*$/.test(m[2].slice(0, m[2].indexOf(name)))) {
      // `static double\nmm(...)`: take the type line above.
      const prevEnd = start - 1;
      const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
      const prev = text.slice(prevStart, prevEnd);
      if (prevEnd > 0 && /^[\w\s*]+$/.test(prev) && prev.trim() !== '') start = prevStart;
    }
    const end = matchBrace(text, open);
    cuts.push(text.slice(start, end ?? text.length));
    if (end) header.lastIndex = end;
  }
  return cuts;
}

function firstError(node: Node): Node | undefined {
  if (node.type === 'ERROR' || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const c of node.children) {
    const e = firstError(c);
    if (e) return e;
  }
  return node;
}

function innermostName(decl: Node | null): Node | undefined {
  for (let d = decl; d; d = d.childForFieldName('declarator')) {
    if (d.type === 'identifier') return d;
  }
  return undefined;
}

const STORAGE = /\b(static|inline|extern|__inline__|__inline)\b/g;

function normalise(s: string): string {
  return s
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ')
    .replace(STORAGE, ' ')
    .replace(/\s+/g, ' ')
    .replace(/\s*([*(),[\]])\s*/g, '$1')
    .trim();
}

/** Return type, name and parameter types, without parameter names or storage class. */
function shape(def: Node): string {
  const body = def.childForFieldName('body');
  const headerEnd = body ? body.startIndex : def.endIndex;
  const text = def.text.slice(0, headerEnd - def.startIndex);
  let fnDecl: Node | null = def.childForFieldName('declarator');
  while (fnDecl && fnDecl.type !== 'function_declarator') fnDecl = fnDecl.childForFieldName('declarator');
  const params = fnDecl?.childForFieldName('parameters');
  const cuts: [number, number][] = [];
  for (const p of params?.namedChildren ?? []) {
    if (p.type !== 'parameter_declaration') continue;
    const id = innermostName(p.childForFieldName('declarator'));
    if (id) cuts.push([id.startIndex - def.startIndex, id.endIndex - def.startIndex]);
  }
  let out = text;
  for (const [a, b] of cuts.reverse()) out = out.slice(0, a) + out.slice(b);
  return normalise(out);
}

function definitionIn(text: string, name: string): { def?: Node; error?: string; tree: ReturnType<typeof parse> } {
  const tree = parse(text);
  for (const n of tree.rootNode.namedChildren) {
    if (n.type !== 'function_definition') continue;
    if (innermostName(n.childForFieldName('declarator'))?.text !== name) continue;
    const err = firstError(n);
    if (err) {
      const line = err.startPosition.row + 1;
      const near = err.text.split('\n')[0].slice(0, 40);
      return { def: n, error: `syntax error in ${name} at line ${line}${near ? ` near \`${near}\`` : ''}`, tree };
    }
    return { def: n, tree };
  }
  return { tree };
}

function definedNames(content: string): string[] {
  const names = new Set<string>();
  for (const block of codeBlocks(content)) {
    for (const m of block.matchAll(/(?:^|\n)[^\n;{}#]*?\b([A-Za-z_]\w*)\s*\([^;{}]*\)\s*\{/g)) {
      if (!['if', 'for', 'while', 'switch'].includes(m[1])) names.add(m[1]);
    }
  }
  return [...names];
}

/** A line splice or a trigraph: text that clang reads differently from every reader here. */
function lexicalTrap(text: string): string | undefined {
  if (/\\[ \t\v\f]*(\r\n|\r|\n)/.test(text)) return 'it contains a line splice (backslash-newline)';
  const tri = /\?\?[=/'()!<>-]/.exec(text);
  return tri ? `it contains the trigraph ${tri[0]}` : undefined;
}

/** The function `fn.name` from a code reply, with the original's signature, or why not. */
export function readCode(content: string, fn: FunctionInfo): Read<string> {
  const found: { text: string; error?: string }[] = [];
  for (const block of codeBlocks(content)) {
    for (const cut of cutDefinitions(block, fn.name)) {
      // Read as the compiler's lexer would or not at all: a splice can end a
      // comment or extend a directive where every reader here thinks it does not.
      const lexical = lexicalTrap(cut);
      if (lexical) {
        found.push({ text: cut, error: lexical });
        continue;
      }
      const { def, error } = definitionIn(cut, fn.name);
      if (def) found.push({ text: def.text, error });
    }
  }
  const clean = found.filter((f) => !f.error);
  if (clean.length === 0) {
    if (found.length > 0) return { ok: false, reason: `code rejected: ${found[found.length - 1].error}` };
    const others = definedNames(content).filter((n) => n !== fn.name);
    if (others.length > 0) return { ok: false, reason: `code rejected: no definition of ${fn.name} in the reply (it defines: ${others.join(', ')})` };
    return { ok: false, reason: `code rejected: no C function in the reply` };
  }
  // A reply that quotes the original before its answer: the answer is the
  // one with OpenMP in it, and of those the last.
  const withOmp = clean.filter((f) => /#\s*pragma\s+omp\b|\bomp_/.test(f.text));
  let text = (withOmp.length ? withOmp : clean).at(-1)!.text;

  const got = shape(parse(text).rootNode.namedChildren.find((n) => n.type === 'function_definition')!);
  const wantDef = parse(`${fn.signature} {}`).rootNode.namedChildren.find((n) => n.type === 'function_definition');
  const want = wantDef && !wantDef.hasError ? shape(wantDef) : normalise(fn.signature);
  if (got !== want) return { ok: false, reason: `code rejected: signature differs: expected \`${want}\`, got \`${got}\`` };

  const isStatic = (s: string) => /^\s*(?:\w+\s+)*?static\b/.test(s.slice(0, s.indexOf(fn.name)));
  if (isStatic(text) && !isStatic(fn.signature) && !fn.isStatic) {
    return { ok: false, reason: `code rejected: signature differs: it makes ${fn.name} static` };
  }
  // Keep internal linkage when the model dropped `static`: the body is what it was asked for.
  if ((fn.isStatic || isStatic(fn.signature)) && !isStatic(text)) text = `static ${text}`;
  return { ok: true, value: text };
}
