// Replaces functions in the preprocessed text. A line marker before each
// replacement points its lines at the user's function, and one after it
// re-synchronises, so every later line keeps its number for diagnostics,
// already-expanded __LINE__ and debug info.
import { lineMarker, type FunctionInfo, type TranslationUnit } from '../analysis/index.js';

function columnOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return offset - (nl + 1);
}

export function spliceFunctions(tu: TranslationUnit, replacements: { fn: FunctionInfo; text: string }[]): string {
  const sorted = [...replacements].sort((a, b) => a.fn.start - b.fn.start);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].fn.start < sorted[i - 1].fn.end) throw new Error(`overlapping replacements for ${sorted[i - 1].fn.name} and ${sorted[i].fn.name}`);
  let out = '';
  let pos = 0;
  for (const { fn, text } of sorted) {
    out += tu.text.slice(pos, fn.start);
    out += `\n${lineMarker(fn.sourceLine, tu.file)}\n${' '.repeat(columnOf(tu.text, fn.start))}`;
    out += text;
    out += `\n${lineMarker(fn.sourceEndLine, tu.file)}\n${' '.repeat(columnOf(tu.text, fn.end))}`;
    pos = fn.end;
  }
  return out + tu.text.slice(pos);
}
