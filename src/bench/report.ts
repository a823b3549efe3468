// The benchmark's result as data, and its three renderings: a text table for
// the terminal, Markdown for the docs, and an SVG bar chart (hand-written, so
// it opens in any browser without a plotting library).
import type { BuildResult } from './build.js';
import type { Skipped, VariantId } from './variants.js';

export interface VariantTimes {
  /** Median kernel time, seconds (NaN when no run reported one). */
  median: number;
  runs: number[];
  ok: boolean;
  failures: string[];
  checksum?: number;
}

export interface KernelRow {
  kernel: string;
  size?: number;
  times: Partial<Record<VariantId, VariantTimes>>;
  /** Per variant: median(-O3) / median(variant). */
  overO3: Partial<Record<VariantId, number>>;
  /** Per variant: min(median -O3, median Polly) / median(variant). */
  overBest: Partial<Record<VariantId, number>>;
  correct: boolean;
}

export interface VariantSummary {
  geomeanOverO3: number;
  geomeanOverBest: number;
  minOverBest: number;
  wrong: number;
}

export interface BenchResult {
  version: 1;
  date: string;
  machine: { cpus: number; model: string; loadavg: number[]; loadavgStart: number[] };
  quick: boolean;
  repeats: number;
  kernels: string[];
  /** The optimisation level of the baseline and the slmcc rows (Polly and gcc add theirs to it). */
  opt?: string;
  variants: { id: VariantId; label: string; short: string; cc: string; cflags: string; env: Record<string, string> }[];
  skipped: Skipped[];
  builds: Partial<Record<VariantId, BuildResult>>;
  rows: KernelRow[];
  summary: Partial<Record<VariantId, VariantSummary>>;
  /** Total wall time of the benchmark, seconds. */
  seconds: number;
}

const fmtTime = (s: number | undefined) => (s === undefined || !Number.isFinite(s) ? '-' : s >= 0.1 ? s.toFixed(3) : s.toPrecision(3));
const fmtX = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : `${x.toFixed(2)}x`);
const fmtS = (s: number | undefined) => (s === undefined || !Number.isFinite(s) ? '-' : `${s.toFixed(1)} s`);

const isSlmcc = (id: VariantId) => id.startsWith('slmcc');
/** The baseline's optimisation flag, as the column headers and notes name it. */
const optOf = (res: BenchResult) => res.opt ?? '-O3';

function correctCell(r: KernelRow, labels: Map<VariantId, string>): string {
  if (r.correct) return 'yes';
  const bad = Object.entries(r.times)
    .filter(([, t]) => t && !t.ok)
    .map(([id]) => labels.get(id as VariantId) ?? id);
  return `NO (${bad.join(', ')})`;
}

/** Header and rows of the main table, as plain strings. */
export function tableCells(res: BenchResult): string[][] {
  const labels = new Map(res.variants.map((v) => [v.id, v.short] as const));
  const header = ['kernel', ...res.variants.map((v) => `${v.short} s`)];
  const speedCols: { id: VariantId; kind: 'o3' | 'best' }[] = [];
  for (const v of res.variants) {
    if (v.id === 'O3') continue;
    speedCols.push({ id: v.id, kind: 'o3' });
    if (isSlmcc(v.id)) speedCols.push({ id: v.id, kind: 'best' });
  }
  header.push(...speedCols.map((c) => (c.kind === 'o3' ? `${labels.get(c.id)} x${optOf(res)}` : `${labels.get(c.id)} x-best`)));
  header.push('correct');
  const rows = res.rows.map((r) => [
    r.kernel,
    ...res.variants.map((v) => fmtTime(r.times[v.id]?.median)),
    ...speedCols.map((c) => fmtX(c.kind === 'o3' ? r.overO3[c.id] : r.overBest[c.id])),
    correctCell(r, labels),
  ]);
  const geo = [
    'geomean',
    ...res.variants.map(() => ''),
    ...speedCols.map((c) => fmtX(c.kind === 'o3' ? res.summary[c.id]?.geomeanOverO3 : res.summary[c.id]?.geomeanOverBest)),
    res.rows.every((r) => r.correct) ? 'all' : `${res.rows.filter((r) => !r.correct).length} wrong`,
  ];
  return [header, ...rows, geo];
}

