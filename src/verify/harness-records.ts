// The harness' C for a struct parameter of values and pointers (ctypes'
// `record` kind): `Grid *g` with `int nx, ny; double *u, *unew;`. Each side
// gets a record of its own, the same values, and buffers of its own with the
// same contents; after the calls both the records and the buffers are
// compared, and where each pointer member points: a swap of `u` and `unew`
// is the function's meaning too.
import type { RecordMember } from '../analysis/index.js';

/** How the harness sizes and fills one member: a pointer's buffer holds about n^degree elements. */
export interface MemberPlan {
  degree: number;
  /** Read in a loop bound (`g->rowptr[i]`): filled non-decreasing. */
  monotone: boolean;
}

/** Members `a` and `b` of record parameter `param`, pointed at one buffer in a set of their own. */
export interface MemberAlias {
  param: number;
  a: number;
  b: number;
}

export interface RecordParam {
  index: number;
  name: string;
  type: string;
  members: RecordMember[];
  byValue: boolean;
  plans: MemberPlan[];
  cap: number;
  /** This record's pairs, each with its index `k` among the plan's (the harness' MEMBER_ALIAS argument). */
  aliases: (MemberAlias & { k: number })[];
}

/** What the C calls member `member` of parameter `name` from the function's side (`g->u`, `sd.egrid`), for set names and mismatch lines. */
export const memberText = (name: string, byValue: boolean, member: string): string => `${name}${byValue ? '.' : '->'}${member}`;

const shown = (p: RecordParam, m: RecordMember) => memberText(p.name, p.byValue, m.name);

/** Element k of a buffer a loop bound reads (a CSR row pointer): non-decreasing, k * n / 2, level past n. */
export const monotoneFill = (elem: string): string => `(${elem})(k <= (__slmcc_size)n ? k * (__slmcc_size)n / 2 : (__slmcc_size)n * n / 2)`;

/**
 * The reference's buffer `r` and the candidate's `c`, `len` elements each,
 * the reference's filled with `fill` (C of `k`) and copied to the
 * candidate's; in timing both sides use the reference's.
 */
export function bufferPair(r: string, c: string, len: string, elem: string, fill: string): string {
  return `  ${elem} *${r} = __slmcc_calloc(${len}, sizeof(${elem})), *${c} = __slmcc_calloc(${len}, sizeof(${elem}));
  if (!${r} || !${c}) { __slmcc_printf("NOMEM\\n"); __slmcc_exit(5); }
  for (__slmcc_size k = 0; k < ${len}; k++) ${r}[k] = ${fill};
  if (timing) ${c} = ${r}; else __builtin_memcpy(${c}, ${r}, ${len} * sizeof(${elem}));
`;
}

/**
 * Declares `__slmcc_rs<i>` and `__slmcc_cs<i>` (and `__slmcc_r<i>`,
 * `__slmcc_c<i>` pointing to them) with the values and buffers a set asks
 * for. `code(j)` is the number __SLMCC_IVAL knows member j by.
 */
export function recordDecl(p: RecordParam, code: (j: number) => number, value: (type: string, int: string) => string): string {
  const i = p.index;
  const lines = [`  ${p.type} __slmcc_rs${i}, __slmcc_cs${i}; __builtin_memset(&__slmcc_rs${i}, 0, sizeof __slmcc_rs${i});\n`];
  p.members.forEach((m, j) => {
    const f = `__slmcc_rs${i}.${m.name}`;
    if (m.kind === 'value' && m.count === 1) lines.push(`  ${f} = ${value(`__typeof__(${f})`, `__SLMCC_IVAL(${code(j)}, n, distinct, ${p.cap}LL)`)};\n`);
    else if (m.kind === 'value') lines.push(`  for (__slmcc_size k = 0; k < ${m.count}; k++) ${f}[k] = __SLMCC_VAL(${m.type}, n);\n`);
  });
  p.members.forEach((m, j) => {
    if (m.kind !== 'pointer') return;
    const b = `${i}_${j}`;
    const fill = p.plans[j].monotone ? monotoneFill(m.elem) : `__SLMCC_VAL(${m.elem}, n)`;
    lines.push(`  __slmcc_size __slmcc_ml${b} = __slmcc_len(n, ${p.plans[j].degree}, mult) * ${m.per};\n`);
    lines.push(bufferPair(`__slmcc_mr${b}`, `__slmcc_mc${b}`, `__slmcc_ml${b}`, m.elem, fill));
  });
  lines.push(`  __slmcc_cs${i} = __slmcc_rs${i};\n`);
  p.members.forEach((m, j) => {
    if (m.kind !== 'pointer') return;
    for (const side of ['r', 'c']) lines.push(`  __slmcc_${side}s${i}.${m.name} = (__typeof__(__slmcc_${side}s${i}.${m.name}))(void *)__slmcc_m${side}${i}_${j};\n`);
  });
  // Both members at the first one's buffer: the second's own is then compared untouched.
  for (const a of p.aliases) {
    const m = p.members[a.b];
    for (const side of ['r', 'c']) lines.push(`  if (__slmcc_malias == ${a.k}) __slmcc_${side}s${i}.${m.name} = (__typeof__(__slmcc_${side}s${i}.${m.name}))(void *)__slmcc_m${side}${i}_${a.a};\n`);
  }
  lines.push(`  ${p.type} *__slmcc_r${i} = &__slmcc_rs${i}, *__slmcc_c${i} = &__slmcc_cs${i};\n`);
  return lines.join('');
}

