// The decision log: one JSON line per function considered, appended with
// O_APPEND in a single write so that parallel compilers' lines never interleave.
import fs from 'node:fs';
import path from 'node:path';
import type { DecisionRecord } from '../core/decision.js';
import { swallowed } from '../core/swallowed.js';

/**
 * mkdir -p one level at a time. Node 20's recursive mkdirSync never returns
 * for some paths it cannot create (under /proc, say), and a hung log write
 * would hang the user's build.
 */
function makeDirs(dir: string): void {
  const abs = path.resolve(dir);
  if (fs.existsSync(abs)) return;
  makeDirs(path.dirname(abs));
  try {
    fs.mkdirSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** Append one record; never throws (a log that cannot be written must not break a build). */
export function appendDecision(file: string, rec: DecisionRecord): void {
  try {
    const line = Buffer.from(JSON.stringify(rec) + '\n');
    makeDirs(path.dirname(file));
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o644);
    try {
      fs.writeSync(fd, line, 0, line.length);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    swallowed('verify/record', e);
    /* the log is best effort */
  }
}

/** Every well-formed record in the log; torn or foreign lines are skipped. */
export function readDecisions(file: string): DecisionRecord[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: DecisionRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line);
      if (r && typeof r === 'object' && r.version === 1 && typeof r.function === 'string' && r.verdict) out.push(r);
    } catch (e) {
      swallowed('verify/record', e);
      /* a torn line */
    }
  }
  return out;
}
