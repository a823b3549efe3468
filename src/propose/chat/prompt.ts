// What every prompt carries, whatever the strategy: the role, the target and
// the rules (system message), and the task (the function's preprocessed
// text, the declarations it needs, and what the analysis found).
import os from 'node:os';
import type { FunctionInfo, Loop, TranslationUnit } from '../../analysis/types.js';
import type { ReplyForm } from '../../config/index.js';

export interface PromptInput {
  tu: TranslationUnit;
  fn: FunctionInfo;
  facts?: string[];
  declarations?: string;
}

export function systemPrompt(): string {
  const cores = os.availableParallelism();
  return [
    'You are an expert in OpenMP and C performance. You parallelise hot loops of one C function at a time, and you never change what the function computes.',
    '',
    `Target: a shared-memory machine with ${cores} cores, C11, OpenMP 5.0 (clang 19, libomp). The result is compiled with -fopenmp and checked against the original with ThreadSanitizer, AddressSanitizer and a differential run before it is used.`,
    '',
    'Rules:',
    '- Keep the function name, return type and parameter list exactly as they are.',
    '- Call nothing the original does not call, except OpenMP (pragmas, omp_* functions) and <math.h>.',
    '- No I/O, no new global variables, no new headers other than <omp.h> and <math.h>.',
    '- Only parallelise a loop when no two iterations write the same memory or one reads what another writes (reductions excepted: declare them).',
    '- When no loop can be parallelised safely, say so; an unchanged function is a valid answer.',
  ].join('\n');
}

function boundText(l: Loop): string {
  if (!l.inductionVar) return '';
  const lo = l.lower?.text ?? '?';
  const hi = l.upper?.text ?? '?';
  const step = l.step === undefined ? '' : l.step === 1 ? '' : `, step ${l.step}`;
  return ` over ${l.inductionVar} from ${lo} to ${hi}${step}`;
}

function describeLoop(l: Loop, indent: string): string[] {
  const lines = [`${indent}${l.id}: ${l.kind} loop at line ${l.sourceLine}${boundText(l)} (about ${l.tripEstimate} iterations${l.perfectChild ? ', perfectly nested' : ''})`];
  // A loop's accesses include its children's: show each at the loop whose own statements make it.
  const inChildren = new Set(l.children.flatMap((c) => c.accesses.map((a) => `${a.line}:${a.text}`)));
  const own = l.accesses.filter((a) => !inChildren.has(`${a.line}:${a.text}`));
  const writes = [...new Set(own.filter((a) => a.isWrite).map((a) => a.text))];
  const reads = [...new Set(own.filter((a) => a.isRead && !a.isWrite).map((a) => a.text))];
  if (writes.length) lines.push(`${indent}  writes: ${writes.join(', ')}`);
  if (reads.length) lines.push(`${indent}  reads: ${reads.join(', ')}`);
  // Scalars declared inside are private by construction; the ones that live outside need a clause or block the loop.
  const outside = l.scalarsWritten.filter((v) => v !== l.inductionVar && !l.locals.includes(v));
  if (outside.length) lines.push(`${indent}  scalars assigned that live outside the loop: ${outside.join(', ')}`);
  const locals = l.locals.filter((v) => v !== l.inductionVar);
  if (locals.length) lines.push(`${indent}  declared inside (private): ${locals.join(', ')}`);
  if (l.calls.length) lines.push(`${indent}  calls: ${l.calls.join(', ')}`);
  if (l.earlyExits.length) lines.push(`${indent}  exits early with: ${l.earlyExits.join(', ')}`);
  for (const c of l.children) lines.push(...describeLoop(c, `${indent}  `));
  return lines;
}

/** The analysis summary: loops with their accesses, dependence facts, hotness. */
export function analysisSummary(input: PromptInput): string {
  const { fn, facts } = input;
  const lines: string[] = [];
  if (fn.loops.length) {
    lines.push('Loops (ids to use in your answer):');
    for (const l of fn.loops) lines.push(...describeLoop(l, '  '));
  } else {
    lines.push('Loops: none found by the analysis.');
  }
  if (facts?.length) {
    lines.push('Dependence facts from the compiler:');
    for (const f of facts) lines.push(`  - ${f}`);
  }
  const written = fn.params.filter((p) => p.writtenThrough).map((p) => p.name);
  if (written.length) lines.push(`Parameters written through: ${written.join(', ')}`);
  const noRestrict = fn.params.filter((p) => p.isPointer && !p.isRestrict).map((p) => p.name);
  if (noRestrict.length > 1) lines.push(`Pointers without restrict (assume they do not overlap only if the loop makes that obvious): ${noRestrict.join(', ')}`);
  if (fn.globalsWritten.length) lines.push(`Globals written: ${fn.globalsWritten.join(', ')}`);
  if (fn.calls.length) lines.push(`Calls: ${fn.calls.join(', ')}`);
  lines.push(`Hotness: ${fn.hotness} (estimated work; this is one of the hottest functions of ${input.tu.file})`);
  return lines.join('\n');
}

export function taskText(input: PromptInput): string {
  const { fn } = input;
  const parts = [`Function \`${fn.name}\` from ${input.tu.file} (preprocessed):`, '```c', fn.text.trim(), '```'];
  if (input.declarations?.trim()) parts.push('', 'Declarations it uses:', '```c', input.declarations.trim(), '```');
  parts.push('', analysisSummary(input));
  return parts.join('\n');
}

/** How to end the final answer, per reply form. */
export function answerInstruction(form: ReplyForm, name: string): string {
  return form === 'plan'
    ? `Answer with the plan for \`${name}\` as JSON: {"function": "${name}", "loops": [{"loop": <loop id>, "parallel": true|false, "private": [...], "reduction": [{"op": "+", "vars": [...]}], "collapse": <n>, "schedule": "static"|"dynamic"|"guided", "simd": true|false, "interchangeWith": <child loop id>, "reason": <one sentence>}]}. List every loop you change; leave out the others.`
    : `Answer with the complete parallel function \`${name}\` in one \`\`\`c fenced block, same signature, with its OpenMP pragmas. Nothing else in the block: no main, no #include.`;
}

/** Token caps per kind of step: a plan is small, a function and free reasoning are larger. */
export const MAX_TOKENS = { plan: 768, code: 2048, reasoning: 1024, structured: 1024 } as const;
