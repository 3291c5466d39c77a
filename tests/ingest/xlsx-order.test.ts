// A workbook whose archive holds xl/workbook.xml after the sheet (zip entry order is the writer's
// choice): the streaming reader must read it like any other.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDeliveryTable } from '../../pipelines/ingest/xlsx_stream.ts';
import { readZip, writeZip } from '../../pipelines/travel/zip.ts';
import { tempDir, writeXlsx } from '../helpers/fixtures.ts';

describe('a delivery workbook in streaming', () => {
  it('reads a sheet that comes before xl/workbook.xml in its archive', async () => {
    const file = await writeXlsx(tempDir(), 'effectifs_p_2025-02.xlsx', [['mois', 'site_id', 'etp'], ['2025-02', 'MDS-1', 2.5], ['2025-02', 'MDS-2', 1]]);
    const entries = readZip(readFileSync(file)).map((e) => ({ name: e.name, data: e.read() }));
    // The workbook's relations and shared strings first, so that the sheet is read as it comes, then the sheet, and xl/workbook.xml last.
    const first = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml'];
    const rank = (name: string) => (first.includes(name) ? first.indexOf(name) : name === 'xl/workbook.xml' ? 99 : first.length);
    const reordered = [...entries].sort((a, b) => rank(a.name) - rank(b.name));
    expect(entries.map((e) => e.name)).toContain('xl/sharedStrings.xml');
    expect(reordered.findIndex((e) => e.name === 'xl/workbook.xml')).toBeGreaterThan(reordered.findIndex((e) => e.name === 'xl/worksheets/sheet1.xml'));
    writeFileSync(file, writeZip(reordered));
    const table = await readDeliveryTable(file, (cells) => cells.includes('mois'), { cells: 1000 });
    expect(table.header).toEqual(['mois', 'site_id', 'etp']);
    expect(table.rows.map((r) => r.cells)).toEqual([['2025-02', 'MDS-1', 2.5], ['2025-02', 'MDS-2', 1]]);
  });
});

describe('a delivery workbook read by its archive’s directory', () => {
  it('reads a sheet written before the shared strings without copying it to a temporary file', async () => {
    // exceljs writes the sheet before xl/sharedStrings.xml: its streaming reader copied such a sheet,
    // rows about people included, to the system's temporary folder, and left it there.
    const file = await writeXlsx(tempDir(), 'effectifs_p_2025-03.xlsx', [['mois', 'site_id', 'etp'], ['2025-03', 'MDS-1', 2.5]]);
    const names = readZip(readFileSync(file)).map((e) => e.name);
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    const tmp = tempDir('solidata-tmpdir-');
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const table = await readDeliveryTable(file, (cells) => cells.includes('mois'), { cells: 1000 });
      expect(table.rows.map((r) => r.cells)).toEqual([['2025-03', 'MDS-1', 2.5]]);
    } finally {
      process.env.TMPDIR = before;
    }
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('keeps every accented character whole, wherever the archive’s chunks cut the text', async () => {
    // Shared strings over several inflated chunks (16 KiB each): a character of two or three bytes
    // straddles a boundary somewhere; decoded chunk by chunk it became « � ».
    const rows: string[][] = [['commune', 'libelle']];
    for (let i = 0; i < 3000; i++) rows.push([`Évreux-${i}`, `Aide à l’hébergement d’urgence n°${i} — été`]);
    const file = await writeXlsx(tempDir(), 'ccas_aides_p_2025-S1.xlsx', rows);
    const table = await readDeliveryTable(file, (cells) => cells.includes('commune'), { cells: 100_000 });
    expect(table.rows.map((r) => r.cells)).toEqual(rows.slice(1));
  });

  it('reads the first sheet as the spreadsheet shows it, not as the archive stores it', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Lisez-moi').getCell('A1').value = 'Fichier de la CAF';
    const data = workbook.addWorksheet('Données');
    data.addRow(['mois', 'site_id', 'etp']);
    data.addRow(['2025-04', 'MDS-3', 4]);
    const file = path.join(tempDir(), 'effectifs_p_2025-04.xlsx');
    await workbook.xlsx.writeFile(file);
    // The tab « Données » moved first, as a user dragging it would: xl/workbook.xml lists it first,
    // while its part stays xl/worksheets/sheet2.xml.
    const entries = readZip(readFileSync(file)).map((e) => ({ name: e.name, data: e.read() }));
    const book = entries.find((e) => e.name === 'xl/workbook.xml')!;
    const xml = book.data.toString('utf8');
    const sheets = xml.match(/<sheet [^>]*\/>/g)!;
    expect(sheets).toHaveLength(2);
    book.data = Buffer.from(xml.replace(sheets.join(''), `${sheets[1]}${sheets[0]}`));
    writeFileSync(file, writeZip(entries));
    const table = await readDeliveryTable(file, (cells) => cells.includes('mois'), { cells: 1000 });
    expect(table.sheet).toBe('Données');
    expect(table.rows.map((r) => r.cells)).toEqual([['2025-04', 'MDS-3', 4]]);
  });
});
