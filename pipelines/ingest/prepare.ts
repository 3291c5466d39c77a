// Read: a delivery made ready for DuckDB's reader — a UTF-8 CSV (a Windows-1252 file transcoded,
// a workbook written out), its header, its hash — and, when DuckDB cannot read it, why, line by
// line, without quoting it.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec } from '../contracts/columns.ts';
import type { Contract } from '../contracts/contract.ts';
import { sqlString } from '../warehouse/duckdb.ts';
import { cellsOf, normaliseHeader, type Layout } from './layout.ts';
import { megabytes, ReadLimitError, type ReadLimits } from './limits.ts';
import { EXAMPLES_PER_KIND, RefusedDelivery, refuse, type Problem } from './problems.ts';
import { badRecords, detectDialect, hashFile, recordLines, type LineMap } from './read.ts';
import { cellText, writeTableCsv, type CellValue } from './xlsx.ts';
import { readSheetTableIsolated } from './xlsx_sandbox.ts';

/** A delivery ready for DuckDB: a UTF-8 CSV, its header, and (for a report) the editor line of each record. */
export interface Prepared {
  csv: string;
  delimiter: string;
  header: string[];
  encoding: string;
  /** Settled once the file is hashed: a UTF-8 file is hashed while DuckDB loads it. */
  sha256: Promise<string>;
  lines: () => Promise<LineMap>;
  empty: boolean;
  /** The longest record DuckDB's reader takes, in bytes. */
  maxRecord: number;
}

/** Reads a CSV or a workbook; the temporary files it writes are added to `temporary`. */
export function prepareDelivery(file: string, contract: Contract, tmpDir: string, temporary: string[], notes: string[], limits: ReadLimits): Promise<Prepared> {
  return /\.xlsx$/i.test(file) ? prepareXlsx(file, contract, tmpDir, temporary, notes, limits) : prepareCsv(file, tmpDir, temporary, limits);
}

async function prepareCsv(file: string, tmpDir: string, temporary: string[], limits: ReadLimits): Promise<Prepared> {
  const dialect = detectDialect(file);
  // The header line is read from the first megabyte: longer, it would be read cut short.
  if (dialect.headerCut) throw new RefusedDelivery(file, [tooLong(1, 1024 * 1024)]);
  const utf8 = dialect.encoding === 'utf-8' ? file : path.join(tmpDir, `${randomUUID()}.csv`);
  if (utf8 !== file) temporary.push(utf8);
  // A Windows-1252 file is written out in UTF-8 in the pass that hashes it, before DuckDB reads it.
  const sha256 = hashFile(file, utf8 !== file ? { transcodeTo: utf8 } : {});
  if (utf8 !== file) await sha256;
  // The same bytes for quotes and line breaks in either encoding: the original file is walked.
  let walked: ReturnType<typeof recordLines> | undefined;
  const walk = () => (walked ??= recordLines(file));
  const empty = dialect.hasRecords === undefined ? (await walk()).records === 0 : !dialect.hasRecords;
  return { csv: utf8, delimiter: dialect.delimiter, header: dialect.header, encoding: dialect.encoding, sha256, lines: async () => (await walk()).lines, empty, maxRecord: limits.csvRecordBytes };
}

