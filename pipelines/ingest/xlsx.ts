// Reading a spreadsheet as people lay them out: title rows above the header, headers on two
// rows with merged cells, notes under the table, markers such as ND for a missing value.
// The generic reader finds the table; for a delivery, the table is then written as a UTF-8
// CSV so that it goes through exactly the same checks as a CSV file.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type ExcelJS from 'exceljs';
import { READ_LIMITS, ReadLimitError, type ReadLimits } from './limits.ts';
import { LineMap } from './read.ts';

export type CellValue = string | number | boolean | Date | null;

export interface TableRow {
  /** Row number in the spreadsheet, as the spreadsheet shows it. */
  row: number;
  cells: CellValue[];
}

export interface SheetTable {
  sheet: string;
  /** The first and last spreadsheet rows of the header. */
  headerRows: [number, number];
  header: string[];
  rows: TableRow[];
  /** The texts of the rows above the header (title, source, field, notes), one line per row. */
  above?: string[];
}

export interface ReadTableOptions {
  /** Sheet name or 1-based position; the first sheet by default. */
  sheet?: string | number;
  /** Cell texts meaning "no value" (e.g. ND), read as null. */
  missing?: string[];
  /** Picks the header row; by default the first row about as wide as the widest one. */
  isHeader?: (cells: string[]) => boolean;
}

export function cellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellValue((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return null;
  }
  return String(value);
}

export const cellText = (v: CellValue): string => {
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
};

