import fs from 'node:fs';
import type { Arg } from '../core/command-line.js';

// Objects compiled from OpenMP code reference the runtime through __kmpc_*
// entry points (and omp_* for API calls); Polly's parallel code generation
// calls the GNU entry points GOMP_*, which libomp provides too. A unit with a
// Polly verdict holds slmcc's start-up function, which calls omp_in_parallel
// even where Polly found nothing to run in parallel. Symbol names sit
// NUL-separated in the string table, so a byte search finds them without an
// ELF parser. bin/slmcc makes the same test before Node starts, with these
// lists as pipeline/shell-spec.ts writes them down for it.
/** Each marker follows a NUL in the object's bytes. */
export const OPENMP_MARKERS = ['__kmpc_', 'GOMP_', 'omp_get_', 'omp_set_', 'omp_in_parallel\0'] as const;
/** The runtimes `-l<name>` links: a command naming one links OpenMP already. */
export const OPENMP_LIBS = ['omp', 'gomp', 'iomp5'] as const;
const MARKERS = OPENMP_MARKERS.map((m) => Buffer.from(`\0${m}`));
const MAX_SCAN = 512 * 1024 * 1024;

function mentionsOpenmp(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_SCAN) return false;
    const bytes = fs.readFileSync(file);
    return MARKERS.some((m) => bytes.includes(m));
  } catch {
    return false;
  }
}

function linksOpenmpAlready(parsed: readonly Arg[]): boolean {
  return parsed.some((a) => a.role === 'flag' && (a.name === '-fopenmp' || a.tokens[0].startsWith('-fopenmp=') || (a.kind === 'link' && (OPENMP_LIBS as readonly string[]).includes(a.value ?? ''))));
}

/** The extra arguments a link needs for its inputs: `-fopenmp` when an object uses OpenMP and the command does not link it. */
export function openmpLinkArgs(parsed: readonly Arg[], objects: readonly string[]): string[] {
  if (linksOpenmpAlready(parsed)) return [];
  return objects.some(mentionsOpenmp) ? ['-fopenmp'] : [];
}
