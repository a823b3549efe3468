// A function that prints (a PolyBench `print_array`, a solver reporting its
// residual) has its meaning in the bytes it writes. Where it writes only to
// stdout and stderr, named as such at each call, the harness can capture
// both streams per side and compare them byte for byte; any other I/O (a
// file, input, the clock) stays beyond what it can compare.
import { field, parseC, walk } from '../analysis/index.js';
import type { FunctionInfo } from '../analysis/types.js';

/** Output calls that always write to stdout. */
const TO_STDOUT = new Set(['printf', 'vprintf', 'puts', 'putchar', '__printf_chk', '__builtin_printf', '__builtin_puts']);

/** Output calls taking the stream as an argument, and which argument (0 based; -1: the last). */
const STREAM_ARG = new Map<string, number>([
  ['fprintf', 0],
  ['vfprintf', 0],
  ['__fprintf_chk', 0],
  ['fputs', -1],
  ['fputc', -1],
  ['putc', -1],
  ['fwrite', -1],
  ['fflush', 0],
]);

const STANDARD = new Set(['stdout', 'stderr']);

/**
 * Whether every I/O call the function makes (`io`, its calls that ctypes
 * names I/O) writes to stdout or stderr: printf and puts, or fprintf and its
 * kin with `stdout` or `stderr` as the stream.
 */
export function writesOnlyStandardStreams(fn: FunctionInfo, io: string[]): boolean {
  if (!io.length || !io.every((c) => TO_STDOUT.has(c) || STREAM_ARG.has(c))) return false;
  // Asked for each printing function by the ranking, the pipeline and verify: parsed once.
  let known = streamsOnly.get(fn);
  if (known === undefined) streamsOnly.set(fn, (known = standardStreamsOnly(fn)));
  return known;
}

const streamsOnly = new WeakMap<FunctionInfo, boolean>();

/** Whether each stream argument of the function's output calls is `stdout` or `stderr` by name. */
function standardStreamsOnly(fn: FunctionInfo): boolean {
  for (const n of walk(parseC(fn.text).rootNode)) {
    if (n.type !== 'call_expression') continue;
    const callee = field(n, 'function');
    const at = callee?.type === 'identifier' ? STREAM_ARG.get(callee.text) : undefined;
    if (at === undefined) continue;
    const args = field(n, 'arguments')?.namedChildren ?? [];
    const stream = args[at < 0 ? args.length - 1 : at];
    if (!stream || stream.type !== 'identifier' || !STANDARD.has(stream.text)) return false;
  }
  return true;
}
