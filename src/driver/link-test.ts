// The link test: before a rewritten object replaces the one the user's own
// command wrote, compare the two. The rewrite may add references to the
// OpenMP runtime and libm, and local (outlined) functions; nothing else. A
// reference the original does not make (`omp_fake`, `system`) would fail the
// user's link later or reach something the checks never saw; a new
// constructor or a new global would run or be seen outside the function.
import { execFile } from 'node:child_process';
import { EARLY_OMP_INIT_NAME } from '../rewrite/index.js';

/** A tool's output, captured; never shown to the user. */
function runCaptured(argv: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      resolve({ code, stdout: String(stdout ?? ''), stderr: String(stderr ?? (err ? err.message : '')) || (err ? err.message : '') });
    });
  });
}

export interface ObjectShape {
  undefined: Set<string>;
  /** Global (and weak) symbols the object defines. */
  defined: Set<string>;
  /** Size in bytes of each start-up or shut-down section (.init_array, .ctors, ...). */
  startup: Map<string, number>;
  /** Whether the object holds slmcc's own start-up function (rewrite/errno-fenv.ts' EARLY_OMP_INIT). */
  slmccStartup: boolean;
}

const STARTUP = /^\.(init_array|fini_array|preinit_array|ctors|dtors|init|fini)(\.|$)/;
/** Globals OpenMP's code generation defines itself: the named and unnamed critical sections' locks. */
const OPENMP_DEFINED = /^\.gomp_critical_user_/;

function nmTool(): string {
  return process.env.SLMCC_NM || 'nm';
}

/** Undefined and defined-global symbols and start-up sections of an object file, or why they could not be read. */
export async function objectShape(obj: string): Promise<ObjectShape | { error: string }> {
  const nm = await runCaptured([nmTool(), '-P', obj]).catch((e: Error) => ({ code: 1, stdout: '', stderr: e.message }));
  if (nm.code !== 0) return { error: `nm failed on ${obj}: ${nm.stderr.trim().split('\n')[0]}` };
  const undef = new Set<string>();
  const defined = new Set<string>();
  let slmccStartup = false;
  for (const line of nm.stdout.split('\n')) {
    const [name, type] = line.trim().split(/\s+/);
    if (!name || !type) continue;
    if (name === SLMCC_STARTUP && type === 't') slmccStartup = true;
    if (type === 'U' || type === 'w' || type === 'v') undef.add(name);
    else if (/^[A-Z]$/.test(type)) defined.add(name);
  }
  const re = await runCaptured(['readelf', '-S', '-W', obj]).catch((e: Error) => ({ code: 1, stdout: '', stderr: e.message }));
  if (re.code !== 0) return { error: `readelf failed on ${obj}: ${re.stderr.trim().split('\n')[0]}` };
  const startup = new Map<string, number>();
  // `  [ 5] .init_array  INIT_ARRAY  0000000000000000 000058 000008 08  WA  0   0  8`
  for (const m of re.stdout.matchAll(/\]\s+(\S+)\s+\S+\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)/g)) {
    if (STARTUP.test(m[1]) || /^\.rela?\.(init_array|fini_array|preinit_array|ctors|dtors)/.test(m[1])) {
      startup.set(m[1], (startup.get(m[1]) ?? 0) + parseInt(m[2], 16));
    }
  }
  return { undefined: undef, defined, startup, slmccStartup };
}

let runtimeSymbols: Promise<Set<string>> | undefined;

/** Every symbol libomp and libm define (dynamic symbol tables, versions stripped). */
export function runtimeDefined(cc: readonly string[]): Promise<Set<string>> {
  runtimeSymbols ??= (async () => {
    const out = new Set<string>();
    for (const lib of ['libomp.so', 'libm.so.6']) {
      const where = await runCaptured([...cc, `-print-file-name=${lib}`]).catch(() => undefined);
      const file = where?.stdout.trim();
      if (!file || file === lib) continue;
      const nm = await runCaptured([nmTool(), '-D', '--defined-only', file]).catch(() => undefined);
      for (const line of nm?.stdout.split('\n') ?? []) {
        const name = line.trim().split(/\s+/)[2];
        if (name) out.add(name.replace(/@.*$/, ''));
      }
    }
    return out;
  })();
  return runtimeSymbols;
}

/**
 * Calls the compiler itself emits for plain C (a zeroing loop becomes memset,
 * Polly's tiles copy with memcpy, long double and complex arithmetic go
 * through libgcc/compiler-rt helpers): never a candidate's own call, which
 * the screen allows only for the original's callees, OpenMP and <math.h>.
 */
