// A candidate rewrite (from the model or a plan) analysed on its own, with the
// translation unit's globals as context: the screen compares it with the
// original function before anything is compiled.
import type { FunctionInfo } from './types.js';
import { functionInfo } from './function.js';
import { lineIndexAt, lineStartsOf } from './line-starts.js';
import { parseC, type SyntaxNode } from './parse.js';
import type { Globals } from './tu.js';

function* walkAll(node: SyntaxNode): Generator<SyntaxNode> {
  yield node;
  // MISSING tokens are anonymous nodes, so look at every child.
  for (const c of node.children) if (c.hasError || c.isMissing || c.type === 'ERROR') yield* walkAll(c);
}

export type CandidateAnalysis = { ok: true; fn: FunctionInfo } | { ok: false; reason: string };

export function analyzeCandidateText(text: string, globals: Globals): CandidateAnalysis {
  let tree;
  try {
    tree = parseC(text);
  } catch (e) {
    return { ok: false, reason: `parser failed: ${(e as Error).message}` };
  }
  const root = tree.rootNode;
  const lineStarts = lineStartsOf(text);
  const lineAt = (off: number) => lineIndexAt(lineStarts, off) + 1;
  if (root.hasError) {
    for (const n of walkAll(root)) {
      if (n.type === 'ERROR') return { ok: false, reason: `syntax error at line ${lineAt(n.startIndex)}: ${n.text.slice(0, 60)}` };
      if (n.isMissing) return { ok: false, reason: `syntax error at line ${lineAt(n.startIndex)}: missing ${n.type}` };
    }
    return { ok: false, reason: 'syntax error' };
  }
  const defs = root.namedChildren.filter((n) => n.type === 'function_definition');
  if (defs.length === 0) return { ok: false, reason: 'no function definition' };
  if (defs.length > 1) return { ok: false, reason: `${defs.length} function definitions; expected one` };
  const fn = functionInfo(defs[0], text, { lineAt, globals });
  if (!fn) return { ok: false, reason: 'no function definition' };
  return { ok: true, fn };
}
