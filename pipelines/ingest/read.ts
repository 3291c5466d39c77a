// Reading a partner's CSV as partners write it: UTF-8 or Windows-1252, with or without BOM,
// ';' or ','. DuckDB's reader knows UTF-8 only here, so Windows-1252 is transcoded in a stream
// first (it is not Latin-1: €, œ, — and ’ differ), in the same pass that hashes the file. Where
// records start is found only for a report, so that problems are reported at the line a text
// editor shows, even when quoted fields hold line breaks.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { once } from 'node:events';

export interface Dialect {
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ';' | ',';
  hasBom: boolean;
  /** The header cells, as written (trimmed, unquoted). */
  header: string[];
  /** Whether records follow the header; undefined when the first megabyte cannot tell. */
  hasRecords?: boolean;
  /** The first megabyte ends inside the header line: the header above is cut short. */
  headerCut?: boolean;
}

const SAMPLE = 1 << 20;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

function head(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE);
    const n = readSync(fd, buffer, 0, SAMPLE, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

// Characters a French export never holds but that Windows-1252 bytes can form when read as
// UTF-8 (e.g. "é€’" is a valid UTF-8 CJK character): seeing one means the file is not UTF-8.
const UNLIKELY = /[\u0080-\u009f\u0250-\u1dff\u2c00-\ufdff]/;

function isUtf8(bytes: Buffer, truncated: boolean): boolean {
  // A sample may end in the middle of a multi-byte character: drop up to 3 trailing bytes.
  const sample = truncated ? bytes.subarray(0, Math.max(0, bytes.length - 3)) : bytes;
  try {
    return !UNLIKELY.test(new TextDecoder('utf-8', { fatal: true }).decode(sample));
  } catch {
    return false;
  }
}

/** The first record of a CSV text, split on the delimiter, honouring quotes. */
export function splitRecord(text: string, delimiter: string): { cells: string[]; rest: string } {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { cells.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') break;
    else cell += ch;
  }
  cells.push(cell);
  const rest = text.slice(i).replace(/^\r?\n/, '');
  return { cells: cells.map((c) => c.trim()), rest };
}

export function detectDialect(file: string): Dialect {
  const bytes = head(file);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const encoding = hasBom || isUtf8(bytes, bytes.length === SAMPLE) ? 'utf-8' : 'windows-1252';
  // stream: true — Node 20's one-shot windows-1252 decode drops 0x80–0x9F (– ’ œ €).
  const text = new TextDecoder(encoding).decode(bytes, { stream: true }).replace(/^\ufeff/, '');
  // Count separators outside quotes on the header line only: data cells may hold either.
  const unquoted = text.replace(/"(?:[^"]|"")*"/g, '""').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (unquoted.match(/;/g)?.length ?? 0) >= (unquoted.match(/,/g)?.length ?? 0) ? ';' : ',';
  const sampled = new RecordWalker();
  sampled.feed(bytes);
  const { records } = sampled.end();
  const hasRecords = records > 0 ? true : bytes.length < SAMPLE ? false : undefined;
  const headerCut = bytes.length === SAMPLE && !bytes.includes(LF);
  return { encoding, delimiter, hasBom, header: splitRecord(text, delimiter).cells, hasRecords, ...(headerCut ? { headerCut } : {}) };
}

/**
 * Where each record starts, as a text editor numbers lines (the header is line 1). Stored as
 * break points, where the distance between record index and line changes: a quoted line break
 * or a blank line, which DuckDB's reader skips.
 */
export class LineMap {
  private records: number[] = [0];
  private offsets: number[] = [0];

  note(record: number, line: number): void {
    const offset = line - (record + 2);
    if (offset !== this.offsets[this.offsets.length - 1]) {
      this.records.push(record);
      this.offsets.push(offset);
    }
  }

  /** The line of the record at this 0-based index (0 = the first row after the header). */
  lineOf(record: number): number {
    let lo = 0;
    let hi = this.records.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.records[mid] <= record) lo = mid;
      else hi = mid - 1;
    }
    return record + 2 + this.offsets[lo];
  }
}

const CHUNK = 1 << 20;

/**
 * Where each record of the file starts, at the line a text editor shows, and how many there are.
 * Only a report needs it: a file that loads is not walked line by line.
 */
export async function recordLines(file: string): Promise<{ lines: LineMap; records: number }> {
  const walker = new RecordWalker();
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) walker.feed(chunk);
  return walker.end();
}

