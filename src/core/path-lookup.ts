// Finding a command the way the shell would: a name with a slash is that
// file, any other name is looked up in PATH's folders in order (empty entries
// skipped). Only regular files this process may execute count.
import fs from 'node:fs';
import path from 'node:path';

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Every executable `name` resolves to, in PATH order (one at most for a path). */
export function executablesOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (name.includes('/')) return isExecutableFile(name) ? [path.resolve(name)] : [];
  return (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.resolve(dir, name))
    .filter(isExecutableFile);
}

/** The file `name` runs, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return executablesOnPath(name, env)[0];
}
