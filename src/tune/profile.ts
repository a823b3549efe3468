// Measured hotness: clang's instrumentation counters from the reference
// workload. A function's own counters count how often its blocks ran; its
// inclusive weight adds the same-file functions it calls, since an inlined
// helper's work belongs to the loop that calls it.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../core/path-lookup.js';

/** Counter sums per function name (static functions lose their `file.c:` prefix; same-named statics add up). */
export function parseProfileShow(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const head = /^  (\S.*):$/.exec(line);
    if (head) {
      current = head[1].split(/[:;]/).at(-1)!;
      continue;
    }
    if (!current) continue;
    const fc = /^\s+Function count: (\d+)/.exec(line);
    if (fc) out.set(current, (out.get(current) ?? 0) + Number(fc[1]));
    const bc = /^\s+Block counts: \[(.*)\]/.exec(line);
    if (bc && bc[1].trim()) out.set(current, (out.get(current) ?? 0) + bc[1].split(',').reduce((s, x) => s + Number(x), 0));
  }
  return out;
}

export function profdataTool(): string | undefined {
  for (const name of ['llvm-profdata-19', 'llvm-profdata']) {
    const found = findOnPath(name);
    if (found) return found;
  }
  return fs.existsSync('/usr/lib/llvm-19/bin/llvm-profdata') ? '/usr/lib/llvm-19/bin/llvm-profdata' : undefined;
}

/** Merges the raw profiles in `dir` and returns counter sums per function. */
export async function readProfiles(dir: string): Promise<Map<string, number> | { error: string }> {
  const tool = profdataTool();
  if (!tool) return { error: 'llvm-profdata not found (apt-get install llvm-19)' };
  const raws = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.profraw'))
    .map((f) => path.join(dir, f));
  if (raws.length === 0) return { error: 'the workload wrote no profile (did the build link with the instrumentation?)' };
  const merged = path.join(dir, 'merged.profdata');
  const m = await execa(tool, ['merge', '-o', merged, ...raws], { reject: false });
  if (m.exitCode !== 0) return { error: `llvm-profdata merge failed: ${String(m.stderr).split('\n')[0]}` };
  const s = await execa(tool, ['show', '--all-functions', '--counts', merged], { reject: false, maxBuffer: 256 << 20 });
  if (s.exitCode !== 0) return { error: `llvm-profdata show failed: ${String(s.stderr).split('\n')[0]}` };
  return parseProfileShow(String(s.stdout));
}
