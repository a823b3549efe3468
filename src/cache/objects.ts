// Direct mode, as ccache has it: the finished object of a compile slmcc
// improved (or the knowledge that the original stands), found again from the
// command line, the source and every file the preprocessor read, without
// running -E, parsing, or looking up a single verdict. A warm rebuild then
// costs the user's own compile plus a few file hashes.
//
// The key covers what decides the object: slmcc's formats, the compiler's
// identity, the whole command line, the folder where the object can record
// it (see folderMatters), the source's bytes, the
// environment the preprocessor reads, and the provider the verdicts were
// decided under. The entry lists every other input (headers) with its hash,
// and a changed one is a miss. Like ccache, a header that would newly shadow
// one on the include path is not noticed.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DecisionRecord } from '../core/decision.js';
import { tokenFacts } from '../core/flags.js';
import { VERDICT_FORMAT_VERSION, seal, sha256, unseal } from './format.js';
import { writeAtomic } from '../core/atomic-write.js';
import { layout, objectPath, type Layout } from './layout.js';
import { swallowed } from '../core/swallowed.js';
import { z } from 'zod';
import { readJsonAs } from '../core/read-json.js';

/** Bumped when the object container or what its key covers changes. */
export const OBJECT_FORMAT_VERSION = 3;

/** Variables the preprocessor (or __DATE__'s replacement) reads. */
const PREPROCESSOR_ENV = ['CPATH', 'C_INCLUDE_PATH', 'SOURCE_DATE_EPOCH'];

export interface DirectKeyInput {
  compilerIdentity: string;
  /** The whole command line after @file expansion. */
  args: readonly string[];
  cwd: string;
  source: string;
  sourceBytes: Buffer;
  env: NodeJS.ProcessEnv;
  /** Provider, model, digest, strategy, and anything else that shapes which verdicts apply. */
  decisions: unknown;
}

/**
 * Whether the object can hold the folder it was compiled in: debug info
 * (DW_AT_comp_dir) without a prefix map, coverage and profile data paths, or
 * an argument that spells the folder out. Otherwise a checkout elsewhere (a CI
 * runner, a second clone) builds the same bytes from the same relative names,
 * and the key leaves the folder out, as ccache does under its base_dir.
 */
export function folderMatters(args: readonly string[], cwd: string): boolean {
  const abs = path.resolve(cwd);
  const facts = tokenFacts(args);
  return facts.debugRecordsFolder || facts.recordsPath || args.some((a) => a.includes(abs));
}

export function directKey(i: DirectKeyInput): string {
  return sha256(
    JSON.stringify([
      'slmcc-direct',
      OBJECT_FORMAT_VERSION,
      VERDICT_FORMAT_VERSION,
      i.compilerIdentity,
      i.args,
      folderMatters(i.args, i.cwd) ? path.resolve(i.cwd) : null,
      i.source,
      sha256(i.sourceBytes),
      PREPROCESSOR_ENV.map((k) => i.env[k] ?? null),
      i.decisions,
    ]),
  );
}

export type ObjectOutcome =
  /** The object of the rewritten unit, to put in place of the user's. */
  | { kind: 'object'; bytes: Buffer }
  /** Every verdict was final and none changed the code: the user's object stands. */
  | { kind: 'original' };

export interface ObjectEntry {
  /** Each file the preprocessor read (as it named them, relative to the key's folder) and its content hash. */
  inputs: [string, string][];
  /** The decisions behind the outcome, logged again on a hit. */
  records: DecisionRecord[];
  outcome: ObjectOutcome;
}

const MAGIC = 'slmcc-object';
const CONTAINER = 1;

/** The entry's first line. Records are log lines (report reads them with its own care): only their being objects is checked. */
const Meta = z.object({ inputs: z.array(z.tuple([z.string(), z.string()])), records: z.array(z.looseObject({})), outcome: z.enum(['object', 'original']) });
type Meta = { inputs: [string, string][]; records: DecisionRecord[]; outcome: 'object' | 'original' };

