import fs from 'node:fs';
import path from 'node:path';
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

/**
 * The static archives the command's `-l<name>` flags pick up from its `-L`
 * folders: a project that archives its objects (`ar rcs libgraph.a ...`) and
 * links `-L. -lgraph` names no object of slmcc's on the link line, yet one in
 * the archive may call the OpenMP runtime. The linker takes, for each name,
 * the first folder holding `lib<name>.so` or `lib<name>.a` (only `.a` under
 * -static); a shared library linked through slmcc records libomp itself.
 * System folders are not searched: slmcc's archives are the project's own.
 */
export function archivesLinked(parsed: readonly Arg[]): string[] {
  const flags = parsed.filter((a) => a.role === 'flag');
  const dirs = flags.filter((a) => a.name === '-L' && a.value).map((a) => a.value!);
  const isStatic = flags.some((a) => a.name === '-static');
  const out: string[] = [];
  for (const a of flags) {
    if (a.name !== '-l' || !a.value || (OPENMP_LIBS as readonly string[]).includes(a.value)) continue;
    const names = a.value.startsWith(':') ? [a.value.slice(1)] : isStatic ? [`lib${a.value}.a`] : [`lib${a.value}.so`, `lib${a.value}.a`];
    for (const d of dirs) {
      const found = names.map((n) => path.join(d, n)).find((f) => fs.existsSync(f));
      if (!found) continue;
      if (found.endsWith('.a')) out.push(found);
      break;
    }
  }
  return out;
}

/** The extra arguments a link needs for its inputs: `-fopenmp` when an object or an archive it links uses OpenMP and the command does not link it. */
export function openmpLinkArgs(parsed: readonly Arg[], objects: readonly string[]): string[] {
  if (linksOpenmpAlready(parsed)) return [];
  return [...objects, ...archivesLinked(parsed)].some(mentionsOpenmp) ? ['-fopenmp'] : [];
}