function buildLines(res: BenchResult): string[] {
  const lines: string[] = [];
  for (const v of res.variants) {
    const b = res.builds[v.id];
    if (!b) continue;
    if (!b.ok) {
      lines.push(`${v.label}: build FAILED: ${b.error?.split('\n').slice(-1)[0] ?? ''}`);
      continue;
    }
    if (b.cold) {
      const req = (p: typeof b.warm) => (p?.modelRequests === undefined ? 'n/a' : String(p.modelRequests));
      lines.push(
        `${v.label}: cold build ${fmtS(b.cold.seconds)} (${req(b.cold)} model requests, ${b.cold.decisions.length} decisions), ` +
          `warm rebuild ${fmtS(b.warm?.seconds)} (${req(b.warm)} model requests, cache hits ${b.warm?.hits ?? 'n/a'})`,
      );
      if (b.rebuild)
        lines.push(
          `${v.label}: make -j2 from clean with every verdict cached: ${fmtS(b.rebuild.slmcc)} against clang-19 ${optOf(res)}'s ${fmtS(b.rebuild.clang)}, ` +
            `${b.rebuild.ratio.toFixed(2)}x (median of ${b.rebuild.rounds}, interleaved)`,
        );
      if (b.cold.decisions.length === 0) lines.push(`${v.label}: logged no decisions, so every file was compiled unchanged (see build-cold.log beside its build folder)`);
    } else lines.push(`${v.label}: build ${fmtS(b.seconds)}`);
  }
  return lines;
}

function verdictLines(res: BenchResult): string[] {
  const lines: string[] = [];
  for (const v of res.variants) {
    const decisions = res.builds[v.id]?.cold?.decisions;
    if (!decisions?.length) continue;
    for (const d of decisions) {
      const x = d.speedup !== undefined ? ` ${d.speedup.toFixed(2)}x` : '';
      lines.push(`${v.label}: ${d.kernel}/${d.function}: ${d.verdict}${x}${d.reason ? ` - ${d.reason}` : ''}`);
    }
  }
  return lines;
}

/**
 * A table for the terminal: the header, a rule, the rows, a rule and the
 * last row (the summary). Columns in `left` are flush left (names, prose),
 * the others flush right (numbers).
 */
export function textTable(cells: string[][], left: ReadonlySet<number> = new Set([0])): string[] {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((s, c) => (left.has(c) ? s.padEnd(widths[c]) : s.padStart(widths[c])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0]), rule, ...cells.slice(1, -1).map(line), rule, line(cells[cells.length - 1])];
}

export function renderText(res: BenchResult): string {
  const out = textTable(tableCells(res));
  out.push('', `medians of ${res.repeats} interleaved runs; kernel time only; ${res.machine.cpus} cores (${res.machine.model})`);
  const load = Math.max(res.machine.loadavgStart[0] ?? 0, res.machine.loadavg[0] ?? 0);
  if (load > res.machine.cpus * 0.5) out.push(`note: the machine was busy (1-minute load average up to ${load.toFixed(1)} on ${res.machine.cpus} cores); timings are noisy`);
  out.push(`x${optOf(res)}: speedup over clang-19 ${optOf(res)}; x-best: over the faster of ${optOf(res)} and Polly per kernel`);
  out.push(res.variants.map((v) => `${v.short} = ${v.label}`).join('; '));
  out.push(...buildLines(res));
  for (const s of res.skipped) out.push(`skipped ${s.label}: ${s.reason}`);
  return out.join('\n') + '\n';
}

const envPrefix = (env: Record<string, string>) =>
  Object.entries(env)
    .map(([k, v]) => `${k}=${v} `)
    .join('');

