// Which sources hold a verdict that changes code (a candidate or Polly),
// by file name. Inside a parallel make nothing is decided, so a compile of a
// source with no such verdict anywhere in the cache can only keep its
// original code: it needs no -E, no parse and no lookup, and bin/slmcc can
// answer the next one by itself, for as long as the generation file says no
// source gained its first verdict since (cache/shell-entries.ts).
//
// The name is the file's base name: another file of the same name only costs
// an analysis that finds nothing.
import fs from 'node:fs';
import path from 'node:path';
import { writeAtomicSync } from '../core/atomic-write.js';
import { sha256 } from './format.js';
import { swallowed } from '../core/swallowed.js';

const folder = (root: string) => path.join(root, 'sources');
const mark = (root: string, source: string) => path.join(folder(root), sha256(path.basename(source)));

/** Changes whenever a source gains its first code-changing verdict. */
export const generationFile = (root: string): string => path.join(folder(root), 'generation');

export function hasVerdictFor(root: string, source: string): boolean {
  return fs.existsSync(mark(root, source));
}

/**
 * The generation file (created when missing) and the hash of what it holds
 * now; undefined when the cache cannot be written or read.
 */
export function currentGeneration(root: string): { file: string; hash: string } | undefined {
  const file = generationFile(root);
  try {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(folder(root), { recursive: true });
      // Written whole, then linked into place: a file created in place is
      // empty for a moment, and a compile beside this one that hashed it
      // then would write down a generation that never was.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${Date.now()} ${process.pid}\n`);
      try {
        fs.linkSync(tmp, file);
      } finally {
        fs.rmSync(tmp, { force: true });
      }
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    return { file, hash: sha256(fs.readFileSync(file)) };
  } catch {
    return undefined;
  }
}

/** Records that `source` holds a code-changing verdict. Never throws. */
export function markVerdictSource(root: string, source: string): void {
  try {
    const m = mark(root, source);
    if (fs.existsSync(m)) return;
    fs.mkdirSync(folder(root), { recursive: true });
    fs.writeFileSync(m, `${path.basename(source)}\n`);
    // Through a rename: a reader never sees it half-written.
    writeAtomicSync(generationFile(root), `${Date.now()} ${process.pid} ${Math.random()}\n`);
  } catch (e) {
    swallowed('cache/verdict-sources', e);
    /* a read-only cache stores no verdicts either */
  }
}
