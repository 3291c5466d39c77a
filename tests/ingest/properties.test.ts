// Property-based tests of dialect and encoding handling: whatever the cells, separator,
// encoding, BOM and line endings, the file reads back cell for cell, at the right lines.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDialect, hashFile, recordLines } from '../../pipelines/ingest/read.ts';
import { IDENTIFIER_KINDS, identifiersInSql, identifiersSql, identifierTest, prepareIdentifierMacros } from '../../pipelines/ingest/identifiers.ts';
import { openWarehouse, queryRows, sqlString, type Database } from '../../pipelines/warehouse/duckdb.ts';
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
    db = await openWarehouse(':memory:');
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
          await hashFile(file, dialect.encoding === 'windows-1252' ? { transcodeTo: utf8 } : {});
          const scan = await recordLines(file);
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

  // The load runs the exact identifier tests only on cells that pass a cheap one, and the
  // detailed checks run them on every cell: both must find the same cells.
  it('the cheap identifier test lets every identifier through', async () => {
    await prepareIdentifierMacros(db.connection);
    const token = fc.constantFrom('0', '1', '2', '6', '7', '9', '06', '12', ' ', '.', '-', ',', '+33', '0033', '(0)', '2A', '2b', 'bis', 'BIS', 'Ter', 'b',
      'rue', 'Rue', 'avenue', 'allée', '@', 'jean', 'x.fr', 'é');
    const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
    // NIRs with a valid key, Corsica included, with or without spaces.
    const nir = fc.tuple(fc.constantFrom('1', '2'), digits(4), fc.constantFrom('', '2A', '2b'), digits(8), fc.boolean()).map(([sex, yymm, corsica, rest, spaced]) => {
      const body = `${sex}${yymm}${corsica ? '' : rest.slice(0, 2)}${corsica}${corsica ? rest.slice(0, 6) : rest.slice(2)}`;
      const key = String(97 - Number(BigInt(body.toUpperCase().replace('2A', '19').replace('2B', '18')) % 97n)).padStart(2, '0');
      const parts = [body.slice(0, 1), body.slice(1, 3), body.slice(3, 5), body.slice(5, 7), body.slice(7, 10), body.slice(10, 13), key];
      return parts.join(spaced ? ' ' : '');
    });
    // Street numbers in every spelling: 12, 12 bis, 12BIS, 12 b, 12, …
    const address = fc.tuple(digits(2), fc.constantFrom('', ' '), fc.constantFrom('', 'bis', 'BIS', 'Ter', 'b', 'B'), fc.constantFrom('', ','), fc.constantFrom('rue', 'Avenue', 'allée')).map((p) => `${p[0]}${p[1]}${p[2]}${p[3]} ${p[4]} de la Paix`);
    const around = (inner: fc.Arbitrary<string>) => fc.tuple(fc.array(token, { maxLength: 3 }), fc.constantFrom('', ' ', '-', '/'), inner, fc.constantFrom('', ' ', '.', ';'), fc.array(token, { maxLength: 3 }))
      .map(([a, s1, x, s2, b]) => `${a.join('')}${s1}${x}${s2}${b.join('')}`);
    const text = fc.oneof(fc.array(token, { maxLength: 12 }).map((t) => t.join('')), around(nir), around(address));
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 50, maxLength: 50 }), async (values) => {
        const exact = `coalesce(${IDENTIFIER_KINDS.map(({ kind }) => identifierTest(kind, 'v')).join(' OR ')}, false)`;
        const missed = await queryRows<{ v: string }>(db.connection,
          `SELECT v FROM (SELECT unnest([${values.map(sqlString).join(', ')}]) AS v) WHERE ${identifiersSql('v')} <> ${exact}`);
        expect(missed.map((r) => r.v)).toEqual([]);
        // The same, three cells of a row at a time, as the load tests them.
        const rows = Array.from({ length: 16 }, (_, i) => values.slice(3 * i, 3 * i + 3));
        const exactOf = (v: string) => `coalesce(${IDENTIFIER_KINDS.map(({ kind }) => identifierTest(kind, v)).join(' OR ')}, false)`;
        const missedRows = await queryRows<{ a: string }>(db.connection,
          `SELECT a FROM (SELECT unnest([${rows.map((r) => `{'a': ${sqlString(r[0])}, 'b': ${sqlString(r[1])}, 'c': ${sqlString(r[2])}}`).join(', ')}], recursive := true))
           WHERE ${identifiersInSql(['a', 'b', 'c'])} <> (${['a', 'b', 'c'].map(exactOf).join(' OR ')})`);
        expect(missedRows).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
