// Property-based tests of dialect and encoding handling: whatever the cells, separator,
// encoding, BOM and line endings, the file reads back cell for cell, at the right lines.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDialect, scanFile } from '../../pipelines/ingest/read.ts';
import { openDatabase, queryRows, sqlString, type Database } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';

// Characters French exports hold, separators, quotes and line breaks included; all exist in Windows-1252.
const alphabet = [...'abcdeéèêàçôœ€’—«» 0123456789', ';', ',', '"', '\n', "'"];
const cell = fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((a) => a.join('').trim());
const headerCell = fc.array(fc.constantFrom(...'abcdefghij_'), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));

const CP1252: Record<string, number> = { '€': 0x80, '’': 0x92, 'œ': 0x9c, '—': 0x97, '«': 0xab, '»': 0xbb };
const cp1252 = (text: string) => Buffer.from([...text].map((ch) => CP1252[ch] ?? ch.charCodeAt(0)));

const quote = (v: string, sep: string) => (v.includes(sep) || v.includes('"') || v.includes('\n') || v === '' ? `"${v.replaceAll('"', '""')}"` : v);

describe('dialect and encoding, whatever the file', () => {
  let db: Database;
  let dir: string;
  beforeAll(async () => {
    db = await openDatabase(':memory:');
    dir = tempDir();
  });
  afterAll(() => db.close());

  it('reads back every cell at the line a text editor shows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(headerCell, { minLength: 2, maxLength: 5 }),
        fc.array(fc.array(cell, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(';', ','), fc.constantFrom('utf-8', 'windows-1252'), fc.boolean(), fc.constantFrom('\n', '\r\n'),
        async (header, body, sep, encoding, bom, eol) => {
          const rows = body.map((r) => r.slice(0, header.length));
          // Each record's first line, as an editor numbers them (header = 1).
          const starts: number[] = [];
          let line = 2;
          const text = [header.join(sep), ...rows.map((r) => {
            starts.push(line);
            const record = r.map((v) => quote(v, sep)).join(sep);
            line += record.split('\n').length - 1 + 1;
            return record.replaceAll('\n', eol === '\r\n' ? '\r\n' : '\n').replace(/\r\r\n/g, '\r\n');
          })].join(eol) + eol;
          const file = path.join(dir, 'f.csv');
          writeFileSync(file, encoding === 'utf-8' ? Buffer.from((bom ? '\ufeff' : '') + text, 'utf8') : cp1252(text));
          const dialect = detectDialect(file);
          expect(dialect.delimiter).toBe(sep);
          expect(dialect.header).toEqual(header);
          // Pure ASCII reads the same either way; otherwise the encoding must be found.
          if (/[^\x00-\x7f]/.test(text)) expect(dialect.encoding).toBe(encoding);
          const utf8 = path.join(dir, 'u.csv');
          const scan = await scanFile(file, dialect.encoding === 'windows-1252' ? { transcodeTo: utf8 } : {});
          const source = dialect.encoding === 'windows-1252' ? utf8 : file;
          expect(scan.records).toBe(rows.length);
          // What the first megabyte says of empty files must agree with the full walk.
          expect(dialect.hasRecords).toBe(rows.length > 0);
          const read = await queryRows<Record<string, string | null>>(db.connection,
            `SELECT * FROM read_csv(${sqlString(source)}, delim=${sqlString(sep)}, header=true, auto_detect=false, quote='"', escape='"', strict_mode=true,
              columns={${header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}})`);
          expect(read.map((r) => header.map((_, i) => (r[`c${i}`] ?? '').replace(/\r\n/g, '\n')))).toEqual(rows);
          rows.forEach((_, i) => expect(scan.lines.lineOf(i)).toBe(starts[i]));
        },
      ),
      { numRuns: 150 },
    );
  });
});