async function prepareXlsx(file: string, contract: Contract, tmpDir: string, temporary: string[], notes: string[], limits: ReadLimits): Promise<Prepared> {
  const wanted = contract.columns.filter((c) => !c.omissible).map((c) => c.name);
  let table;
  try {
    // The header is the first row that names at least half of the contract's columns. Read in a
    // thread of its own, under limits: a workbook is a partner's, and may be hostile.
    table = await readSheetTableIsolated(file, { wanted }, limits);
  } catch (error) {
    if (error instanceof ReadLimitError) return refuse(file, { message: `classeur refusé : ${error.message}`, hint: error.hint });
    return refuse(file, {
      message: `le classeur n’a pas pu être lu (${(error as Error).message})`,
      expected: `une première feuille dont une ligne nomme les colonnes ${wanted.join(', ')}`,
      hint: 'Mettez le tableau sur la première feuille, avec une ligne d’en-tête, et renvoyez le fichier.',
    });
  }
  const specs = table.header.map((h) => contract.columns.find((c) => c.name === normaliseHeader(h)));
  let padded = 0;
  const format = (v: CellValue, column: number): string => {
    const spec: ColumnSpec | undefined = specs[column];
    // A spreadsheet stores 01001 as the number 1001: give codes their zero back.
    if (typeof v === 'number' && spec?.pattern && (spec.commune || spec.postalCode) && Number.isInteger(v) && v < 10000 && v > 0) {
      padded++;
      return String(v).padStart(5, '0');
    }
    if (typeof v === 'boolean') return v ? 'oui' : 'non';
    if (v instanceof Date && spec?.duckType === 'VARCHAR' && spec.pattern?.source.includes('\\d{4}-')) return v.toISOString().slice(0, 7);
    return cellText(v);
  };
  const csv = path.join(tmpDir, `${randomUUID()}.csv`);
  temporary.push(csv);
  const lines = await writeTableCsv(table, csv, format);
  if (padded > 0) notes.push(`${padded} code(s) de commune ou postal saisis comme nombres dans le classeur : zéro initial rétabli.`);
  const sha256 = hashFile(file);
  return { csv, delimiter: ';', header: table.header, encoding: 'xlsx', sha256, lines: async () => lines, empty: table.rows.length === 0, maxRecord: limits.csvRecordBytes };
}

export const readCsv = (p: Prepared, layout: Layout, parallel: boolean) =>
  `read_csv(${sqlString(p.csv)}, delim=${sqlString(p.delimiter)}, header=true, auto_detect=false, quote='"', escape='"',
     strict_mode=true, null_padding=false, parallel=${parallel}, columns={${layout.internal.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}})`;

/** Reads the file as text into `incoming_raw`, in file order (rowid = record index). */
export async function stage(connection: DuckDBConnection, file: string, prepared: Prepared, layout: Layout): Promise<void> {
  try {
    await connection.run(`CREATE OR REPLACE TEMP TABLE incoming_raw AS SELECT * FROM ${cellsOf(layout, readCsv(prepared, layout, false))}`);
  } catch (error) {
    throw await unreadable(file, prepared, String((error as Error).message));
  }
}

const tooLong = (line: number, max: number): Problem => ({
  kind: 'csv:longue', line, message: `enregistrement de plus de ${megabytes(max)}`,
  expected: 'une ligne par enregistrement, de quelques centaines de caractères',
  hint: 'Une cellule démesurée ou un guillemet jamais fermé fait d’une ligne un bloc énorme : corrigez-la dans un tableur, enregistrez en CSV et renvoyez le fichier.',
});

/** Why DuckDB's reader could not read the file, line by line, without quoting it. */
export async function unreadable(file: string, prepared: Prepared, cause: string): Promise<RefusedDelivery> {
  const { bad, total, openQuote, long } = await badRecords(prepared.csv, prepared.delimiter, prepared.header.length, EXAMPLES_PER_KIND, prepared.maxRecord);
  const problems: Problem[] = long.map((line) => tooLong(line, prepared.maxRecord));
  problems.push(...bad.map((b) => ({
    kind: 'csv:champs', line: b.line, message: `${b.fields} champs trouvés au lieu de ${prepared.header.length}`,
    expected: `autant de champs que de colonnes dans l’en-tête, séparés par « ${prepared.delimiter} »`,
    hint: 'Vérifiez ces lignes dans un tableur (séparateur en trop, guillemet non fermé ?), enregistrez en CSV et renvoyez le fichier entier.',
  })));
  if (openQuote) problems.push({ kind: 'csv:guillemet', line: openQuote, message: 'un guillemet ouvert ici n’est jamais fermé', hint: 'Fermez le guillemet (ou doublez-le s’il fait partie du texte) et renvoyez le fichier.' });
  if (problems.length === 0) {
    const line = Number(/Line: (\d+)/.exec(cause)?.[1]) || undefined;
    const what = /unterminated quote/i.test(cause) ? 'un guillemet n’est pas fermé' : 'cette ligne n’a pas pu être lue comme du CSV';
    problems.push({ line, message: what, hint: 'Enregistrez le fichier à nouveau en CSV (UTF-8, point-virgule) depuis le tableur et renvoyez-le.' });
  }
  return new RefusedDelivery(file, problems, new Map([['csv:champs', total]]));
}
