// The bytes of one stored entry. A header line carries a checksum over the
// body so that a torn write, a truncated file or a flipped bit reads as a miss
// instead of a wrong verdict.
import { createHash } from 'node:crypto';
import { VERDICT_FORMAT_VERSION, type CacheEntry } from '../core/cache-entry.js';
import { z } from 'zod';
import { VerdictSchema } from '../core/decision.js';

export { VERDICT_FORMAT_VERSION, type CacheEntry };

const MAGIC = 'slmcc-cache-entry';
/** Version of the file container (header + body), not of the verdict inside. */
const CONTAINER = 1;
const KEY = /^[0-9a-f]{64}$/;

export const isKey = (key: string): boolean => KEY.test(key);

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export function encodeBody(entry: CacheEntry): string {
  return JSON.stringify(entry);
}

/**
 * A stored file: the line `<magic> <container version> <sha256 of body> <body
 * length>`, then the body. Verdict entries and direct-mode objects share it.
 */
export function seal(magic: string, container: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${magic} ${container} ${sha256(body)} ${body.length}\n`, 'utf8'), body]);
}

/** The body of a sealed file; 'malformed' for a foreign header, 'checksum' for a torn or altered body. */
export function unseal(magic: string, container: number, buf: Buffer): Buffer | 'malformed' | 'checksum' {
  const nl = buf.indexOf(10);
  if (nl < 0 || nl > 200) return 'malformed';
  const m = /^(\S+) (\d+) ([0-9a-f]{64}) (\d+)$/.exec(buf.subarray(0, nl).toString('latin1'));
  if (!m || m[1] !== magic || Number(m[2]) !== container) return 'malformed';
  const body = buf.subarray(nl + 1);
  if (body.length !== Number(m[4]) || sha256(body) !== m[3]) return 'checksum';
  return body;
}

export function encodeEntry(entry: CacheEntry): Buffer {
  return seal(MAGIC, CONTAINER, Buffer.from(encodeBody(entry), 'utf8'));
}

/** Whether an entry may be stored and served at all. */
export function storable(entry: CacheEntry | undefined): entry is CacheEntry {
  return (
    entry !== undefined &&
    isKey(entry.key) &&
    entry.formatVersion === VERDICT_FORMAT_VERSION &&
    typeof entry.verdict?.kind === 'string' &&
    entry.verdict.kind !== 'undecided' &&
    entry.record !== null &&
    typeof entry.record === 'object'
  );
}

export type BodyProblem = 'checksum' | 'malformed' | 'version' | 'key';

/** Parses a body whose checksum has already been checked; says why it is refused. */
export function parseBody(body: string, key: string): CacheEntry | BodyProblem {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'malformed';
  }
  const head = EntryHead.safeParse(json);
  if (!head.success) return 'malformed';
  if (head.data.formatVersion !== VERDICT_FORMAT_VERSION) return 'version';
  if (head.data.key !== key) return 'key';
  const entry = StoredEntry.safeParse(json);
  // The record is only known to be an object (see StoredEntry): it is read as a record, as before.
  return entry.success && storable(entry.data as unknown as CacheEntry) ? (entry.data as unknown as CacheEntry) : 'malformed';
}

/** What tells a stored entry's version and key apart, before the rest is read. */
const EntryHead = z.looseObject({ formatVersion: z.unknown(), key: z.unknown() });

/**
 * A stored entry, from this disk or a shared store, as the cache trusts it:
 * the verdict in full (its text is what ships); the record is a log line
 * that report reads with its own care, so only its being an object is checked.
 */
const StoredEntry = z.looseObject({ key: z.string(), formatVersion: z.number(), verdict: VerdictSchema, record: z.looseObject({}) });

/** The verified body of a stored file, or why it is unusable. */
export function decodeEntry(buf: Buffer, key: string): { entry: CacheEntry; body: string } | BodyProblem {
  const body = unseal(MAGIC, CONTAINER, buf);
  if (typeof body === 'string') return body;
  const text = body.toString('utf8');
  const entry = parseBody(text, key);
  return typeof entry === 'string' ? entry : { entry, body: text };
}