const COMPILER_EMITTED =
  /^(memset|memcpy|memmove|memcmp|bcmp|__stack_chk_fail|__stack_chk_guard|__(pow|mul|div|add|sub|neg|fix|fixuns|float|floatun|extend|trunc|cmp|unord|eq|ne|lt|le|gt|ge)[a-z]*[sdtxh]f\d)$/;

/**
 * slmcc's own additions to a shipped unit (rewrite/errno-fenv.ts): libomp
 * initialised by one constructor before `main` with errno put back, which
 * reads errno through libc's accessor. A candidate cannot add either (the
 * screen refuses constructors, and its one definition keeps the original's
 * name), so the one start-up entry this function makes is allowed, and
 * nothing else.
 */
const SLMCC_STARTUP = EARLY_OMP_INIT_NAME;
const SLMCC_LIBC = new Set(['__errno_location']);
/** One pointer in .init_array, and its one relocation (Elf64_Rela). */
const ONE_ENTRY: Record<string, number> = { '.init_array': 8, '.rela.init_array': 24 };

const SANITIZER_PREFIXES = ['__tsan_', '__asan_', '__ubsan_', '__sanitizer_', '__msan_', '__llvm_profile_', '__llvm_prf_'];

/**
 * A sanitizer gives every function that may unwind a cleanup that runs its
 * exit hook: Polly's outlined parallel functions (`f_polly_subfn`) are not
 * marked nounwind, so in tune's TSan build of a Polly verdict they gain a
 * landing pad with C's personality routine and a resume. Both live in
 * libgcc_s, which the compiler driver links into every C program.
 */
const SANITIZER_UNWIND = new Set(['_Unwind_Resume', '__gcc_personality_v0']);
/** The personality routine's pointer the landing pads read: a weak, hidden COMDAT the object defines for itself. */
const SANITIZER_UNWIND_DEFINED = new Set(['DW.ref.__gcc_personality_v0']);

/**
 * Why `rewritten` must not replace `original`, or undefined when it may:
 * its undefined symbols are the original's plus libomp's and libm's, it
 * defines no global the original does not (OpenMP's lock variables aside),
 * and it adds no start-up or shut-down code.
 */
export async function linkTest(cc: readonly string[], rewritten: string, original: string): Promise<string | undefined> {
  const [a, b, runtime] = await Promise.all([objectShape(rewritten), objectShape(original), runtimeDefined(cc)]);
  if ('error' in a) return `link test: ${a.error}`;
  if ('error' in b) return `link test: ${b.error}`;
  if (runtime.size === 0) return 'link test: the OpenMP runtime and libm could not be read (no libomp.so or libm.so.6 found by the compiler)';
  // A sanitizer build's objects call its runtime for every access, and the
  // rewrite's atomics and new stores need entry points the original did not:
  // allowed for the runtime the original already links to (tune's TSan and
  // ASan builds must ship the rewrite they check, not fall back to the original).
  const sanitizers = SANITIZER_PREFIXES.filter((p) => [...b.undefined].some((s) => s.startsWith(p)));
  const newUndefined = [...a.undefined].filter(
    (s) => !b.undefined.has(s) && !runtime.has(s) && !SLMCC_LIBC.has(s) && !COMPILER_EMITTED.test(s) && !sanitizers.some((p) => s.startsWith(p)) && !(sanitizers.length > 0 && SANITIZER_UNWIND.has(s)),
  );
  if (newUndefined.length) return `link test: the rewritten object refers to ${newUndefined.slice(0, 5).join(', ')}, which neither the original object nor the OpenMP runtime or libm define`;
  const newDefined = [...a.defined].filter(
    (s) => !b.defined.has(s) && !OPENMP_DEFINED.test(s) && !(sanitizers.length > 0 && (/^(__odr_asan|___asan|__asan_|__tsan_|__sancov)/.test(s) || SANITIZER_UNWIND_DEFINED.has(s))),
  );
  if (newDefined.length) return `link test: the rewritten object defines new global symbols (${newDefined.slice(0, 5).join(', ')})`;
  // A sanitizer build registers the object's globals from a constructor and
  // destructor of its own (tune's TSan and ASan builds); the plain objects
  // that ship keep the check.
  const allowance = a.slmccStartup && !b.slmccStartup ? ONE_ENTRY : {};
  if (sanitizers.length === 0)
    for (const [section, size] of a.startup) {
      const before = b.startup.has(section) || section in allowance ? (b.startup.get(section) ?? 0) + (allowance[section] ?? 0) : undefined;
      if (before === undefined) return `link test: the rewritten object adds a ${section} section`;
      if (size > before) return `link test: the rewritten object adds entries to ${section} (${before} -> ${size} bytes)`;
    }
  return undefined;
}
