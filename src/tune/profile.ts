// Measured hotness: clang's instrumentation counters from the reference
// workload. A function's own counters count how often its blocks ran; its
// inclusive weight adds the same-file functions it calls, since an inlined
// helper's work belongs to the loop that calls it.
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../core/path-lookup.js';

export interface Profile {
  /** Counter sums per function name (static functions lose their `file.c:` prefix; same-named statics add up). */
  sums: Map<string, number>;
  /** Each function's block counters in clang's order, after its entry count; absent for a name defined more than once. */
  blocks: Map<string, number[]>;
}

export function parseProfileShow(text: string): Profile {
  const sums = new Map<string, number>();
  const blocks = new Map<string, number[]>();
  const twice = new Set<string>();
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const head = /^  (\S.*):$/.exec(line);
    if (head) {
      current = head[1].split(/[:;]/).at(-1)!;
      continue;
    }
    if (!current) continue;
    const fc = /^\s+Function count: (\d+)/.exec(line);
    if (fc) sums.set(current, (sums.get(current) ?? 0) + Number(fc[1]));
    const bc = /^\s+Block counts: \[(.*)\]/.exec(line);
    if (bc) {
      const counts = bc[1].trim() ? bc[1].split(',').map(Number) : [];
      sums.set(current, (sums.get(current) ?? 0) + counts.reduce((s, x) => s + x, 0));
      if (blocks.has(current)) twice.add(current);
      blocks.set(current, counts);
    }
  }
  for (const name of twice) blocks.delete(name);
  return { sums, blocks };
}

export function profdataTool(): string | undefined {
  for (const name of ['llvm-profdata-19', 'llvm-profdata']) {
    const found = findOnPath(name);
    if (found) return found;
  }
  return fs.existsSync('/usr/lib/llvm-19/bin/llvm-profdata') ? '/usr/lib/llvm-19/bin/llvm-profdata' : undefined;
}

/** Merges the raw profiles in `dir` and returns the counters per function. */
export async function readProfiles(dir: string): Promise<Profile | { error: string }> {
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
