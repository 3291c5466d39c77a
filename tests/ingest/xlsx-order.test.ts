// A workbook whose archive holds xl/workbook.xml after the sheet (zip entry order is the writer's
// choice): the streaming reader must read it like any other.
import { readFileSync, writeFileSync } from 'node:fs';
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
