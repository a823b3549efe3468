// One-file export of the store for CI artifacts: gzip'd JSON lines. The first
// line describes the archive; each further line is one entry with the exact
// stored body and its SHA-256, so import checks what export read.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { VERDICT_FORMAT_VERSION, decodeEntry, isKey, parseBody, sha256 } from './format.js';
import { layout } from './layout.js';
import { listEntries, readRaw, writeEntry } from './store.js';
import { evict } from './evict.js';
import { tempName } from '../core/atomic-write.js';
import { swallowed } from '../core/swallowed.js';

export const ARCHIVE_FORMAT = 'slmcc-cache-archive';
export const ARCHIVE_VERSION = 1;

interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  verdictFormatVersion: number;
  created: string;
  /**
   * The model digest last seen per "server model" (digests.json in the cache
   * root): an importing job whose model server is down looks its verdicts up
   * under these (the provider, model and digest of every verdict).
   */
  digests?: Record<string, string>;
}

const DIGESTS = 'digests.json';

function readDigests(cacheDir: string): Record<string, string> {
  try {
    const d = JSON.parse(fs.readFileSync(path.join(cacheDir, DIGESTS), 'utf8'));
    return d && typeof d === 'object' ? (d as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Adds an archive's digests to the cache root's, keeping the ones seen here (they are newer). */
function mergeDigests(cacheDir: string, incoming: unknown): void {
  if (!incoming || typeof incoming !== 'object') return;
  const mine = readDigests(cacheDir);
  let changed = false;
  for (const [k, v] of Object.entries(incoming as Record<string, unknown>))
    if (typeof v === 'string' && /^[\w:.-]+$/.test(v) && !(k in mine)) {
      mine[k] = v;
      changed = true;
    }
  if (!changed) return;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, DIGESTS), JSON.stringify(mine, null, 1));
  } catch (e) {
    swallowed('cache/archive', e);
    /* the verdicts still import; only a down server cannot find them */
  }
}

interface ArchiveLine {
  key: string;
  sha256: string;
  body: string;
}

export interface ExportReport {
  exported: number;
  /** Entries found corrupt while exporting (left out, and removed from the store). */
  corrupt: number;
  bytes: number;
}

export async function exportCache(cacheDir: string, file: string): Promise<ExportReport> {
  const l = layout(cacheDir);
  const report: ExportReport = { exported: 0, corrupt: 0, bytes: 0 };
  const entries = await listEntries(l);
  entries.sort((a, b) => (a.key < b.key ? -1 : 1));
  async function* lines(): AsyncGenerator<string> {
    const header: ArchiveHeader = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      verdictFormatVersion: VERDICT_FORMAT_VERSION,
      created: new Date().toISOString(),
      digests: readDigests(cacheDir),
    };
    yield JSON.stringify(header) + '\n';
    for (const e of entries) {
      const raw = await readRaw(l, e.key);
      if (!raw) continue;
      const decoded = decodeEntry(raw, e.key);
      if (typeof decoded === 'string') {
        report.corrupt++;
        await fsp.rm(e.file, { force: true }).catch((e) => swallowed('cache/archive', e));
        continue;
      }
      report.exported++;
      const line: ArchiveLine = { key: e.key, sha256: sha256(Buffer.from(decoded.body, 'utf8')), body: decoded.body };
      yield JSON.stringify(line) + '\n';
    }
  }
  const tmp = tempName(file);
  try {
    await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(tmp));
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  report.bytes = (await fsp.stat(file)).size;
  return report;
}

export interface ImportReport {
  imported: number;
  /** Already in the store with the same key. */
  present: number;
  /** Refused: entries written by another verdict format version. */
  wrongVersion: number;
  /** Refused: body does not match its checksum. */
  badChecksum: number;
  /** Refused: not an entry at all (bad JSON, wrong key, undecided verdict). */
  malformed: number;
}

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

export async function importCache(cacheDir: string, file: string, sizeLimit: number): Promise<ImportReport> {
  const l = layout(cacheDir);
  const report: ImportReport = { imported: 0, present: 0, wrongVersion: 0, badChecksum: 0, malformed: 0 };
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  let first = true;
  try {
    for await (const text of rl) {
      if (first) {
        first = false;
        let h: ArchiveHeader;
        try {
          h = JSON.parse(text);
        } catch {
          throw new ArchiveError(`${file} is not an slmcc cache archive`);
        }
        if (h?.format !== ARCHIVE_FORMAT) throw new ArchiveError(`${file} is not an slmcc cache archive`);
        if (h.version !== ARCHIVE_VERSION) throw new ArchiveError(`${file} is archive version ${h.version}; this slmcc reads version ${ARCHIVE_VERSION}`);
        mergeDigests(cacheDir, h.digests);
        continue;
      }
      if (!text) continue;
      let line: ArchiveLine;
      try {
        line = JSON.parse(text);
      } catch {
        report.malformed++;
        continue;
      }
      if (!line || typeof line.key !== 'string' || !isKey(line.key) || typeof line.body !== 'string') {
        report.malformed++;
        continue;
      }
      if (line.sha256 !== sha256(Buffer.from(line.body, 'utf8'))) {
        report.badChecksum++;
        continue;
      }
      const entry = parseBody(line.body, line.key);
      if (entry === 'version') report.wrongVersion++;
      else if (typeof entry === 'string') report.malformed++;
      else {
        const existing = await readRaw(l, line.key);
        if (existing && typeof decodeEntry(existing, line.key) !== 'string') report.present++;
        else {
          await writeEntry(l, entry);
          report.imported++;
        }
      }
    }
  } catch (e) {
    if (e instanceof ArchiveError) throw e;
    throw new ArchiveError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (first) throw new ArchiveError(`${file} is empty`);
  await evict(l, sizeLimit);
  return report;
}
