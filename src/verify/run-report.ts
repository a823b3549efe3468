// What a failed harness run may say outside slmcc: into a check's detail, the
// decision log and the feedback sent to a model. A run's stdout and stderr are
// the candidate's to write (it can print any file it can read, or a made-up
// sanitizer report), so neither is ever carried. What is kept is rebuilt from
// a fixed vocabulary and numbers:
//
// - a sanitizer report: its kind, from a known list, and the accesses with
//   the candidate's own lines in them (`line L` of the candidate's text, the
//   frames in the candidate's function); nothing else of the report;
// - a differential mismatch: the harness' own MISMATCH line, and only when
//   the harness vouched for it with the run's nonce (`DIFFER <nonce>`, printed
//   after the comparison, when no code of the candidate runs any more).

/** Where the candidate's code is, as a sanitizer's symbolized frames name it. */
export interface CandidateScope {
  /** The function's name: its frames are `fn`, or an outlined region of it (`fn.omp_outlined...`). */
  fn: string;
  /** Other names the same code may go by (the harness' renamed symbol). */
  aliases?: readonly string[];
  /** The candidate's lines in its unit's presumed file, inclusive; reported relative to the first. */
  lines: [number, number];
  /** That presumed file: frames in any other file are not the candidate's. */
  file?: string;
}

const TSAN_KINDS = [
  'data race',
  'data race on vptr',
  'heap-use-after-free',
  'use of an invalid mutex',
  'double lock of a mutex',
  'unlock of an unlocked mutex',
  'lock-order-inversion',
  'thread leak',
  'signal-unsafe call inside of a signal',
  'signal handler spoils errno',
  'destroy of a locked mutex',
  'race on a library function',
  'heap-use-after-free (virtual call vs free)',
];

const ASAN_KINDS = [
  'heap-buffer-overflow',
  'stack-buffer-overflow',
  'global-buffer-overflow',
  'dynamic-stack-buffer-overflow',
  'stack-buffer-underflow',
  'heap-use-after-free',
  'stack-use-after-return',
  'stack-use-after-scope',
  'use-after-poison',
  'container-overflow',
  'double-free',
  'attempting free on address which was not malloc()-ed',
  'attempting double-free',
  'alloc-dealloc-mismatch',
  'new-delete-type-mismatch',
  'calloc-overflow',
  'allocation-size-too-big',
  'requested allocation size exceeds maximum supported size',
  'out of memory',
  'memcpy-param-overlap',
  'strcpy-param-overlap',
  'strncpy-param-overlap',
  'negative-size-param',
  'stack-overflow',
  'SEGV',
  'BUS',
  'FPE',
  'ILL',
  'ABRT',
  'unknown-crash',
  'invalid-pointer-pair',
  'bad-free',
  'bad-malloc_usable_size',
];

/** UBSan's messages, by what they are about (the message itself holds values and type names the candidate chose). */
const UBSAN_KINDS: [RegExp, string][] = [
  [/^index .* out of bounds/, 'index out of bounds'],
  [/^signed integer overflow/, 'signed integer overflow'],
  [/^(division|remainder) by zero|^division of .* overflow/, 'division by zero or overflow'],
  [/^shift exponent|^left shift of/, 'shift out of range'],
  [/^negation of .* cannot be represented/, 'negation overflow'],
  [/null pointer/, 'null pointer use'],
  [/misaligned address/, 'misaligned access'],
  [/is outside the range of representable values/, 'float-to-integer overflow'],
  [/^load of value .* is not a valid value/, 'invalid value loaded'],
  [/pointer (index expression|overflow)|applying (non-)?zero offset/, 'pointer overflow'],
  [/^execution reached an unreachable/, 'unreachable code reached'],
  [/^variable length array bound/, 'non-positive VLA bound'],
  [/^implicit conversion/, 'implicit conversion changed the value'],
  [/^(call to function|indirect call)/, 'call through a function pointer of the wrong type'],
];

const FRAME = /^\s*#\d+\s+(?:0x[0-9a-f]+\s+in\s+)?(\S+)\s+(\S+?):(\d+)(?::\d+)?(?:\s|$)/;
/** An access a report describes, followed by its frames (TSan: "Write of size 4 at", ASan: "READ of size 8 at"). */
const ACCESS = /^\s*(Previous |)(Atomic |)(write|read|WRITE|READ|Write|Read) of size (\d+)\b/;

