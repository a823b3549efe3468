import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, runCaptured } from './rewritten-compile.js';

/** `callee` inlined into `caller`, as clang's inliner reported it. */
export interface InlinedCall {
  callee: string;
  caller: string;
}

/**
 * Which calls the compiler inlines when it compiles `text` (preprocessed C)
 * with the user's code flags: its own remarks (`-Rpass=inline`), so the
 * answer is the inliner's real decision for this unit, not a guess at its
 * cost model. Empty when the compile fails: nothing is then known to melt.
 */
export async function inlinedCalls(cc: readonly string[], codeFlags: readonly string[], text: string, cwd: string): Promise<InlinedCall[]> {
  const dir = makeTempDir();
  try {
    const src = path.join(dir, 'unit.i');
    fs.writeFileSync(src, text);
    const r = await runCaptured([...cc, ...codeFlags, '-w', '-Rpass=^inline$', '-S', '-x', 'cpp-output', src, '-o', path.join(dir, 'unit.s')], { cwd });
    if (r.code !== 0) return [];
    return [...r.stderr.matchAll(/remark: '([^']+)' inlined into '([^']+)'/g)].map((m) => ({ callee: m[1], caller: m[2] }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
