// Reading a partner's CSV as partners write it: UTF-8 or Windows-1252, with or without BOM,
// ';' or ','. DuckDB's reader knows UTF-8 only here, so Windows-1252 is transcoded in a stream
// first (it is not Latin-1: €, œ, — and ’ differ).
import { createReadStream, createWriteStream, openSync, readSync, closeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

export interface Dialect {
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ';' | ',';
  header: string[];
}

const SAMPLE = 1 << 20;

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

function isUtf8(bytes: Buffer, truncated: boolean): boolean {
  // A sample may end in the middle of a multi-byte character: drop up to 3 trailing bytes.
  const sample = truncated ? bytes.subarray(0, Math.max(0, bytes.length - 3)) : bytes;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample);
    return true;
  } catch {
    return false;
  }
}

export function detectDialect(file: string): Dialect {
  const bytes = head(file);
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const encoding = hasBom || isUtf8(bytes, bytes.length === SAMPLE) ? 'utf-8' : 'windows-1252';
  const text = new TextDecoder(encoding).decode(bytes).replace(/^\ufeff/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const header = firstLine.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase());
  return { encoding, delimiter, header };
}

/** Writes a UTF-8 copy of a Windows-1252 file, chunk by chunk, whatever its size. */
export async function transcodeToUtf8(source: string, target: string): Promise<void> {
  const decoder = new TextDecoder('windows-1252');
  await pipeline(
    createReadStream(source),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        // Windows-1252 is one byte per character: chunks never split a character.
        done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
      },
    }),
    createWriteStream(target),
  );
}

