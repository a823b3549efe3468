// After a parallel region ends, libomp's workers spin for KMP_BLOCKTIME
// (200 ms by default) before they sleep, waiting for the next region. A
// function slmcc parallelised is often run once, between serial code of the
// user's (an init_array before a timed kernel that stays serial): its workers
// then spin beside that serial code for 200 ms. On an idle two-core machine
// this costs nothing; with one other busy process the serial code shares a
// core with the spinner, and calls_out's timed kernel, untouched by slmcc, ran
// 17% slower than clang's build (0.381 s against 0.324 s, nine runs each).
//
// So a rewritten function that opens a parallel region runs with a 1 ms block
// time, set on entry and put back on every way out (a cleanup variable):
// regions forked inside it hand 1 ms to their workers, who sleep 1 ms after
// the last one instead of 200. Regions a few microseconds apart (a time loop
// of regions) still find their workers spinning; a caller whose gaps between
// calls exceed 1 ms pays one wake-up per call, small beside the gap. The
// user's own regions fork with the block time they had. Only libomp's default
// is shortened: a block time the user chose (KMP_BLOCKTIME, OMP_WAIT_POLICY,
// a call of kmp_set_blocktime) is theirs, for slmcc's regions too.
//
// kmp_get_blocktime and kmp_set_blocktime are libomp's; they are referenced
// weakly under names of slmcc's own, so a unit that includes <omp.h> keeps its
// declarations, and an object linked against another runtime (libgomp has
// neither) links and simply skips the call.
import { field, parseC } from '../analysis/index.js';
import { swallowed } from '../core/swallowed.js';

const GET = '__slmcc_kmp_get_blocktime';
const SET = '__slmcc_kmp_set_blocktime';
const SHORTEN = '__slmcc_spin_short';
const RESTORE = '__slmcc_spin_restore';
/** KMP_DEFAULT_BLOCKTIME: what kmp_get_blocktime returns when nobody set one. */
const LIBOMP_DEFAULT_MS = 200;

/**
 * File-scope helpers the guarded functions call; goes once before the first
 * of them. Under a line marker of their own: they are not the user's
 * functions to whoever reads the spliced unit again.
 */
export const SHORT_SPIN_PRELUDE = [
  '# 1 "<slmcc>"',
  `extern int ${GET}(void) __asm__("kmp_get_blocktime") __attribute__((weak));`,
  `extern void ${SET}(int) __asm__("kmp_set_blocktime") __attribute__((weak));`,
  `static __inline__ __attribute__((unused)) int ${SHORTEN}(void) {`,
  `  int saved = -1;`,
  `  if (${GET} && ${SET}) { saved = ${GET}(); if (saved == ${LIBOMP_DEFAULT_MS}) ${SET}(1); else saved = -1; }`,
  `  return saved;`,
  `}`,
  `static __inline__ __attribute__((unused)) void ${RESTORE}(int *saved) { if (*saved >= 0) ${SET}(*saved); }`,
  '',
].join('\n');

// `#pragma omp ... parallel ...` only: the screen refuses `_Pragma` before a
// candidate is ever built.
const PARALLEL_PRAGMA = /^[ \t]*#[ \t]*pragma[ \t]+omp\b[^\n]*\bparallel\b/m;

/**
 * The function text with the short block time on entry, when it opens a
 * parallel region; unchanged otherwise. The declaration goes right after the
 * body's `{`, on the same line, so every line keeps its number.
 */
export function withShortSpin(text: string): { text: string; guarded: boolean } {
  if (!PARALLEL_PRAGMA.test(text)) return { text, guarded: false };
  let open: number | undefined;
  try {
    const def = parseC(text).rootNode.namedChildren.find((n) => n.type === 'function_definition');
    const body = def && field(def, 'body');
    if (body?.type === 'compound_statement') open = body.startIndex;
  } catch (e) {
    swallowed('rewrite/short-spin', e);
    // unparsable text: shipped as it is, without the short block time
  }
  if (open === undefined || text[open] !== '{') return { text, guarded: false };
  const decl = ` __attribute__((cleanup(${RESTORE}))) int __slmcc_spin = ${SHORTEN}();`;
  return { text: text.slice(0, open + 1) + decl + text.slice(open + 1), guarded: true };
}