/** The argument a side passes: the record's address, or the record itself. */
export const recordArg = (p: RecordParam, side: 'r' | 'c'): string => (p.byValue ? `__slmcc_${side}s${p.index}` : `(void *)__slmcc_${side}${p.index}`);

/** Which of the record's buffers `ptr` points into (0 based), or -1, and where: `__slmcc_at`'s two outputs. */
function locate(p: RecordParam, side: 'r' | 'c', ptr: string, which: string, offset: string): string {
  const checks = p.members.flatMap((m, j) =>
    m.kind !== 'pointer'
      ? []
      : [
          `if (${which} < 0 && (unsigned long)(const char *)(${ptr}) - (unsigned long)(const char *)__slmcc_m${side}${p.index}_${j} <= (unsigned long)(__slmcc_ml${p.index}_${j} * sizeof(${m.elem}))) { ${which} = ${j}; ${offset} = (long)((unsigned long)(const char *)(${ptr}) - (unsigned long)(const char *)__slmcc_m${side}${p.index}_${j}); }`,
        ],
  );
  return `${which} = -1; ${offset} = 0; ${checks.join(' ')}`;
}

/**
 * After the reference's calls: a pointer member that points neither into a
 * buffer the harness gave nor into a block the function allocated (nor is
 * NULL) leaves memory no comparison sees; the run says so and stops, and
 * calibration names the member as the reason.
 */
export function recordUntracked(p: RecordParam): string {
  if (p.byValue) return '';
  return p.members
    .map((m) => {
      if (m.kind !== 'pointer') return '';
      const ptr = `__slmcc_rs${p.index}.${m.name}`;
      return `  { long __slmcc_w; long __slmcc_o; char *__slmcc_b; __slmcc_size __slmcc_bn; ${locate(p, 'r', ptr, '__slmcc_w', '__slmcc_o')}
    if (__slmcc_w < 0 && ${ptr} && !__slmcc_block_of(${ptr}, &__slmcc_b, &__slmcc_bn)) { __slmcc_printf("UNTRACKED %s ${shown(p, m)}\\n", nonce); __slmcc_fflush(0); return 4; } (void)__slmcc_o; }\n`;
    })
    .join('');
}

/** After both sides ran: the values, where each pointer points, and every buffer, element by element. */
export function recordCompare(p: RecordParam): string {
  const i = p.index;
  const out: string[] = [];
  p.members.forEach((m, j) => {
    const name = shown(p, m);
    if (m.kind === 'value') {
      // A record passed by value is the function's own copy: only its buffers can change.
      if (p.byValue) return;
      out.push(`  if (!__slmcc_eq_elems(&__slmcc_rs${i}.${m.name}, &__slmcc_cs${i}.${m.name}, ${m.count}, sizeof(${m.type}), __SLMCC_KIND((${m.type})0), "${name}")) { bad = 1; goto done; }\n`);
      return;
    }
    if (!p.byValue)
      out.push(`  { long __slmcc_wr, __slmcc_wc, __slmcc_or, __slmcc_oc;
    ${locate(p, 'r', `__slmcc_rs${i}.${m.name}`, '__slmcc_wr', '__slmcc_or')}
    ${locate(p, 'c', `__slmcc_cs${i}.${m.name}`, '__slmcc_wc', '__slmcc_oc')}
    if (__slmcc_wr < 0 && __slmcc_wc < 0) { if (!__slmcc_alloc_eq(__slmcc_rs${i}.${m.name}, __slmcc_cs${i}.${m.name}, sizeof(${m.elem}), __SLMCC_KIND((${m.elem})0), "what ${name} points to")) { bad = 1; goto done; } }
    else if (__slmcc_wr != __slmcc_wc || __slmcc_or != __slmcc_oc) { __slmcc_printf("MISMATCH where ${name} points: the reference's buffer %ld at byte %ld, the candidate's %ld at byte %ld\\n", __slmcc_wr, __slmcc_or, __slmcc_wc, __slmcc_oc); bad = 1; goto done; } }\n`);
    out.push(
      `  if (!__slmcc_eq_elems(__slmcc_mr${i}_${j}, __slmcc_mc${i}_${j}, __slmcc_ml${i}_${j}, sizeof(${m.elem}), __SLMCC_KIND((${m.elem})0), "what ${name} pointed to")) { bad = 1; goto done; }\n`,
    );
  });
  return out.join('');
}

/** Bytes of the buffers one side's record holds at n, for the probe's memory cap (`len(d)`: elements at degree d). */
export function recordBytes(p: { members: RecordMember[] }, plans: MemberPlan[], len: (degree: number) => number): number {
  return p.members.reduce((b, m, j) => (m.kind === 'pointer' ? b + 8 * len(plans[j].degree) * m.per : b), 0);
}
