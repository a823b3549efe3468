// The constant arguments of a function's one call in its unit, as clang -O3
// sees them once it has propagated constants through the caller: PolyBench's
// main sets `alpha = 1.5` inside init_array and calls
// `kernel_syrk(1200, 1000, alpha, beta, C, A)`. A kernel inlined into that
// call (the original, or Polly's version, which melts into its one caller)
// is specialised on those values, and Polly's code for syrk runs a third
// faster with alpha and beta known. The array-size probe times the contenders
// on them (verify.ts), so it compares what the program would run.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import type { FunctionInfo, TranslationUnit } from '../analysis/types.js';
import type { HarnessPlan } from './harness.js';
import { swallowed } from '../core/swallowed.js';
import { escapeRegExp } from '../core/regexp.js';

/** One argument the call passes as a constant: its position and its C literal. */
export interface CallConstant {
  index: number;
  kind: 'int' | 'float';
  /** A C literal: `1200`, `1.5`. */
  literal: string;
  value: number;
}

/**
 * The constant arguments of `fn`'s one call in the unit, read from the
 * unit's optimised IR with `fn` kept out of line (and its signature whole);
 * empty when it has no call there, several, or its address is taken, or when
 * clang fails. `flags` are the user's code flags: the optimisation level is
 * theirs.
 */
export async function callSiteConstants(cc: readonly string[], flags: readonly string[], tu: TranslationUnit, fn: FunctionInfo, dir: string): Promise<CallConstant[]> {
  try {
    const src = path.join(dir, 'call-site.i');
    // `used` keeps clang from dropping the constant parameters from a static function's signature.
    fs.writeFileSync(src, `${tu.text.slice(0, fn.start)}__attribute__((noinline, used)) ${tu.text.slice(fn.start)}`);
    const r = await execa(cc[0], [...cc.slice(1), ...flags, '-fopenmp', '-w', '-S', '-emit-llvm', '-o', '-', '-x', 'cpp-output', src], {
      cwd: dir,
      reject: false,
      timeout: 60_000,
      stdin: 'ignore',
      maxBuffer: 256 << 20,
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (r.exitCode !== 0) return [];
    return constantArguments(String(r.stdout), fn.name, fn.params.length);
  } catch (e) {
    swallowed('verify/call-constants', e);
    return [];
  }
}

/** The constant arguments of the one call of `name` in `ir`; empty unless there is exactly one and nothing else refers to `name`. */
export function constantArguments(ir: string, name: string, params: number): CallConstant[] {
  const ref = new RegExp(`@${escapeRegExp(name)}\\b(?!\\.)`);
  const callOf = new RegExp(`\\bcall\\b[^@]*@${escapeRegExp(name)}\\((.*)\\)`);
  const calls: string[] = [];
  for (const line of ir.split('\n')) {
    if (!ref.test(line)) continue;
    if (/^define\b/.test(line) || /^declare\b/.test(line) || /^@llvm\.(compiler\.)?used\b/.test(line)) continue;
    const call = callOf.exec(line);
    // Any other reference (a stored address, a second call) means callers the unit does not show.
    if (!call) return [];
    calls.push(call[1]);
  }
  if (calls.length !== 1) return [];
  const args = splitTopLevel(calls[0]);
  if (args.length !== params) return [];
  const out: CallConstant[] = [];
  args.forEach((arg, index) => {
    const words = arg.trim().split(/\s+/);
    const type = words[0];
    const value = words[words.length - 1];
    if (/^i(8|16|32|64)$/.test(type) && /^-?\d+$/.test(value)) {
      const v = Number(value);
      if (Number.isSafeInteger(v)) out.push({ index, kind: 'int', literal: value, value: v });
    } else if (type === 'double' || type === 'float') {
      const v = floatValue(value);
      if (v !== undefined && Number.isFinite(v)) out.push({ index, kind: 'float', literal: floatLiteral(v), value: v });
    }
  });
  return out;
}

/** Splits an argument list at the commas outside brackets. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(' || ch === '[' || ch === '{' || ch === '<') depth++;
    else if (ch === ')' || ch === ']' || ch === '}' || ch === '>') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (s.trim()) out.push(s.slice(start));
  return out;
}

/** LLVM prints a floating constant in decimal (`1.500000e+00`) when that is exact, else as the double's bits (`0x3FF3333333333333`). */
function floatValue(tok: string): number | undefined {
  if (/^-?\d+\.\d+e[+-]\d+$/.test(tok)) return Number(tok);
  const hex = /^0x([0-9A-F]{16})$/.exec(tok);
  if (!hex) return undefined;
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex[1]}`));
  return view.getFloat64(0);
}

/** The shortest decimal that reads back as the same double, always with a point or an exponent. */
function floatLiteral(v: number): string {
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/**
 * `-D__SLMCC_ARG_<i>=<literal>` for each constant the harness may pass in
 * place of its own value (harness.ts reads them in the array-size probe's
 * builds): a floating one to a floating parameter; an integer one to an
 * integer parameter, from 0 to the size `n` the buffers were made for and the
 * parameter's cap, never to a repeat count or a window the timing keeps small.
 */
export function argumentDefines(found: readonly CallConstant[], params: HarnessPlan['params'], n: number): string[] {
  const out: string[] = [];
  for (const c of found) {
    const p = params.find((q) => q.index === c.index);
    if (!p || p.kind.kind !== 'scalar' || p.kind.fields) continue;
    const floating = /\b(float|double)\b/.test(p.kind.type);
    if (c.kind === 'float' ? !floating : floating || p.repeat || p.window || c.value < 0 || c.value > Math.min(n, p.cap)) continue;
    out.push(`-D__SLMCC_ARG_${c.index}=${c.literal}`);
  }
  return out;
}
