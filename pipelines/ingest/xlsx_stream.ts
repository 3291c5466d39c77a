// A delivery workbook read in streaming: rows come one by one from the sheet's XML, and only the
// table (header and rows, as plain values) is kept; no model of the whole workbook (styles, cell
// objects) is ever built. The header is the first row that names enough of the format's columns,
// on one row (merged cells, which the streaming reader does not see, play no part in it); the
// table ends, as in readSheetTable, at the first empty row or at a note under it.
import ExcelJS from 'exceljs';
import { ReadLimitError, type ReadLimits } from './limits.ts';
import { cellText, cellValue, type CellValue, type SheetTable, type TableRow } from './xlsx.ts';

export async function readDeliveryTable(file: string, isHeader: (cells: string[]) => boolean, limits: Pick<ReadLimits, 'cells'>): Promise<SheetTable> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  // exceljs names a sheet from xl/workbook.xml; when the archive holds that entry after the sheet's,
  // it reads `model.sheets` of a model it has not parsed yet and throws. An empty model until then:
  // the sheet is read all the same, without its name.
  (reader as unknown as { model?: object }).model ??= {};
  for await (const sheet of reader) {
    // The first sheet only: the others are never read.
    return await readSheet(sheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string }, isHeader, limits);
  }
  throw new Error('le classeur n’a aucune feuille');
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
