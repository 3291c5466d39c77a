// Workbooks laid out as people lay them out: a title above the table, the header, the rows, then
// a note under the table. exceljs stamps the time into the file (document properties and zip
// entries): both are pinned, so that the same seed gives the same bytes.
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

export type XlsxCell = string | number | Date | null;

export interface Sheet {
  name: string;
  title: string[];
  header: string[];
  rows: XlsxCell[][];
  notes: string[];
  /** Number formats by column (e.g. `0.0` for full-time equivalents, `# ##0.00` for euros). */
  formats?: Record<number, string>;
}

/** Writes the workbook; `stamp` is the date recorded as its creation and in its zip entries. */
export async function writeWorkbook(file: string, sheet: Sheet, stamp: Date): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Solidata (démonstration)';
  workbook.created = stamp;
  workbook.modified = stamp;
  const ws = workbook.addWorksheet(sheet.name);
  for (const t of sheet.title) ws.addRow([t]).font = { bold: true, size: 13 };
  if (sheet.title.length > 0) ws.addRow([]);
  ws.addRow(sheet.header).font = { bold: true };
  ws.addRows(sheet.rows);
  ws.addRow([]);
  for (const n of sheet.notes) ws.addRow([n]).font = { italic: true };
  sheet.header.forEach((h, i) => {
    const column = ws.getColumn(i + 1);
    column.width = Math.max(12, h.length + 2);
    const sample = sheet.rows[0]?.[i];
    if (sheet.formats?.[i]) column.numFmt = sheet.formats[i];
    else if (sample instanceof Date) column.numFmt = 'dd/mm/yyyy';
  });
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  writeFileSync(file, pinZipDates(bytes, stamp));
}

/** Sets the modification time of every zip entry (local headers and central directory). */
export function pinZipDates(zip: Buffer, stamp: Date): Buffer {
  const time = (stamp.getUTCHours() << 11) | (stamp.getUTCMinutes() << 5) | (stamp.getUTCSeconds() >> 1);
  const date = ((stamp.getUTCFullYear() - 1980) << 9) | ((stamp.getUTCMonth() + 1) << 5) | stamp.getUTCDate();
  // The end-of-central-directory record: 22 bytes, plus a comment that exceljs never writes.
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('classeur XLSX illisible : fin de répertoire zip introuvable');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('classeur XLSX illisible : répertoire zip inattendu');
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(date, at + 14);
    const local = zip.readUInt32LE(at + 42);
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
