import fs from 'node:fs';
import path from 'node:path';

/** Splits a response file's text the way GCC and clang do (GNU quoting: '..', "..", backslash escapes). */
export function splitResponseText(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inArg = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inArg = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i];
      inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) out.push(cur);
      cur = '';
      inArg = false;
    } else {
      cur += ch;
      inArg = true;
    }
  }
  if (inArg) out.push(cur);
  return out;
}

/**
 * Expands `@file` arguments (recursively, relative to the including file as
 * clang does). An unreadable `@file` is left as it is: the real compiler will
 * treat it as an input and report it in its own words.
 */
export function expandResponseFiles(args: readonly string[], cwd: string, depth = 0): { args: string[]; usedResponseFile: boolean } {
  let used = false;
  const out: string[] = [];
  for (const a of args) {
    if (!a.startsWith('@') || a.length === 1 || depth > 20) {
      out.push(a);
      continue;
    }
    const file = path.resolve(cwd, a.slice(1));
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      out.push(a);
      continue;
    }
    used = true;
    out.push(...expandResponseFiles(splitResponseText(text), path.dirname(file), depth + 1).args);
  }
  return { args: out, usedResponseFile: used };
}
