// Direct mode before Node starts. Node's start-up costs about as much as a
// small compile, so a warm rebuild that goes through Node can never come near
// the compiler's own time. bin/slmcc therefore answers a compile whose outcome
// is already settled: it hashes the command line and the environment that
// shape the outcome into a key, checks the entry's manifest with one
// `sha256sum -c` (the compiler binary, the source, every header, the
// provider's state and the object to place), runs the user's own command and
// puts the stored object in place. Node writes these entries whenever it
// knows a final outcome (a direct-mode hit or a fully decided compile); it
// writes them only for what the shell can key exactly as Node would decide.
//
// The shell and this module must agree byte for byte on the key: see
// shellKeyBytes and bin/slmcc's `settled_compile`. SHELL_FORMAT names the folder,
// so a change of format is a clean miss. The script reads the format and the
// lists below from bin/slmcc-spec.sh, which Node writes from them
// (pipeline/shell-spec.ts): each has its one source here.
import fs from 'node:fs';
import path from 'node:path';
import { BOOL_FALSE, BOOL_TRUE, MODES, PROVIDERS, SETTINGS } from '../config/index.js';
import { writeAtomic } from '../core/atomic-write.js';
import { sha256 } from './format.js';
import { layout, SHELL_FORMAT } from './layout.js';
import { swallowed } from '../core/swallowed.js';

export { SHELL_FORMAT };

/** The environment variables the shell puts in the key, in its order. */
export const SHELL_KEY_ENV = ['SLMCC_MODE', 'SLMCC_PROVIDER', 'SLMCC_MODEL', 'OLLAMA_HOST', 'CPATH', 'C_INCLUDE_PATH', 'SOURCE_DATE_EPOCH'] as const;

/**
 * The SLMCC_ variables the script vouches for (its check_settings): `true`
 * for any value, else the values it accepts, spelled exactly (Node, which
 * reads more spellings, decides and names a bad one). Any other SLMCC_
 * variable sends the call to Node. Each is read by the script itself, part of
 * the key (SHELL_KEY_ENV), or changes nothing a settled or loop-free compile does.
 */
export const SHELL_VOUCHED: Readonly<Record<string, true | readonly string[]>> = {
  // bin/slmcc's own path, which it hands to Node (so a nested call does not run itself).
  SLMCC_SELF: true,
  // Where the script looks for entries.
  [SETTINGS.cacheDir.env]: true,
  // A settled compile is served only without a decision log (settled_compile).
  [SETTINGS.log.env]: true,
  [SETTINGS.model.env]: true,
  [SETTINGS.mode.env]: MODES,
  // openai's choice rests on a live check the script cannot repeat (pipeline/direct-store.ts).
  [SETTINGS.provider.env]: PROVIDERS.filter((p) => p !== 'openai'),
  // Whether pending work settles in the background: a settled compile has none.
  [SETTINGS.settle.env]: [...BOOL_TRUE, ...BOOL_FALSE],
};

export const shellRoot = (cacheDir: string): string => layout(cacheDir).shell;
/** Stands for "the user's own object stands" in a manifest's first line. */
export const originalMarker = (cacheDir: string): string => path.join(shellRoot(cacheDir), 'original');
/** Present while `auto` last found no model server: entries decided by the builtin then hold. */
export const noServerMarker = (cacheDir: string): string => path.join(shellRoot(cacheDir), 'no-server');

export interface ShellKeyInput {
  /** The compiler as the shell finds it: `command -v clang-19`. */
  cc: string;
  /** The user's arguments exactly as bin/slmcc received them. */
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Inside a parallel make: an outcome final only there is keyed apart. */
  parallelMake: boolean;
  /** The folder, when the object can record it (see folderMatters); else the entry serves any checkout. */
  folder?: string;
}

