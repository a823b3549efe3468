// Which parameters the harness can build, and how. The C side of the harness
// decides float-versus-integer with _Generic (typedefs resolve there for free),
// so here we only refuse what no generated input can stand for.
import { aggregateTypedef, flatRecord, recordMembers, scalarFields, valueUses, type RecordMember } from '../analysis/index.js';
import type { FunctionInfo, Param, TranslationUnit } from '../analysis/types.js';
import { clangParams, type PointerShape } from './clang-types.js';
import { writesOnlyStandardStreams } from './standard-output.js';

export type ParamKind =
  /** `fields`: a record passed by value whose fields are all arithmetic (scalarFields), built field by field. */
  | { kind: 'scalar'; type: string; fields?: RecordField[] }
  /** `viewDims`: a `void *` the body reads as a pointer to an array of this many dimensions (clang's reading of its casts). */
  /** `per`: a record of this many `elem`s (flatRecord), filled and compared as scalars. */
  | { kind: 'buffer'; elem: string; depth: 1; dims?: (number | undefined)[]; viewDims?: number; per?: number }
  | { kind: 'rows'; elem: string; depth: 2 }
  /**
   * A struct of values and pointers to arithmetic elements (recordMembers),
   * through a pointer or, `byValue`, as itself: each side gets its own
   * record, its values set as a record passed by value is, each pointer to
   * a buffer of its own.
   */
  | { kind: 'record'; type: string; members: RecordMember[]; byValue: boolean };

/** One field of a record passed by value: its name and arithmetic type. */
export interface RecordField {
  name: string;
  type: string;
}

const QUALIFIERS = /\b(const|volatile|restrict|__restrict__|__restrict|register|static|_Atomic)\b/g;

/** The type without qualifiers, e.g. `const double` -> `double`. */
export function bareType(t: string): string {
  return t.replace(QUALIFIERS, ' ').replace(/\s+/g, ' ').trim();
}

const OPAQUE_NAMES = /\b(FILE|va_list|__builtin_va_list|__gnuc_va_list|DIR|pthread_\w+|jmp_buf|sigjmp_buf)\b/;

/** The element type a parameter holds or points at, unqualified (`double` for `const double *restrict a`). */
function elemType(p: Param): string {
  return bareType(p.baseType || p.type.replace(/[*[\]\d\s]+$/, ''));
}

/**
 * What clang says each `void *` parameter points to, by name: the one type the
 * body casts it to. Clang runs only for a function that has such a parameter.
 */
export function voidPointerViews(fn: FunctionInfo, tu?: TranslationUnit): Map<string, PointerShape> {
  const out = new Map<string, PointerShape>();
  if (!tu || !fn.params.some((p) => elemType(p) === 'void' && p.pointerDepth === 1 && !p.arrayDims)) return out;
  const params = clangParams(tu, fn);
  if ('error' in params) return out;
  for (const p of params) if (p.castTo && p.castTo.elem !== 'void') out.set(p.name, p.castTo);
  return out;
}

/**
 * Why this parameter cannot be built, or how to build it; `view`, what a
 * `void *` is cast to (voidPointerViews); `one`, that a pointer reaches only
 * the object it points to (ValueUses.beyondOne), so a struct behind it is one record.
 */