function inCandidate(name: string, file: string, scope: CandidateScope): boolean {
  if (scope.file !== undefined && !(file === scope.file || file.endsWith(`/${scope.file}`) || scope.file.endsWith(`/${file}`))) return false;
  return [scope.fn, ...(scope.aliases ?? [])].some((n) => name === n || name.startsWith(`${n}.`) || name.startsWith(`${n}_`));
}

/** Where the sanitizer's own report starts: its last header (the sanitizer halts after it; what the candidate printed comes before). */
const HEADERS = {
  ThreadSanitizer: /WARNING: ThreadSanitizer: (.+?)(?: \(pid=\d+\))?\s*$/,
  AddressSanitizer: /ERROR: AddressSanitizer: (.+)$/,
  UndefinedBehaviorSanitizer: /runtime error: (.+)$/,
};

/**
 * A sanitizer's report on `stderr`, as the kind of report (`ThreadSanitizer
 * report: data race`), then each access with the candidate's lines its
 * frames are in: never a file name, an address, a value or any other text of
 * the run's. `kind` says which sanitizer the exit status names.
 */
export function reduceSanitizerReport(kind: keyof typeof HEADERS, stderr: string, scope?: CandidateScope): string {
  const all = stderr.split('\n');
  let start = -1;
  for (let i = all.length - 1; i >= 0 && start < 0; i--) if (HEADERS[kind].test(all[i])) start = i;
  if (start < 0) return `${kind} report`;
  const said = HEADERS[kind].exec(all[start])![1];
  const what =
    kind === 'ThreadSanitizer'
      ? TSAN_KINDS.find((k) => said === k || said.startsWith(`${k} `))
      : kind === 'AddressSanitizer'
        ? [...ASAN_KINDS].sort((a, b) => b.length - a.length).find((k) => said === k || said.startsWith(`${k} `) || said.startsWith(`${k}:`))
        : UBSAN_KINDS.find(([re]) => re.test(said))?.[1];
  const head = `${kind} report${what ? `: ${what}` : ''}`;
  if (!scope) return head;
  // Each access, then the candidate's lines among the frames that follow it.
  const where: string[] = [];
  let access = 'code';
  let seen: number[] = [];
  const flush = () => {
    if (seen.length) where.push(`${access} at line ${[...new Set(seen)].join(', ')}`);
    seen = [];
  };
  for (const l of all.slice(start)) {
    const a = ACCESS.exec(l);
    if (a) {
      flush();
      access = `${a[1] ? 'previous ' : ''}${a[2] ? 'atomic ' : ''}${a[3].toLowerCase()} of size ${a[4]}`;
      continue;
    }
    const f = FRAME.exec(l);
    if (!f || !inCandidate(f[1], f[2], scope)) continue;
    const line = Number(f[3]);
    if (line < scope.lines[0] || line > scope.lines[1]) continue;
    if (seen.length < 4) seen.push(line - scope.lines[0] + 1);
  }
  flush();
  const kept = where.slice(0, 4);
  return kept.length ? `${head}; the candidate's ${kept.join('; ')}` : `${head} (no frame in the candidate's lines)`;
}

/** Characters a harness MISMATCH line is made of: identifiers, members (`g->u`), indices, numbers and its own words. */
const HARNESS_LINE = /^MISMATCH [\w .,:;()[\]+>'-]{1,240}$/;

/**
 * The harness' report of differing outputs: the MISMATCH line printed right
 * before `DIFFER <nonce>`, which the harness prints after its comparison (no
 * code of the candidate runs between the two). Undefined when the harness did
 * not vouch for one: a candidate that prints a MISMATCH line of its own and
 * exits 3 gets no detail from it.
 */
export function harnessMismatch(stdout: string, nonce: string): string | undefined {
  const lines = stdout.split('\n');
  const end = lines.lastIndexOf(`DIFFER ${nonce}`);
  if (end < 1) return undefined;
  // What the candidate printed without a newline runs into the harness' line: only the harness' part counts.
  const at = lines[end - 1].lastIndexOf('MISMATCH ');
  if (at < 0) return undefined;
  const line = lines[end - 1].slice(at);
  return HARNESS_LINE.test(line) ? line : "MISMATCH (the harness' report is not in its usual form)";
}