/** `printf '%s\0' ...` of the key's fields, as bin/slmcc writes them. */
export function shellKeyBytes(i: ShellKeyInput): string {
  const fields = [SHELL_FORMAT, i.parallelMake ? '1' : '0', i.cc, ...SHELL_KEY_ENV.map((k) => i.env[k] ?? ''), ...i.argv];
  return fields.map((f) => f + '\0').join('');
}

export function shellKey(i: ShellKeyInput): string {
  const free = sha256(shellKeyBytes({ ...i, folder: undefined }));
  return i.folder === undefined ? free : sha256(`${free}\0${i.folder}\0`);
}

const entryFile = (cacheDir: string, key: string): string => path.join(shellRoot(cacheDir), key.slice(0, 2), key);

export interface ShellEntry {
  /** The object to place, or undefined when the user's own object stands. */
  object?: Buffer;
  /** Files whose content the outcome depends on, as the compile named them (relative to its folder, or absolute), with their hashes. */
  inputs: readonly (readonly [string, string])[];
  /** The real compiler binary. */
  compiler: string;
  /** A file whose presence and content the provider choice rests on (digests.json, the no-server marker). */
  providerState?: string;
  /** Files the outcome rests on, hashed by the caller before it judged them (the verdict generation). */
  states?: readonly (readonly [string, string])[];
}

// sha256sum's check format has no room for a newline in a name, and escapes
// backslashes; such names never get a shell entry.
const plainName = (name: string): boolean => !/[\n\r\\]/.test(name);

/**
 * Writes the entry under every key given (a fully final outcome serves serial
 * and parallel builds alike). Best effort: a failure costs the next build the
 * Node path, nothing more.
 */
export async function putShellEntry(cacheDir: string, sizeLimit: number, keyed: readonly ShellKeyInput[], entry: ShellEntry): Promise<void> {
  try {
    const lines: string[] = [];
    let first: string;
    if (entry.object) {
      const h = sha256(entry.object);
      first = path.join(shellRoot(cacheDir), 'o', `${h}.o`);
      if (!fs.existsSync(first)) {
        await writeAtomic(first, entry.object);
        const { notePut } = await import('./evict.js');
        await notePut(layout(cacheDir), entry.object.length, sizeLimit);
      }
      lines.push(`${h}  ${first}`);
    } else {
      first = originalMarker(cacheDir);
      if (!fs.existsSync(first)) await writeAtomic(first, '');
      lines.push(`${sha256('')}  ${first}`);
    }
    const files: [string, string][] = [[entry.compiler, sha256(fs.readFileSync(entry.compiler))]];
    if (entry.providerState) files.push([entry.providerState, sha256(fs.readFileSync(entry.providerState))]);
    for (const [name, hash] of entry.states ?? []) files.push([name, hash]);
    files.push(...entry.inputs.map(([n, h]) => [n, h] as [string, string]));
    if (!plainName(first)) return;
    for (const [name, hash] of files) {
      if (!plainName(name)) return;
      lines.push(`${hash}  ${name}`);
    }
    const text = lines.join('\n') + '\n';
    for (const k of keyed) {
      // A folder-bound entry leaves a mark under the folder-free key, which
      // tells the shell to add its folder (`pwd -P`) to the key.
      if (k.folder !== undefined) await writeAtomic(`${entryFile(cacheDir, shellKey({ ...k, folder: undefined }))}.dir`, '');
      await writeAtomic(entryFile(cacheDir, shellKey(k)), text);
    }
  } catch (e) {
    swallowed('cache/shell-entries', e);
    /* the Node path serves the next build */
  }
}

/** Records what `auto` found, so entries the builtin decided hold only while no server answers. */
export function noteServer(cacheDir: string, reachable: boolean): void {
  const marker = noServerMarker(cacheDir);
  try {
    if (reachable) fs.rmSync(marker, { force: true });
    else if (!fs.existsSync(marker)) {
      fs.mkdirSync(path.dirname(marker), { recursive: true });
      fs.writeFileSync(marker, '');
    }
  } catch (e) {
    swallowed('cache/shell-entries', e);
    /* a read-only cache: no shell entries either */
  }
}