export function classifyParam(p: Param, view?: PointerShape, tu?: TranslationUnit, one = false): ParamKind | { unverifiable: string } {
  const t = p.type;
  const flat = tu && (p.isPointer || p.arrayDims) ? flatRecord(tu, elemType(p)) : undefined;
  if (flat) {
    const k = classifyParam({ ...p, type: t.replace(elemType(p), flat.scalar), baseType: flat.scalar }, undefined);
    return 'unverifiable' in k || k.kind !== 'buffer' ? { unverifiable: `parameter ${p.name} is an array of pointers to records (${t.trim()})` } : { ...k, per: flat.count };
  }
  // `double (*B)[N][M]` is a pointer to an array; only a parameter list after the declarator makes a function pointer.
  if (/\)\s*\(/.test(t)) return { unverifiable: `parameter ${p.name} is a function pointer` };
  if (OPAQUE_NAMES.test(t)) return { unverifiable: `parameter ${p.name} has type ${t.trim()}` };
  // A record of arithmetic fields passed by value (`Params p`): its integers are sizes, its floating values data.
  const fields = tu && p.pointerDepth === 0 && !p.isPointer && !p.arrayDims?.length ? scalarFields(tu, elemType(p)) : undefined;
  if (fields) return { kind: 'scalar', type: bareType(t), fields };
  const members = tu && !p.arrayDims?.length && p.pointerDepth <= 1 ? recordMembers(tu, elemType(p)) : undefined;
  if (members && (p.pointerDepth === 0 || one)) return { kind: 'record', type: elemType(p), members, byValue: p.pointerDepth === 0 };
  if (/\b(struct|union)\b/.test(t)) return { unverifiable: `parameter ${p.name} is a struct or union (${t.trim()})` };
  const elem = elemType(p);
  if (elem === 'void' && p.pointerDepth === 1 && !p.arrayDims && view) {
    if (/\b(struct|union)\b/.test(view.elem)) return { unverifiable: `parameter ${p.name} points to a struct or union (${view.elem}, as the body casts it)` };
    return { kind: 'buffer', elem: view.elem, depth: 1, viewDims: view.dims.length };
  }
  if (/^void$/.test(elem) && (p.isPointer || p.arrayDims)) return { unverifiable: `parameter ${p.name} is an untyped pointer` };
  const dims = p.arrayDims?.map((d) => (typeof d === 'number' ? d : undefined));
  if (dims && dims.length) {
    // The analysis counts each array dimension as a level of indirection.
    const extra = p.pointerDepth - dims.length;
    if (extra <= 0) return { kind: 'buffer', elem, depth: 1, dims };
    if (extra === 1 && dims.length === 1) return { kind: 'rows', elem, depth: 2 };
    if (/\(\s*\*\s*\w*\s*\)\s*\[/.test(t)) {
      // `double (*u)[n][n]` with sizes that vary: rows of a grid, as a `void *` cast to it is read.
      if (dims.some((d) => d === undefined)) return { kind: 'buffer', elem, depth: 1, viewDims: dims.length };
      // `double (*B)[2000][2000]`, read as (*B)[i][j] (PolyBench's heap arrays, as an outlined nest
      // receives one): one whole fixed array, laid out as a parameter `double B[2000][2000]` is.
      if (dims.length > 1) return { kind: 'buffer', elem, depth: 1, dims };
      return { unverifiable: `parameter ${p.name} points to a whole array (${t.trim()})` };
    }
    return { unverifiable: `parameter ${p.name} is an array of pointers (${t.trim()})` };
  }
  const depth = p.pointerDepth;
  if (depth === 0) return { kind: 'scalar', type: bareType(t) };
  if (depth === 1) return { kind: 'buffer', elem, depth: 1 };
  if (depth === 2) return { kind: 'rows', elem, depth: 2 };
  return { unverifiable: `parameter ${p.name} has ${depth} levels of indirection` };
}

/**
 * Why the harness cannot drive this function at all, if it cannot. With the
 * unit, a typedef's name (`grid_t *g`) is seen through to the struct it is.
 */
export function unverifiableReason(fn: FunctionInfo, tu?: TranslationUnit): string | undefined {
  return unverifiable(fn, tu)?.reason;
}

/** What keeps the harness from calling a function: the first of these it has. */
export type Unverifiable = { why: 'main' | 'variadic' | 'return type' | 'parameter' | 'io'; reason: string };

/** The type a function returns, without storage class, inline or const. */
export function returnedType(fn: FunctionInfo): string {
  return fn.returnType.replace(/\b(static|inline|extern|__inline__|__inline|const)\b/g, '').trim();
}

export function unverifiable(fn: FunctionInfo, tu?: TranslationUnit): Unverifiable | undefined {
  if (fn.name === 'main') return { why: 'main', reason: 'main is not a kernel the harness can call' };
  if (fn.isVariadic) return { why: 'variadic', reason: 'variadic function' };
  if (/\b(struct|union)\b/.test(fn.returnType) && !/\*/.test(fn.returnType)) return { why: 'return type', reason: `returns ${fn.returnType}` };
  const returned = returnedType(fn);
  const record = tu && !/\*/.test(returned) ? aggregateTypedef(tu, returned) : undefined;
  if (record && !flatRecord(tu!, returned)) return { why: 'return type', reason: `returns a struct or union (${returned}, a ${record})` };
  if (/\*/.test(fn.returnType)) return { why: 'return type', reason: `returns a pointer (${fn.returnType.trim()})` };
  const views = voidPointerViews(fn, tu);
  const beyondOne = tu && fn.params.some((p) => p.pointerDepth === 1) ? valueUses(fn).beyondOne : undefined;
  for (const p of fn.params) {
    const k = classifyParam(p, views.get(p.name), tu, beyondOne ? !beyondOne.has(p.name) : false);
    if ('unverifiable' in k) return { why: 'parameter', reason: k.unverifiable };
    const aggregate = tu && !(k.kind === 'buffer' && k.per) && !(k.kind === 'scalar' && k.fields) && k.kind !== 'record' && aggregateTypedef(tu, elemType(p));
    if (aggregate) return { why: 'parameter', reason: `parameter ${p.name} is a struct or union (${p.type.trim()}, a ${aggregate})` };
  }
  const io = ioCalls(fn.calls);
  // Printing to stdout and stderr is compared: the harness captures both streams.
  if (io.length && !writesOnlyStandardStreams(fn, io)) return { why: 'io', reason: `body does I/O (${io.join(', ')})` };
  return undefined;
}

const IO_FUNCS = new Set([
  'printf',
  'fprintf',
  'sprintf',
  'snprintf',
  'vprintf',
  'vfprintf',
  'puts',
  'fputs',
  'putchar',
  'fputc',
  'putc',
  'scanf',
  'fscanf',
  'sscanf',
  'getchar',
  'fgetc',
  'getc',
  'fgets',
  'gets',
  'fopen',
  'fclose',
  'fread',
  'fwrite',
  'fflush',
  'fseek',
  'ftell',
  'rewind',
  'open',
  'close',
  'read',
  'write',
  'pread',
  'pwrite',
  'lseek',
  'perror',
  'remove',
  'rename',
  'tmpfile',
  'mmap',
  'socket',
  'connect',
  'send',
  'recv',
  'ioctl',
  'fcntl',
  'dup',
  'dup2',
  'pipe',
  'popen',
  'pclose',
  'opendir',
  'readdir',
  'unlink',
  'mkdir',
  'rmdir',
  'chdir',
  'getenv',
  'setenv',
  'time',
  'clock',
  'gettimeofday',
  'clock_gettime',
  'rand',
  'srand',
  'random',
  'srandom',
  'drand48',
  '__builtin_printf',
  '__printf_chk',
  '__fprintf_chk',
  '__sprintf_chk',
  '__snprintf_chk',
  '__builtin_puts',
]);

/** Process-level effects a candidate may never add: the original having them makes the function unverifiable. */
const PROCESS_FUNCS = new Set([
  'system',
  'exec',
  'execl',
  'execlp',
  'execle',
  'execv',
  'execvp',
  'execve',
  'fork',
  'vfork',
  'exit',
  '_exit',
  '_Exit',
  'abort',
  'kill',
  'raise',
  'signal',
  'sigaction',
  'setjmp',
  'longjmp',
  'dlopen',
  'dlsym',
  'syscall',
  'pthread_create',
  'atexit',
  'sleep',
  'usleep',
  'nanosleep',
]);

export function ioCalls(calls: string[]): string[] {
  return [...new Set(calls.filter((c) => IO_FUNCS.has(c) || PROCESS_FUNCS.has(c)))];
}

export function isIoOrProcessCall(name: string): boolean {
  return IO_FUNCS.has(name) || PROCESS_FUNCS.has(name);
}

/** Functions of <math.h> (and the compiler's builtins for them) a candidate may call freely. */
const MATH_BASE = [
  'acos',
  'asin',
  'atan',
  'atan2',
  'cos',
  'sin',
  'tan',
  'acosh',
  'asinh',
  'atanh',
  'cosh',
  'sinh',
  'tanh',
  'exp',
  'exp2',
  'expm1',
  'frexp',
  'ilogb',
  'ldexp',
  'log',
  'log10',
  'log1p',
  'log2',
  'logb',
  'modf',
  'scalbn',
  'scalbln',
  'cbrt',
  'fabs',
  'hypot',
  'pow',
  'sqrt',
  'erf',
  'erfc',
  'lgamma',
  'tgamma',
  'ceil',
  'floor',
  'nearbyint',
  'rint',
  'lrint',
  'llrint',
  'round',
  'lround',
  'llround',
  'trunc',
  'fmod',
  'remainder',
  'remquo',
  'copysign',
  'nan',
  'nextafter',
  'nexttoward',
  'fdim',
  'fmax',
  'fmin',
  'fma',
];
const MATH = new Set<string>(['abs', 'labs', 'llabs', '__builtin_expect', '__builtin_assume_aligned']);
for (const f of MATH_BASE)
  for (const n of [f, `${f}f`, `${f}l`]) {
    MATH.add(n);
    MATH.add(`__builtin_${n}`);
  }

/**
 * OpenMP's runtime API a candidate may add: queries, the clock and locks,
 * all defined in libomp. A closed list, not the `omp_` prefix: an undefined
 * `omp_fake` folds away in a harness and is a live reference in the object,
 * and the setters (omp_set_num_threads, ...) would change the rest of the
 * user's program.
 */
export const OMP_API = new Set([
  'omp_get_num_threads',
  'omp_get_thread_num',
  'omp_get_max_threads',
  'omp_get_num_procs',
  'omp_in_parallel',
  'omp_get_wtime',
  'omp_get_wtick',
  'omp_get_dynamic',
  'omp_get_nested',
  'omp_get_thread_limit',
  'omp_get_level',
  'omp_get_active_level',
  'omp_get_ancestor_thread_num',
  'omp_get_team_size',
  'omp_get_max_active_levels',
  'omp_in_final',
  'omp_get_cancellation',
  'omp_get_proc_bind',
  'omp_get_num_places',
  'omp_get_place_num',
  'omp_get_partition_num_places',
  'omp_get_max_task_priority',
  'omp_get_num_teams',
  'omp_get_team_num',
  'omp_is_initial_device',
  'omp_get_supported_active_levels',
  'omp_init_lock',
  'omp_destroy_lock',
  'omp_set_lock',
  'omp_unset_lock',
  'omp_test_lock',
  'omp_init_nest_lock',
  'omp_destroy_nest_lock',
  'omp_set_nest_lock',
  'omp_unset_nest_lock',
  'omp_test_nest_lock',
]);

/**
 * Calls whose result depends on where and when the code runs, not on its
 * inputs: the thread limit, the cores, the clock, the process, the
 * environment, hidden random state. A candidate that reads one can tell a
 * check from the program (the checks run with other thread counts, at
 * other times, in a sandbox), and behave in the checks only. Refused unless
 * the original makes the same call. omp_get_thread_num and
 * omp_get_num_threads stay allowed: manual partitioning needs them, and the
 * checks vary the count they return.
 */
const ENVIRONMENT_CALLS = new Set([
  'omp_get_thread_limit',
  'omp_get_num_procs',
  'omp_get_max_threads',
  'omp_get_dynamic',
  'omp_get_nested',
  'omp_get_max_active_levels',
  'omp_get_supported_active_levels',
  'omp_get_proc_bind',
  'omp_get_num_places',
  'omp_get_place_num',
  'omp_get_place_num_procs',
  'omp_get_place_proc_ids',
  'omp_get_partition_num_places',
  'omp_get_partition_place_nums',
  'omp_get_default_device',
  'omp_get_num_devices',
  'omp_get_initial_device',
  'omp_get_device_num',
  'omp_get_wtime',
  'omp_get_wtick',
  'omp_get_schedule',
  'omp_get_cancellation',
  'omp_get_max_task_priority',
  'omp_get_affinity_format',
  'omp_display_env',
  'omp_get_num_teams',
  'omp_get_team_num',
  'omp_is_initial_device',
  'kmp_get_blocktime',
  'kmp_get_stacksize',
  'kmp_get_library',
  'getenv',
  'secure_getenv',
  '__secure_getenv',
  'time',
  'clock',
  'clock_gettime',
  'gettimeofday',
  'times',
  'getrusage',
  'getpid',
  'getppid',
  'gettid',
  'getuid',
  'geteuid',
  'getgid',
  'getegid',
  'sysconf',
  'get_nprocs',
  'get_nprocs_conf',
  'sched_getcpu',
  'sched_getaffinity',
  'pthread_self',
  'uname',
  'gethostname',
  'rand',
  'srand',
  'random',
  'srandom',
  'rand_r',
  'drand48',
  'erand48',
  'lrand48',
  'nrand48',
  'mrand48',
  'jrand48',
  'srand48',
  'getrandom',
  'arc4random',
  '__builtin_ia32_rdtsc',
  '__rdtsc',
  '__builtin_readcyclecounter',
]);

/** A call that observes the run environment (see ENVIRONMENT_CALLS). */
export function observesEnvironment(name: string): boolean {
  return ENVIRONMENT_CALLS.has(name);
}

/** A <math.h> function or math builtin (and __builtin_expect / __builtin_assume_aligned). */
export function isMathCall(name: string): boolean {
  return MATH.has(name);
}

export function isAllowedNewCall(name: string): boolean {
  return OMP_API.has(name) || MATH.has(name);
}
