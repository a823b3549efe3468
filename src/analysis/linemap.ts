// Line markers (`# 12 "file.c" 2`) tie preprocessed lines back to the files
// the compiler read; they tell the user's functions from header code and give
// the source lines that diagnostics and the decision record show.
import { lineIndexAt, lineStartsOf } from './line-starts.js';

export interface LineMap {
  /** The main file, as written in the first line marker (unescaped). */
  mainFile: string;
  /** The file (unescaped) a preprocessed line (0-based) belongs to. */
  fileAt(ppLine: number): string;
  /** The 1-based line of that file. */
  sourceLineAt(ppLine: number): number;
  /** 0-based preprocessed line of a character offset. */
  ppLineOf(offset: number): number;
}

const MARKER = /^#(?:line)?\s+(\d+)\s+"((?:[^"\\]|\\.)*)"/;

export function unescapeCString(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

export function escapeCString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function lineMarker(line: number, file: string): string {
  return `# ${line} "${escapeCString(file)}"`;
}

export function buildLineMap(text: string, sourceFile?: string): LineMap {
  const lineStarts = lineStartsOf(text);
  // markers[k] = [ppLine of the marker, file, source line of the next line]
  const mLine: number[] = [];
  const mFile: string[] = [];
  const mSrc: number[] = [];
  let first: string | undefined;
  for (let l = 0; l < lineStarts.length; l++) {
    const s = lineStarts[l];
    if (text.charCodeAt(s) !== 35 /* # */) continue;
    const end = l + 1 < lineStarts.length ? lineStarts[l + 1] - 1 : text.length;
    const m = MARKER.exec(text.slice(s, Math.min(end, s + 4096)));
    if (!m) continue;
    const file = unescapeCString(m[2]);
    if (first === undefined) first = file;
    mLine.push(l);
    mFile.push(file);
    mSrc.push(Number(m[1]));
  }
  const mainFile = sourceFile ?? first ?? '';
  const markerBefore = (ppLine: number): number => {
    let lo = 0;
    let hi = mLine.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (mLine[mid] < ppLine) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  };
  return {
    mainFile,
    fileAt(ppLine) {
      const k = markerBefore(ppLine);
      return k < 0 ? mainFile : mFile[k];
    },
    sourceLineAt(ppLine) {
      const k = markerBefore(ppLine);
      return k < 0 ? ppLine + 1 : mSrc[k] + (ppLine - mLine[k] - 1);
    },
    ppLineOf(offset) {
      return lineIndexAt(lineStarts, offset);
    },
  };
}
