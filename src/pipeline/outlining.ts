// Judging loops, not functions: a hot loop nest in a function the harness
// cannot drive (main, one that does I/O or calls code in another file) is
// outlined into a function of its own (analysis/outline.ts says how, and
// rewrite/outline.ts writes it), which the pipeline then judges like any
// other. The outlining itself ships only together with a verdict that
// changes the outlined function: a unit where nothing outlined was accepted
// is compiled exactly as the user wrote it.
import { analyze, calleesDefinedElsewhere, HOT_THRESHOLD, isOutlinedName, outlineChoices, withSameFileCallees, type FunctionInfo, type NestOutline, type TranslationUnit } from '../analysis/index.js';
import { outlineUnit } from '../rewrite/index.js';
import { ioCalls, isIoOrProcessCall, unverifiableReason } from '../verify/index.js';

export interface Outlining {
  /** The unit with every outlinable nest outlined: what the pipeline judges. */
  work: TranslationUnit;
  nests: NestOutline[];
  /** What became of each function's hot nests, for its decision record. */
  notes: Map<string, string>;
}

/** A callee declared outside the system headers and defined nowhere in the unit: code in another file. */
function fromElsewhere(file: string | undefined): boolean {
  return file !== undefined && !file.startsWith('/usr/') && !file.startsWith('<');
}

/** Why the harness cannot drive `fn` as a whole, when that is what outlining helps with. */
export function wholeFunctionBarrier(tu: TranslationUnit, fn: FunctionInfo): string | undefined {
  if (fn.name === 'main') return unverifiableReason(fn, tu);
  // Read here, not from the harness's reason, which names only the first: a struct parameter may hide that the function also prints.
  const io = ioCalls(fn.calls);
  if (io.length) return `body does I/O (${io.join(', ')})`;
  const elsewhere = calleesDefinedElsewhere(tu, fn).filter((c) => fromElsewhere(c.file));
  if (elsewhere.length) return `calls ${elsewhere.map((c) => c.name).join(', ')} from another file`;
  return undefined;
}

/**
 * The unit with the hot nests of such functions outlined, or undefined when
 * no nest was (then the unit is judged as it is). `skip` names functions
 * left whole (a workload verdict stands for them as written).
 */
export function outlineHotNests(tu: TranslationUnit, skip: ReadonlySet<string> = new Set()): Outlining | undefined {
  const byName = new Map(tu.functions.map((f) => [f.name, f]));
  const nests: NestOutline[] = [];
  const notes = new Map<string, string>();
  for (const fn of tu.functions) {
    if (skip.has(fn.name) || isOutlinedName(fn.name) || fn.loops.length === 0) continue;
    const barrier = wholeFunctionBarrier(tu, fn);
    if (!barrier) continue;
    const elsewhere = new Set(
      calleesDefinedElsewhere(tu, fn)
        .filter((c) => fromElsewhere(c.file))
        .map((c) => c.name),
    );
    // A nest that calls another file's function is outlined too: the harness
    // cannot link it, but tune, which sees every file, can judge it.
    const mayCall = (name: string) => {
      if (isIoOrProcessCall(name)) return false;
      if (elsewhere.has(name)) return true;
      const g = byName.get(name);
      return !g || withSameFileCallees(tu, g).every((h) => ioCalls(h.calls).length === 0);
    };
    const choices = outlineChoices(tu, fn, { mayCall, hotAt: HOT_THRESHOLD });
    const said = choices.map((c) => (c.kind === 'outline' ? `its loop at line ${c.nest.sourceLine} is judged by itself as ${c.nest.name}` : c.reason));
    if (said.length) notes.set(fn.name, said.join('; '));
    nests.push(...choices.flatMap((c) => (c.kind === 'outline' ? [c.nest] : [])));
  }
  if (nests.length === 0) return notes.size ? { work: tu, nests, notes } : undefined;
  try {
    const work = analyze(outlineUnit(tu, nests), { sourceFile: tu.file, strictAliasing: tu.strictAliasing });
    // Every outlined function must be read back as one, or none is judged.
    if (!nests.every((n) => work.functions.some((f) => f.name === n.name))) return undefined;
    return { work, nests, notes };
  } catch {
    return undefined;
  }
}

/**
 * The unit to splice accepted verdicts into: the user's own when no verdict
 * touches an outlined function, else the user's with exactly the nests whose
 * outlined function (or whose enclosing function, judged with them
 * outlined) has a verdict.
 */
export function unitToShip(original: TranslationUnit, outlining: Outlining | undefined, decided: readonly string[]): TranslationUnit {
  if (!outlining || outlining.nests.length === 0) return original;
  const names = new Set(decided);
  const kept = outlining.nests.filter((n) => names.has(n.name) || names.has(n.from));
  if (kept.length === 0) return original;
  if (kept.length === outlining.nests.length) return outlining.work;
  return analyze(outlineUnit(original, kept), { sourceFile: original.file, strictAliasing: original.strictAliasing });
}
