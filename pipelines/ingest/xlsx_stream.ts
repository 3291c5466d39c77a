// A delivery workbook read in streaming: rows come one by one from the sheet's XML, and only the
// table (header and rows, as plain values) is kept; no model of the whole workbook (styles, cell
// objects) is ever built. The header is the first row that names enough of the format's columns,
// on one row (merged cells, which the streaming reader does not see, play no part in it); the
// table ends, as in readSheetTable, at the first empty row or at a note under it.
import type ExcelJS from 'exceljs';
import { open, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ReadLimitError, type ReadLimits } from './limits.ts';
import { cellText, cellValue, type CellValue, type SheetTable, type TableRow } from './xlsx.ts';
import { entryData, zipEntries, type ZipEntry } from './zip_archive.ts';

// exceljs's streaming reader takes the archive's parts in the order they were written: a sheet
// written before the shared strings (as exceljs itself writes them) was copied whole to a temporary
// file, and left there when the reading stopped at the table's end. Its parts are read here by the
// archive's directory instead (zip_archive.ts): the workbook, styles and shared strings first,
// then the sheet, streamed; exceljs only parses each part's XML, with its own parsers.
const require = createRequire(import.meta.url);
interface StreamReader {
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(stream: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(stream: NodeJS.ReadableStream): Promise<void>;
  _parseStyles(stream: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(stream: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer>, sheetNo: string): Generator<{ value: AsyncIterable<ExcelJS.Row> & { name?: string } }>;
}
const WorkbookReader = require('exceljs/lib/stream/xlsx/workbook-reader.js') as new (input: string, options: object) => StreamReader;

const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

export async function readDeliveryTable(file: string, isHeader: (cells: string[]) => boolean, limits: Pick<ReadLimits, 'cells'>): Promise<SheetTable> {
  const handle = await open(file, 'r');
  try {
    const entries = new Map((await zipEntries(handle)).map((e) => [e.name, e]));
    const reader = new WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    const part = (name: string) => entries.get(name);
    const relsPart = part('xl/_rels/workbook.xml.rels');
    if (relsPart) await reader._parseRels(entryData(handle, relsPart));
    const workbookPart = part('xl/workbook.xml');
    if (workbookPart) await reader._parseWorkbook(entryData(handle, workbookPart));
    reader.model ??= {};
    const stylesPart = part('xl/styles.xml');
    if (stylesPart) await reader._parseStyles(entryData(handle, stylesPart));
    const stringsPart = part('xl/sharedStrings.xml');
    if (stringsPart) for await (const _ of reader._parseSharedStrings(entryData(handle, stringsPart)));
    const sheetPart = firstSheet(reader, [...entries.values()]);
    if (!sheetPart) throw new Error('le classeur n’a aucune feuille');
    const sheetNo = SHEET.exec(sheetPart.name)![1];
    for (const { value: sheet } of reader._parseWorksheet(chunks(handle, sheetPart), sheetNo)) {
      return await readSheet(sheet, isHeader, limits);
    }
    throw new Error('le classeur n’a aucune feuille');
  } finally {
    await handle.close();
  }
}

/** The first sheet in the workbook's order (as a spreadsheet shows them), else in the archive's. */
function firstSheet(reader: StreamReader, entries: ZipEntry[]): ZipEntry | undefined {
  const rId = reader.model?.sheets?.[0]?.rId;
  const target = reader.workbookRels?.find((rel) => rel.Id === rId)?.Target;
  const name = target && (target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  return entries.find((e) => e.name === name && SHEET.test(e.name)) ?? entries.find((e) => SHEET.test(e.name));
}

async function* chunks(handle: FileHandle, e: ZipEntry): AsyncGenerator<Buffer> {
  for await (const chunk of entryData(handle, e)) yield chunk as Buffer;
}

async function readSheet(sheet: AsyncIterable<ExcelJS.Row> & { name?: string }, isHeader: (cells: string[]) => boolean, limits: Pick<ReadLimits, 'cells'>): Promise<SheetTable> {
  let header: { row: number; cells: CellValue[] } | undefined;
  const body: TableRow[] = [];
  let width = 0;
  let previous = 0;
  let seen = 0;
  let far = '';
  for await (const row of sheet) {
    const values = (row.values as ExcelJS.CellValue[] | undefined) ?? [];
    const cells: CellValue[] = [];
    for (let c = 1; c < values.length; c++) {
      const v = cellValue(values[c] ?? null);
      cells[c - 1] = v === null || (typeof v === 'string' && v.trim() === '') ? null : v;
    }
    const filledCells = cells.filter((v) => v !== null && v !== undefined).length;
    if (filledCells === 0) {
      if (header) break;
      continue;
    }
    seen++;
    if (cells.length > width) {
      width = cells.length;
      far = `${columnLetters(width)}${row.number}`;
    }
    // The same bound as readSheetTable: rows that hold something × columns up to the last used.
    if (seen * width > limits.cells) {
      throw new ReadLimitError(
        `la feuille « ${sheet.name ?? '1'} » s’étend sur ${seen.toLocaleString('fr-FR')} lignes remplies × ${width.toLocaleString('fr-FR')} colonnes (jusqu’à la cellule ${far}), plus de ${limits.cells.toLocaleString('fr-FR')} cellules`,
        `Effacez les cellules hors du tableau (la cellule ${far} et les colonnes au-delà de la dernière utile), ou découpez la livraison, puis envoyez-la à nouveau.`,
      );
    }
    const dense = Array.from({ length: cells.length }, (_, c) => cells[c] ?? null);
    if (!header) {
      if (isHeader(dense.map(cellText))) header = { row: row.number, cells: dense };
      previous = row.number;
      continue;
    }
    // A row missing in between is an empty row: the table ends there.
    if (row.number > previous + 1) break;
    previous = row.number;
    const wideTable = header.cells.length >= 3;
    // A note: one text alone on a wide table (or repeated across merged cells, which stream as one).
    if (wideTable && filledCells === 1 && !dense.some((v) => typeof v === 'number') && dense.slice(1).every((v) => v === null || v === dense[0])) break;
    body.push({ row: row.number, cells: dense });
  }
  if (!header) throw new Error('aucune ligne d’en-tête trouvée dans la feuille');
  const all = Math.max(header.cells.length, ...body.map((r) => r.cells.length));
  const pad = (cells: CellValue[]) => Array.from({ length: all }, (_, c) => cells[c] ?? null);
  const names = pad(header.cells).map((v) => cellText(v).replace(/\s+/g, ' '));
  const rows = body.map((r) => ({ row: r.row, cells: pad(r.cells) }));
  // Columns with neither a header nor a value are the sheet's margins.
  const keep = names.map((h, c) => h !== '' || rows.some((r) => r.cells[c] !== null));
  let last = keep.lastIndexOf(true);
  while (last >= 0 && names[last] === '') last--;
  const columns = keep.map((k, c) => k && c <= last);
  return {
    sheet: sheet.name ?? '1',
    headerRows: [header.row, header.row],
    header: names.filter((_, c) => columns[c]),
    rows: rows.map((r) => ({ row: r.row, cells: r.cells.filter((_, c) => columns[c]) })),
  };
}

/** A column's letters as a spreadsheet shows them: 1 → A, 27 → AA, 16 384 → XFD. */
export function columnLetters(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}