export async function readSheetTable(file: string, options: ReadTableOptions = {}, limits: Pick<ReadLimits, 'cells'> = READ_LIMITS): Promise<SheetTable> {
  // Loaded here only: a quarter of a second that every command reading the asset graph would pay.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = typeof options.sheet === 'string' ? workbook.getWorksheet(options.sheet) : workbook.worksheets[(options.sheet ?? 1) - 1];
  if (!sheet) throw new Error(`feuille « ${options.sheet ?? 1} » introuvable (feuilles : ${workbook.worksheets.map((w) => w.name).join(', ')})`);
  const missing = new Set((options.missing ?? []).map((m) => m.toLowerCase()));
  // Only the rows and cells that exist are walked: the sheet's declared size (one cell at
  // XFD1048576 makes it 17 billion cells) says nothing of its content.
  const used: ExcelJS.Row[] = [];
  let width = 0;
  let far = '';
  sheet.eachRow((row) => {
    used.push(row);
    row.eachCell((cell, c) => {
      if (c > width) {
        width = c;
        far = cell.address;
      }
    });
  });
  if (used.length * width > limits.cells) {
    throw new ReadLimitError(
      `la feuille « ${sheet.name} » s’étend sur ${used.length.toLocaleString('fr-FR')} lignes remplies × ${width.toLocaleString('fr-FR')} colonnes (jusqu’à la cellule ${far}), plus de ${limits.cells.toLocaleString('fr-FR')} cellules`,
      `Effacez les cellules hors du tableau (la cellule ${far} et les colonnes au-delà de la dernière utile), ou découpez la livraison, puis envoyez-la à nouveau.`,
    );
  }
  const rows: { row: number; cells: CellValue[]; raw: CellValue[]; fromAbove: boolean; filled: number }[] = [];
  const blank = (r: number) => ({ row: r, cells: Array<CellValue>(width).fill(null), raw: Array<CellValue>(width).fill(null), fromAbove: false, filled: 0 });
  let previous = 0;
  for (const row of used) {
    const r = row.number;
    // Rows missing in between are empty rows: one stands for them all (an empty row ends a table).
    if (r > previous + 1) rows.push(blank(previous + 1));
    previous = r;
    const cells: CellValue[] = [];
    const raw: CellValue[] = [];
    let fromAbove = false;
    let filled = 0;
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      const v = cellValue(cell.value);
      const empty = v === null || (typeof v === 'string' && v.trim() === '');
      raw.push(empty ? null : v);
      cells.push(empty || (typeof v === 'string' && missing.has(v.trim().toLowerCase())) ? null : v);
      const slave = cell.isMerged && cell.master !== cell;
      // Merged with the cell above: the header goes on over two rows.
      if (slave && Number(cell.master.row) < r) fromAbove = true;
      // A title merged across the sheet counts once, not once per column it spans.
      if (!empty && !(slave && Number(cell.master.row) === r)) filled++;
    }
    rows.push({ row: r, cells, raw, fromAbove, filled });
  }
  const widest = Math.max(0, ...rows.map((r) => r.filled));
  const wide = (r: (typeof rows)[number]) => r.filled >= Math.max(2, Math.ceil(widest * 0.6));
  let start: number;
  let end: number;
  const firstData = options.isHeader ? -1 : rows.findIndex((r) => wide(r) && r.cells.some((v) => typeof v === 'number'));
  if (firstData > 0) {
    // The header is right above the first row of figures, and goes up through merged cells.
    end = firstData - 1;
    start = end;
    while (start > 0 && rows[start].fromAbove) start--;
  } else {
    const isHeader = options.isHeader ?? ((cells: string[]) => cells.filter(Boolean).length >= Math.max(2, Math.ceil(widest * 0.6)));
    start = rows.findIndex((r) => isHeader(r.cells.map(cellText)));
    if (start === -1) throw new Error('aucune ligne d’en-tête trouvée dans la feuille');
    end = start;
    while (end + 1 < rows.length && rows[end + 1].fromAbove && !rows[end + 1].cells.some((v) => typeof v === 'number')) end++;
  }
  const header = rows[start].cells.map((_, c) => {
    const parts: string[] = [];
    for (let r = start; r <= end; r++) {
      const t = cellText(rows[r].cells[c]);
      if (t && !parts.includes(t)) parts.push(t);
    }
    return parts.join(' - ').replace(/\s+/g, ' ');
  });
  const body: TableRow[] = [];
  const wideTable = header.length >= 3;
  for (let r = end + 1; r < rows.length; r++) {
    const row = rows[r];
    // The table ends at the first empty row, or at a note: one text alone on a wide table.
    // (ND counts as filled here: a row of ND is still a row of the table.)
    const filled = row.raw.filter((v) => v !== null).length;
    if (filled === 0 || (wideTable && row.filled === 1 && !row.raw.some((v) => typeof v === 'number') && row.raw.slice(1).every((v) => v === null || v === row.raw[0]))) break;
    body.push({ row: row.row, cells: row.cells });
  }
  // Columns with neither a header nor a value are the sheet's margins.
  const keep = header.map((h, c) => h !== '' || body.some((r) => r.cells[c] !== null));
  let last = keep.lastIndexOf(true);
  while (last >= 0 && header[last] === '') last--;
  const columns = keep.map((k, c) => k && c <= last);
  return {
    sheet: sheet.name,
    headerRows: [rows[start].row, rows[end].row],
    header: header.filter((_, c) => columns[c]),
    rows: body.map((r) => ({ row: r.row, cells: r.cells.filter((_, c) => columns[c]) })),
    above: rows.slice(0, start).map((r) => [...new Set(r.raw.map(cellText).filter(Boolean))].join(' ')).filter(Boolean),
  };
}

const csvCell = (text: string) => `"${text.replaceAll('"', '""')}"`;

/**
 * Writes the table of a delivery workbook as a `;` UTF-8 CSV and says at which spreadsheet row
 * each record was. `format` turns a cell into the text a partner would have typed.
 */
export async function writeTableCsv(table: SheetTable, target: string, format: (value: CellValue, column: number) => string): Promise<LineMap> {
  const lines = new LineMap();
  const out = createWriteStream(target);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${table.header.map(csvCell).join(';')}\n`);
  for (const [i, r] of table.rows.entries()) {
    lines.note(i, r.row);
    await write(`${r.cells.map((v, c) => csvCell(format(v, c))).join(';')}\n`);
  }
  out.end();
  await once(out, 'finish');
  return lines;
}