export function renderMarkdown(res: BenchResult): string {
  const cells = tableCells(res);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const row = (r: string[]) => `| ${r.map(esc).join(' | ')} |`;
  const out = [
    `# slmcc benchmark${res.quick ? ' (quick)' : ''}`,
    '',
    `${res.date}; ${res.machine.cpus} cores (${res.machine.model}); medians of ${res.repeats} interleaved runs; ` +
      `times are the kernel only, in seconds; x${optOf(res)} = speedup over clang-19 ${optOf(res)}; ` +
      `x-best = speedup over the faster of ${optOf(res)} and Polly for that kernel.`,
    '',
    res.variants.map((v) => `${v.short} = ${v.label}`).join('; ') + '.',
    '',
    row(cells[0]),
    row(cells[0].map((_, i) => (i === 0 ? '---' : '---:'))),
    ...cells.slice(1).map(row),
    '',
    '## Builds',
    '',
    ...buildLines(res).map((l) => `- ${l}`),
  ];
  if (res.skipped.length) out.push('', '## Skipped', '', ...res.skipped.map((s) => `- ${s.label}: ${s.reason}`));
  const verdicts = verdictLines(res);
  if (verdicts.length) out.push('', '## slmcc decisions (cold build)', '', ...verdicts.map((l) => `- ${l}`));
  out.push('', '## Variants', '', ...res.variants.map((v) => `- ${v.label}: \`${envPrefix(v.env)}make -C kernels CC=${v.cc} CFLAGS='${v.cflags}'\``));
  return out.join('\n') + '\n';
}

const COLOURS: Record<VariantId, string> = {
  O3: '#9e9e9e',
  polly: '#4e79a7',
  gcc: '#f28e2b',
  'slmcc-builtin': '#59a14f',
  'slmcc-ollama': '#b07aa1',
};

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Grouped bars: speedup over clang-19 -O3 per kernel and variant, a line at 1x. */
export function renderSvg(res: BenchResult): string {
  const vs = res.variants.filter((v) => v.id !== 'O3');
  const groups = [
    ...res.rows.map((r) => ({ name: r.kernel, value: (id: VariantId) => r.overO3[id], wrong: (id: VariantId) => r.times[id]?.ok === false })),
    { name: 'geomean', value: (id: VariantId) => res.summary[id]?.geomeanOverO3, wrong: () => false },
  ];
  const bar = 14,
    gap = 22,
    left = 56,
    top = 44,
    plotH = 300,
    bottom = 70;
  const groupW = Math.max(1, vs.length) * bar + gap;
  const width = left + groups.length * groupW + 20;
  const height = top + plotH + bottom;
  const values = groups.flatMap((g) => vs.map((v) => g.value(v.id) ?? 0)).filter(Number.isFinite);
  const ymax = Math.max(2, Math.ceil(Math.max(1, ...values) * 2) / 2);
  const y = (v: number) => top + plotH - (Math.min(v, ymax) / ymax) * plotH;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${left}" y="18" font-size="14" font-weight="bold">Speedup over clang-19 ${optOf(res)} (median of ${res.repeats} runs, higher is better)</text>`);
  const step = ymax <= 3 ? 0.5 : ymax <= 6 ? 1 : 2;
  for (let t = 0; t <= ymax + 1e-9; t += step) {
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(t)}" y2="${y(t)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(1)}x</text>`);
  }
  groups.forEach((g, gi) => {
    const x0 = left + gi * groupW + gap / 2;
    vs.forEach((v, vi) => {
      const val = g.value(v.id);
      if (val === undefined || !Number.isFinite(val)) return;
      const x = x0 + vi * bar;
      const title = `${g.name} ${v.label}: ${val.toFixed(2)}x${g.wrong(v.id) ? ' (WRONG OUTPUT)' : ''}`;
      parts.push(
        `<rect x="${x}" y="${y(val)}" width="${bar - 2}" height="${top + plotH - y(val)}" fill="${COLOURS[v.id]}"` +
          `${g.wrong(v.id) ? ' stroke="red" stroke-width="2"' : ''}><title>${xml(title)}</title></rect>`,
      );
    });
    parts.push(`<text x="${x0 + (vs.length * bar) / 2}" y="${top + plotH + 16}" text-anchor="middle"${g.name === 'geomean' ? ' font-weight="bold"' : ''}>${xml(g.name)}</text>`);
  });
  parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(1)}" y2="${y(1)}" stroke="black" stroke-dasharray="4 3"/>`);
  vs.forEach((v, i) => {
    const x = left + i * 170;
    parts.push(`<rect x="${x}" y="${height - 30}" width="12" height="12" fill="${COLOURS[v.id]}"/>`);
    parts.push(`<text x="${x + 16}" y="${height - 20}">${xml(v.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