function encode(e: ObjectEntry): Buffer {
  const meta: Meta = { inputs: e.inputs, records: e.records, outcome: e.outcome.kind };
  const body = Buffer.concat([Buffer.from(JSON.stringify(meta) + '\n', 'utf8'), e.outcome.kind === 'object' ? e.outcome.bytes : Buffer.alloc(0)]);
  return seal(MAGIC, CONTAINER, body);
}

function decode(buf: Buffer): ObjectEntry | undefined {
  const body = unseal(MAGIC, CONTAINER, buf);
  if (typeof body === 'string') return undefined;
  const metaEnd = body.indexOf(10);
  try {
    const read = readJsonAs(Meta, body.subarray(0, metaEnd).toString('utf8'));
    if (!read) return undefined;
    const meta = read as unknown as Meta;
    const outcome: ObjectOutcome = meta.outcome === 'object' ? { kind: 'object', bytes: body.subarray(metaEnd + 1) } : { kind: 'original' };
    if (outcome.kind === 'object' && outcome.bytes.length === 0) return undefined;
    return { inputs: meta.inputs, records: meta.records, outcome };
  } catch {
    return undefined;
  }
}

const hashFile = (file: string): Promise<string | undefined> => fs.readFile(file).then(sha256, () => undefined);

// The date and time macros make a compile differ from the last one; ccache
// refuses direct mode for them too.
const CLOCK_MACROS = /__(DATE|TIME|TIMESTAMP)__/;

/**
 * Every file named by the preprocessed text's line markers, with its hash;
 * undefined when one cannot be read or reads the clock, so that nothing is
 * stored that a later lookup could not check.
 */
export async function inputsOf(preprocessed: string, cwd: string): Promise<[string, string][] | undefined> {
  const names = new Set<string>();
  for (const m of preprocessed.matchAll(/^# \d+ "((?:[^"\\]|\\.)*)"/gm)) {
    const name = m[1].replace(/\\(.)/g, '$1');
    if (!name.startsWith('<')) names.add(name);
  }
  const out: [string, string][] = [];
  for (const name of names) {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(path.resolve(cwd, name));
    } catch {
      return undefined;
    }
    if (CLOCK_MACROS.test(bytes.toString('latin1'))) return undefined;
    out.push([name, sha256(bytes)]);
  }
  return out;
}

export type ObjectLookup = { kind: 'hit'; entry: ObjectEntry } | { kind: 'miss' } | { kind: 'corrupt' } | { kind: 'stale' };

/** Reads and checks an entry: its checksum, then every input's hash. Never throws; a corrupt entry is removed. */
export async function getObject(cacheDir: string, key: string, cwd: string): Promise<ObjectLookup> {
  const l = layout(cacheDir);
  const file = objectPath(l, key);
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch {
    return { kind: 'miss' };
  }
  const entry = decode(buf);
  if (!entry) {
    await fs.rm(file, { force: true }).catch((e) => swallowed('cache/objects', e));
    return { kind: 'corrupt' };
  }
  for (const [name, hash] of entry.inputs) {
    if ((await hashFile(path.resolve(cwd, name))) !== hash) return { kind: 'stale' };
  }
  const now = new Date();
  await fs.utimes(file, now, now).catch((e) => swallowed('cache/objects', e));
  return { kind: 'hit', entry };
}

/** Stores an entry (temp + rename) and keeps the cache under its limit. Never throws. */
export async function putObject(cacheDir: string, sizeLimit: number, key: string, entry: ObjectEntry): Promise<void> {
  const l: Layout = layout(cacheDir);
  try {
    const data = encode(entry);
    await writeAtomic(objectPath(l, key), data);
    const { notePut } = await import('./evict.js');
    await notePut(l, data.length, sizeLimit);
  } catch (e) {
    swallowed('cache/objects', e);
    // a full or read-only disk costs the next build the slower path, nothing more
  }
}
