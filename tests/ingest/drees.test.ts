// The real DREES workbooks read through the generic spreadsheet reader: title rows, headers
// merged over two rows, notes under the table and ND markers.
import { describe, expect, it } from 'vitest';
import { readSheetTable } from '../../pipelines/ingest/xlsx.ts';

// Copied into the project (reference/drees/), so that this test always runs.
const DREES = new URL('../../reference/drees/', import.meta.url).pathname;

describe('the DREES spreadsheets', () => {
  it('finds the table under the title rows and stops before the notes', async () => {
    const t = await readSheetTable(`${DREES}beneficiaires_aide_sociale_departementale_2020.xlsx`, { sheet: 'Tab1-pa', missing: ['ND'] });
    expect(t.headerRows).toEqual([6, 6]);
    expect(t.header.slice(0, 4)).toEqual(['Code région', 'Code département', 'Département', 'APA (1)']);
    expect(t.rows[0]).toEqual({ row: 7, cells: ['84', '01', 'Ain', 10518, 95, 672, 0, 11285] });
    expect(t.rows.at(-1)!.cells[0]).toBe('TOTAL estimé France entière (hors Mayotte)');
    expect(t.rows.some((r) => String(r.cells[0]).startsWith('Tableau'))).toBe(false);
    // The rows above the header: the title (with the year) and the source, field and notes.
    expect(t.above?.[0]).toMatch(/^Tableau 1 - Aides sociales aux personnes âgées, en décembre 2020/);
    expect(t.above?.slice(1).join(' ')).toContain('Pour l\'APA, ce sont des bénéficiaires payés au titre du mois de décembre');
  });

  it('joins a header merged over two rows', async () => {
    const t = await readSheetTable(`${DREES}beneficiaires_aide_sociale_departementale_2020.xlsx`, { sheet: 'Tab3-ase' });
    expect(t.headerRows).toEqual([4, 5]);
    expect(t.header).toContain('Mesures administratives - Pupilles');
    expect(t.header).toContain('Mesures judiciaires - Tutelle');
    expect(t.rows.find((r) => r.cells[1] === '41')?.cells[2]).toBe('Loir-et-Cher');
    expect(t.rows.every((r) => !String(r.cells[0]).startsWith('3 Délégation'))).toBe(true);
  });

  it('reads ND as a missing value, not as zero', async () => {
    const t = await readSheetTable(`${DREES}personnel_action_sociale_2014_2020.xlsx`, { sheet: 'eff - pers medical', missing: ['ND'] });
    expect(t.header).toEqual(['Numéro de département', 'Département', '2014', '2015', '2016', '2017', '2018', '2019', '2020']);
    expect(t.rows[0].cells).toEqual(['01', 'Ain', null, null, 33, 33, 33, 29, 31]);
    expect(t.rows).toHaveLength(107);
  });
});
