// `slmcc report`: the build's decisions as a table, and optionally an HTML page
// with an SVG bar chart of the measured speedups.
import fs from 'node:fs';
import { WHOLE_SOURCE } from '../core/decision.js';
import { readDecisions, type DecisionRecord } from '../verify/index.js';

interface Row {
  function: string;
  source: string;
  verdict: string;
  /** How a shipped candidate is known (proven, guarded, tested); absent for other verdicts. */
  evidence?: string;
  reason: string;
  candidateSpeedup?: number;
  pollySpeedup?: number;
  chosenSpeedup?: number;
  checkMs: number;
  from: string;
}

function rowOf(r: DecisionRecord): Row {
  const best = r.candidates
    .map((c) => c.speedup)
    .filter((s): s is number => typeof s === 'number')
    .sort((a, b) => b - a)[0];
  const v = r.verdict;
  const chosen = v.kind === 'candidate' || v.kind === 'polly' ? v.speedup : undefined;
  const reason = r.reason || ('reason' in v ? v.reason : '');
  return {
    function: r.function,
    source: r.source,
    verdict: v.kind,
    evidence: v.kind === 'candidate' ? (v.evidence ?? 'tested') : undefined,
    reason,
    candidateSpeedup: best,
    pollySpeedup: r.pollySpeedup,
    chosenSpeedup: chosen,
    checkMs: r.ms,
    from: r.from,
  };
}

const x = (n?: number) => (typeof n === 'number' && Number.isFinite(n) ? `${n.toFixed(2)}x` : '-');

function table(rows: Row[]): string {
  const head = ['function', 'verdict', 'evidence', 'reason', 'best cand.', 'polly', 'chosen', 'checking'];
  const body = rows.map((r) => [
    r.function,
    r.verdict + (r.from === 'cache' ? ' (cache)' : ''),
    r.evidence ?? '-',
    r.reason.slice(0, 60),
    x(r.candidateSpeedup),
    x(r.pollySpeedup),
    x(r.chosenSpeedup),
    `${(r.checkMs / 1000).toFixed(1)} s`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n') + '\n';
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** Bars per function: best candidate and Polly, with a line at 1x. */
export function chartSvg(rows: Row[]): string {
  const barH = 14,
    gap = 10,
    left = 180,
    width = 420;
  const max = Math.max(2, ...rows.flatMap((r) => [r.candidateSpeedup ?? 0, r.pollySpeedup ?? 0]));
  const scale = (v: number) => (v / max) * width;
  const h = rows.length * (2 * barH + gap) + 40;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = 20 + i * (2 * barH + gap);
    parts.push(`<text x="${left - 6}" y="${y + barH + 4}" text-anchor="end" font-size="12">${esc(r.function)}</text>`);
    if (r.candidateSpeedup)
      parts.push(
        `<rect x="${left}" y="${y}" width="${scale(r.candidateSpeedup).toFixed(1)}" height="${barH - 2}" fill="#2a7"><title>candidate ${x(r.candidateSpeedup)}</title></rect><text x="${left + scale(r.candidateSpeedup) + 4}" y="${y + barH - 4}" font-size="10">${x(r.candidateSpeedup)}</text>`,
      );
    if (r.pollySpeedup)
      parts.push(
        `<rect x="${left}" y="${y + barH}" width="${scale(r.pollySpeedup).toFixed(1)}" height="${barH - 2}" fill="#57c"><title>Polly ${x(r.pollySpeedup)}</title></rect><text x="${left + scale(r.pollySpeedup) + 4}" y="${y + 2 * barH - 4}" font-size="10">${x(r.pollySpeedup)}</text>`,
      );
  });
  const one = left + scale(1);
  parts.push(`<line x1="${one}" y1="10" x2="${one}" y2="${h - 20}" stroke="#c33" stroke-dasharray="4"/><text x="${one}" y="${h - 6}" font-size="10" text-anchor="middle">1x (original)</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 80}" height="${h}" font-family="sans-serif">${parts.join('')}</svg>`;
}

function html(rows: Row[]): string {
  const tr = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.function)}</td><td>${esc(r.source)}</td><td>${esc(r.verdict)}</td><td>${esc(r.evidence ?? '-')}</td><td>${esc(r.reason)}</td><td>${x(r.candidateSpeedup)}</td><td>${x(r.pollySpeedup)}</td><td>${x(r.chosenSpeedup)}</td><td>${(r.checkMs / 1000).toFixed(1)} s</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>slmcc report</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}</style></head><body>
<h1>slmcc decisions</h1><p>Speedups are the original's median time over the variant's (green: best candidate, blue: Polly).</p>
${chartSvg(rows)}
<table><tr><th>function</th><th>source</th><th>verdict</th><th>evidence</th><th>reason</th><th>best candidate</th><th>Polly</th><th>chosen</th><th>checking</th></tr>
${tr}</table></body></html>
`;
}

/** Print the decisions in `log`; write an HTML page when asked. Returns the exit status. */
export async function runReport(opts: { log: string; html?: string; json: boolean }): Promise<number> {
  const recs = readDecisions(opts.log);
  // The latest decision per (source, function) is the build's current state.
  const latest = new Map<string, DecisionRecord>();
  for (const r of recs) {
    // A source's functions, once recorded, supersede the record that stood for all of them.
    if (r.function !== WHOLE_SOURCE) latest.delete(`${r.source}\0${WHOLE_SOURCE}`);
    latest.set(`${r.source}\0${r.function}`, r);
  }
  const rows = [...latest.values()].map(rowOf);
  if (opts.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else if (!rows.length) process.stdout.write(`no decisions recorded in ${opts.log}\n`);
  else process.stdout.write(table(rows));
  if (opts.html) {
    try {
      fs.writeFileSync(opts.html, html(rows));
    } catch (e) {
      process.stderr.write(`slmcc report: cannot write ${opts.html}: ${(e as Error).message}\n`);
      return 1;
    }
  }
  return 0;
}
