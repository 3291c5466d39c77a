// Hostile files, made by small generators rather than kept as binaries: what an attacker (or a
// careless export) would send to the readers of deliveries.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';
import { readZip, writeZip } from '../../pipelines/travel/zip.ts';
import { writeXlsx } from './fixtures.ts';

export const SLS = ['demande_id', 'usager_pseudo', 'site_id', 'date_demande', 'date_premier_rdv', 'motif', 'canal', 'commune_residence', 'tranche_age', 'issue'];
export const slsRow = (id: string, site = 'MDS-BLOIS') => [id, `u${id}`, site, '03/02/2025', '2025-02-10', 'logement', 'accueil', '41018', '25_39', 'clos'];

/** A good two-row workbook, plus one cell at the sheet's very last address (XFD1048576). */
export async function farCellXlsx(dir: string, name = 'sls_demandes_p_2025-02.xlsx'): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Feuille1');
  [SLS, slsRow('1'), slsRow('2')].forEach((r, i) => r.forEach((v, c) => (sheet.getCell(i + 1, c + 1).value = v)));
  sheet.getCell('XFD1048576').value = 'x';
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** A workbook whose rows are all filled out to column XFD: real cells, far too many of them. */
export async function wideXlsx(dir: string, rows: number, name = 'sls_demandes_p_2025-02.xlsx'): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Feuille1');
  [SLS, ...Array.from({ length: rows }, (_, i) => slsRow(String(i)))].forEach((r, i) => {
    r.forEach((v, c) => (sheet.getCell(i + 1, c + 1).value = v));
    sheet.getCell(i + 1, 16384).value = 'x';
  });
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** A good workbook whose first sheet's XML is replaced by `sheetXml`. */
export async function xlsxWithSheetXml(dir: string, sheetXml: (original: string) => string, name = 'sls_demandes_p_2025-02.xlsx'): Promise<string> {
  const file = await writeXlsx(dir, name, [SLS, slsRow('1'), slsRow('2')]);
  const { readFileSync } = await import('node:fs');
  const entries = readZip(readFileSync(file)).map((e) => ({ name: e.name, data: e.read() }));
  const sheet = entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
  sheet.data = Buffer.from(sheetXml(sheet.data.toString('utf8')), 'utf8');
  writeFileSync(file, writeZip(entries));
  return file;
}

const DOCTYPE_LAUGHS = `<!DOCTYPE worksheet [
<!ENTITY lol "lol">
${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n')}
]>`;

/** Billion laughs: a ten-level entity in the site_id cell of row 2. */
export const billionLaughsXlsx = (dir: string) => xlsxWithSheetXml(dir, (xml) =>
  xml.replace(/^(<\?xml[^>]*>)/, `$1${DOCTYPE_LAUGHS}`).replace(/(<c r="C2"[^>]*)t="s"[^>]*>\s*<v>\d+<\/v>\s*<\/c>/, '$1 t="inlineStr"><is><t>&lol9;</t></is></c>'));

/** XXE: an external entity naming a file of the machine, used in the site_id cell of row 2. */
export const xxeXlsx = (dir: string, target = '/etc/hostname') => xlsxWithSheetXml(dir, (xml) =>
  xml.replace(/^(<\?xml[^>]*>)/, `$1<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file://${target}">]>`)
    .replace(/(<c r="C2"[^>]*)t="s"[^>]*>\s*<v>\d+<\/v>\s*<\/c>/, '$1 t="inlineStr"><is><t>&xxe;</t></is></c>'));

/**
 * A zip bomb: a sheet of `megabytes` of spaces inside its XML, deflated (about a thousand to one).
 * `declared` lies about its size in the archive's directory, as a hand-made bomb would.
 */
export async function zipBombXlsx(dir: string, megabytes: number, declared?: number, name = 'sls_demandes_p_2025-02.xlsx'): Promise<string> {
  const good = await writeXlsx(dir, name, [SLS, slsRow('1')]);
  const { readFileSync } = await import('node:fs');
  const entries = readZip(readFileSync(good)).filter((e) => e.name !== 'xl/worksheets/sheet1.xml').map((e) => ({ name: e.name, data: e.read() }));
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const tail = Buffer.from('</sheetData></worksheet>');
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const finished = new Promise((r) => deflate.on('end', r));
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  deflate.write(head);
  for (let i = 0; i < megabytes; i++) if (!deflate.write(spaces)) await new Promise((r) => deflate.once('drain', r));
  deflate.end(tail);
  await finished;
  const packed = Buffer.concat(parts);
  const size = head.length + tail.length + megabytes * 1024 * 1024;
  const others = writeZip(entries);
  // The other parts as writeZip made them, then the bomb appended by hand, then a new directory.
  const endAt = others.length - 22;
  const dirSize = others.readUInt32LE(endAt + 12);
  const dirOffset = others.readUInt32LE(endAt + 16);
  const sheetName = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(head) >>> 0, 14);
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(declared ?? size, 22);
  local.writeUInt16LE(sheetName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(head) >>> 0, 16);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(declared ?? size, 24);
  central.writeUInt16LE(sheetName.length, 28);
  central.writeUInt32LE(dirOffset, 42);
  const directory = Buffer.concat([others.subarray(dirOffset, dirOffset + dirSize), central, sheetName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length + 1, 8);
  end.writeUInt16LE(entries.length + 1, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(dirOffset + 30 + sheetName.length + packed.length, 16);
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat([others.subarray(0, dirOffset), local, sheetName, packed, directory, end]));
  return file;
}

/** A CSV with one record longer than DuckDB's reader takes (a cell of `megabytes` Mo). */
export function hugeLineCsv(dir: string, megabytes = 3, name = 'sls_demandes_p_2025-02.csv'): string {
  const file = path.join(dir, name);
  writeFileSync(file, [SLS, slsRow('1'), slsRow('2', 'x'.repeat(megabytes * 1024 * 1024)), slsRow('3')].map((r) => r.join(';')).join('\n') + '\n');
  return file;
}