/** SHA-256 of the file in one pass, which also writes the UTF-8 copy of a Windows-1252 file. */
export async function hashFile(file: string, options: { transcodeTo?: string } = {}): Promise<string> {
  const hash = createHash('sha256');
  const out = options.transcodeTo ? createWriteStream(options.transcodeTo) : undefined;
  const decoder = new TextDecoder('windows-1252');
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (out) {
      // Windows-1252 is one byte per character: chunks never split a character.
      if (!out.write(Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'))) await once(out, 'drain');
    }
  }
  if (out) {
    out.end();
    await once(out, 'finish');
  }
  return hash.digest('hex');
}

/** Follows records through the chunks of a file: quotes, line breaks, blank lines. */
class RecordWalker {
  private lines = new LineMap();
  private line = 1;
  private completed = 0; // non-empty records read, the header included
  private inQuote = false;
  private startLine = 0; // line where the record being read started, 0 while it is empty

  private begin(): void {
    if (this.startLine === 0) this.startLine = this.line;
  }

  private finish(): void {
    if (this.startLine === 0) return; // a blank line: DuckDB's reader skips it, so must the numbering
    this.completed++;
    if (this.completed >= 2) this.lines.note(this.completed - 2, this.startLine);
    this.startLine = 0;
  }

  feed(chunk: Buffer): void {
    let pos = 0;
    let nextQuote = chunk.indexOf(QUOTE, 0);
    while (pos < chunk.length) {
      if (this.inQuote) {
        const end = nextQuote === -1 ? chunk.length : nextQuote;
        for (let lf = chunk.indexOf(LF, pos); lf !== -1 && lf < end; lf = chunk.indexOf(LF, lf + 1)) this.line++;
        if (nextQuote === -1) break;
        this.inQuote = false; // a doubled quote "" closes and reopens: the state comes out the same
        pos = nextQuote + 1;
        nextQuote = chunk.indexOf(QUOTE, pos);
        continue;
      }
      const lf = chunk.indexOf(LF, pos);
      if (nextQuote !== -1 && (lf === -1 || nextQuote < lf)) {
        this.begin();
        this.inQuote = true;
        pos = nextQuote + 1;
        nextQuote = chunk.indexOf(QUOTE, pos);
        continue;
      }
      if (lf === -1) {
        // A lone CR at the end of a chunk may be half of a CRLF: not content.
        if (chunk.length - pos > 1 || chunk[pos] !== CR) this.begin();
        break;
      }
      if (lf - pos - (lf > pos && chunk[lf - 1] === CR ? 1 : 0) > 0) this.begin();
      this.finish();
      this.line++;
      pos = lf + 1;
    }
  }

  end(): { lines: LineMap; records: number } {
    this.finish(); // also a record left inside an unclosed quote: DuckDB will say what is wrong with it
    return { lines: this.lines, records: Math.max(0, this.completed - 1) };
  }
}

export interface BadRecord {
  line: number;
  fields: number;
}

/**
 * Records whose number of fields differs from the header's, at their editor line, and whether a
 * quote is left open at the end. Only run on a file DuckDB could not read, so a plain loop will do.
 */
export async function badRecords(utf8File: string, delimiter: string, expected: number, limit: number, maxRecord = Infinity): Promise<{ bad: BadRecord[]; total: number; openQuote?: number; long: number[] }> {
  const bad: BadRecord[] = [];
  // Records longer than DuckDB's reader takes, at their first line (a character counts as a byte here).
  const long: number[] = [];
  let length = 0;
  let total = 0;
  let line = 1;
  let start = 1;
  let fields = 1;
  let inQuote = false;
  let empty = true;
  let record = -1;
  let quoteLine = 0;
  const end = () => {
    if (length > maxRecord && long.length < limit) long.push(start);
    length = 0;
    if (!empty) {
      record++;
      if (record > 0 && fields !== expected) {
        total++;
        if (bad.length < limit) bad.push({ line: start, fields });
      }
    }
    fields = 1;
    empty = true;
  };
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of createReadStream(utf8File) as AsyncIterable<Buffer>) {
    const text = decoder.decode(chunk, { stream: true });
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      length++;
      if (ch === '\n') line++;
      if (inQuote) {
        if (ch === '"') inQuote = false;
        continue;
      }
      if (ch === '\n') {
        end();
        continue;
      }
      if (ch === '\r' || ch === '\ufeff') continue;
      if (empty) {
        empty = false;
        start = line;
      }
      if (ch === '"') {
        inQuote = true;
        quoteLine = line;
      } else if (ch === delimiter) fields++;
    }
  }
  if (!inQuote) end();
  else if (length > maxRecord && long.length < limit) long.push(start);
  return { bad, total, long, ...(inQuote ? { openQuote: quoteLine } : {}) };
}
