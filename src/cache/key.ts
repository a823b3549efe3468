// Cache keys: everything that can change a verdict, and nothing else.
import { VERDICT_FORMAT_VERSION, sha256 } from './format.js';

export interface KeyInput {
  /** The function's preprocessed text. */
  functionText: string;
  /** The preprocessed text of the functions of the same unit it can call, transitively. */
  callees?: string;
  /** The declarations it and those callees depend on. */
  declarations: string;
  /** From compilerIdentity(). */
  compilerIdentity: string;
  /** Flags that change code (-O*, -std=, -m*, -f*), in command-line order; macros act through the preprocessed text. */
  codeFlags: string[];
  target: string;
  provider: string;
  model?: string;
  modelDigest?: string;
  strategy?: string;
  reply?: string;
  /** The tolerance for floating-point outputs, when not the default: a stricter one must not reuse a looser one's verdicts. */
  tolerance?: number;
  /** The weakest evidence accepted, when not the default: a stricter setting must not reuse a verdict resting on less. */
  evidence?: string;
  /** SLMCC_REASSOCIATE: the user lets floating-point reductions reassociate whatever the flags say. */
  reassociate?: boolean;
}

const LINE_MARKER = /^#\s*(?:line\s+)?\d+\b/;

/**
 * C text reduced to what the compiler sees: comments removed, line markers
 * (which carry the file's path) dropped, and runs of blanks collapsed. A run
 * that holds a newline stays a newline, because directives such as
 * `#pragma omp` end at one. String and character literals are left exactly.
 */
export function normaliseC(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  let pendingSpace = ''; // '' | ' ' | '\n'
  let lineStart = true;
  const space = (c: string) => {
    if (c === '\n' || pendingSpace === '\n') pendingSpace = '\n';
    else pendingSpace = ' ';
  };
  const emit = (s: string) => {
    if (pendingSpace && out.length > 0) out += pendingSpace;
    pendingSpace = '';
    out += s;
    lineStart = false;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      space('\n');
      lineStart = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      space(' ');
      i++;
    } else if (c === '\\' && text[i + 1] === '\n') {
      i += 2; // a line continuation joins lines; it is not a token
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const body = text.slice(i, end < 0 ? n : end + 2);
      space(body.includes('\n') ? '\n' : ' ');
      i = end < 0 ? n : end + 2;
    } else if (c === '#' && lineStart && LINE_MARKER.test(text.slice(i, i + 16))) {
      while (i < n && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      const end = j < n && text[j] === c ? j + 1 : Math.min(j, n);
      emit(text.slice(i, end));
      i = end;
    } else {
      let j = i + 1;
      while (j < n && !/[\s/"'\\#]/.test(text[j])) j++;
      emit(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** Hex SHA-256 over the normalised inputs and the verdict format version. */
export function cacheKey(input: KeyInput): string {
  return sha256(
    JSON.stringify([
      'slmcc-key',
      VERDICT_FORMAT_VERSION,
      normaliseC(input.functionText),
      normaliseC(input.declarations),
      input.compilerIdentity,
      input.codeFlags,
      input.target,
      input.provider,
      input.model ?? '',
      input.modelDigest ?? '',
      input.strategy ?? '',
      input.reply ?? '',
      // Only when set, so that the keys of every cache written before stay valid.
      ...(input.tolerance !== undefined ? [`tolerance=${input.tolerance}`] : []),
      ...(input.evidence !== undefined ? [`evidence=${input.evidence}`] : []),
      ...(input.reassociate ? ['reassociate'] : []),
      ...(input.callees ? [`callees=${normaliseC(input.callees)}`] : []),
    ]),
  );
}
