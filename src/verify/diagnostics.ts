// Compiler diagnostics as they may leave slmcc: as feedback to a model and
// into the decision log. The compiler quotes source lines, follows
// `In file included from` chains and names files and their tokens; none of
// that may go back to a model server (a candidate that includes
// /etc/passwd would otherwise read it out through the error). What is kept:
// the diagnostics located in the candidate's own text, as
// `line L: error: message`, nothing else.

/** `file:line:col: severity: message`, as clang and gcc print a diagnostic's first line. */
const HEADER = /^(.*?):(\d+):(?:(\d+):)?\s*(fatal error|error|warning|note|remark):\s?(.*)$/;

export interface DiagnosticScope {
  /**
   * The presumed file name (as the compiler prints it) of the candidate's
   * text; diagnostics located anywhere else are dropped. When omitted, the
   * main file of `source` (its first line marker, else `compiled`) stands in.
   */
  file?: string;
  /** The candidate's lines in that file, inclusive; reported relative to the first. */
  lines?: [number, number];
  /** The compiled text, to find its main file from its first line marker. */
  source?: string;
  /** The path the compiler was given (diagnostics in the main file may name it). */
  compiled?: string;
  /** At most this many diagnostics (default 4). */
  max?: number;
}

/** The file named by the first line marker of a preprocessed text (`# 1 "x.c"`), if any. */
export function mainFileOf(source: string): string | undefined {
  const m = /^#(?:\s*line)?\s+\d+\s+"((?:\\.|[^"\\])*)"/m.exec(source);
  return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}

const MAX_MESSAGE = 200;

/**
 * The diagnostics of `output` that are about the candidate's own text, each as
 * `line L: severity: message`; never a quoted source line, an include chain,
 * a file name or a line of any other file. When none is left, a count only.
 */
export function reduceDiagnostics(output: string, scope: DiagnosticScope = {}): string {
  const files = new Set<string>();
  if (scope.file !== undefined) files.add(scope.file);
  else {
    const main = scope.source !== undefined ? mainFileOf(scope.source) : undefined;
    if (main !== undefined) files.add(main);
    else if (scope.compiled !== undefined) files.add(scope.compiled);
  }
  const max = scope.max ?? 4;
  const kept: string[] = [];
  let errors = 0;
  let elsewhere = 0;
  for (const raw of output.split('\n')) {
    // The linker's complaint names a symbol, never a file's text: keep the symbol.
    const undef = /undefined reference to [`']([A-Za-z_.$][\w.$@]*)'/.exec(raw);
    if (undef) {
      errors++;
      const line = `link: undefined reference to ${undef[1]}`;
      if (kept.length < max && !kept.includes(line)) kept.push(line);
      continue;
    }
    const m = HEADER.exec(raw.replace(/\r$/, ''));
    if (!m) continue; // source quotes, carets, include chains, counts, driver chatter
    const [, file, lineText, , severity, message] = m;
    if (severity === 'error' || severity === 'fatal error') errors++;
    const line = Number(lineText);
    // Text slmcc generated itself (`<slmcc harness>`, `<slmcc candidate>`) is no user's file.
    const generated = /^<slmcc[^>]*>$/.test(file);
    const inFile = generated || files.has(file) || [...files].some((f) => f.length > 0 && (file === f || file.endsWith(`/${f}`) || f.endsWith(`/${file}`)));
    const inLines = !scope.lines || (line >= scope.lines[0] && line <= scope.lines[1]);
    if (!inFile || !inLines || severity === 'note' || severity === 'remark') {
      if (severity !== 'note' && severity !== 'remark') elsewhere++;
      continue;
    }
    if (kept.length >= max) continue;
    const rel = scope.lines ? line - scope.lines[0] + 1 : line;
    const text = message.replace(/\s+/g, ' ').trim();
    kept.push(`line ${rel}: ${severity}: ${text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text}`);
  }
  if (kept.length > 0) return kept.join('\n');
  if (errors > 0 || elsewhere > 0) return `the compiler refused it (${errors || elsewhere} diagnostic${(errors || elsewhere) === 1 ? '' : 's'} outside the candidate's text)`;
  return '';
}
