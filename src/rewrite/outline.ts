// The unit with loop nests outlined (analysis/outline.ts says which and how):
// each outlined function goes right before the function its nest came from,
// with line markers that point its lines at the nest's own, and the nest's
// place holds a call followed by as many newlines as the nest had, so every
// later line keeps its number.
import { lineMarker, type NestOutline, type TranslationUnit } from '../analysis/index.js';

function columnOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return offset - (nl + 1);
}

const newlines = (s: string) => s.split('\n').length - 1;

/** The outlined function's definition, on lines that map to the nest's. */
export function outlinedFunction(tu: TranslationUnit, nest: NestOutline): string {
  const params = nest.liveIns.flatMap((l) => ('param' in l ? [l.param] : []));
  const locals = nest.liveIns.flatMap((l) => ('local' in l ? [l.local] : []));
  const copyOut = nest.liveIns.flatMap((l) => (l.mode === 'ref' && l.copyOut ? [`*${l.ref} = ${l.name};`] : []));
  const body = tu.text.slice(nest.start, nest.end);
  const head = `static void ${nest.name}(${params.length ? params.join(', ') : 'void'}) {${locals.length ? ' ' + locals.join(' ') : ''}`;
  return `${head}\n${lineMarker(nest.sourceLine, tu.file)}\n${' '.repeat(columnOf(tu.text, nest.start))}${body}\n${copyOut.length ? copyOut.join(' ') + ' ' : ''}}`;
}

/** The call that stands where the nest was. */
export function outlinedCall(nest: NestOutline): string {
  const args = nest.liveIns.flatMap((l) => ('param' in l ? [l.mode === 'ref' ? `&${l.name}` : l.name] : []));
  return `${nest.name}(${args.join(', ')});`;
}

/**
 * The unit's text with `nests` outlined. Nests must not overlap; several
 * from one function go before it in their order.
 */
export function outlineUnit(tu: TranslationUnit, nests: readonly NestOutline[]): string {
  const sorted = [...nests].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) throw new Error(`overlapping nests ${sorted[i - 1].name} and ${sorted[i].name}`);
  const edits: { at: number; end: number; text: string }[] = [];
  const byFunction = new Map<number, NestOutline[]>();
  for (const n of sorted) byFunction.set(n.at, [...(byFunction.get(n.at) ?? []), n]);
  for (const [at, group] of byFunction) {
    const line = sourceLineAt(tu, at);
    const defs = group.map((n) => `\n${lineMarker(n.sourceLine, tu.file)}\n${outlinedFunction(tu, n)}`).join('');
    edits.push({ at, end: at, text: `${defs}\n${lineMarker(line, tu.file)}\n${' '.repeat(columnOf(tu.text, at))}` });
  }
  for (const n of sorted) {
    const nestText = tu.text.slice(n.start, n.end);
    edits.push({ at: n.start, end: n.end, text: outlinedCall(n) + '\n'.repeat(newlines(nestText)) });
  }
  edits.sort((a, b) => a.at - b.at || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += tu.text.slice(pos, e.at) + e.text;
    pos = e.end;
  }
  return out + tu.text.slice(pos);
}

/** The source line of the function that starts at `at` (from the unit's analysis). */
function sourceLineAt(tu: TranslationUnit, at: number): number {
  const fn = tu.functions.find((f) => f.start === at);
  if (!fn) throw new Error(`no function starts at offset ${at}`);
  return fn.sourceLine;
}
