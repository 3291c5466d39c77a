// Hostile deliveries against the one reader every way in uses (inbox, `solidata import`, the
// browser's dry run and import; tests/security/cli.test.ts and server.test.ts go through the others): each ends in a French refusal that names the file and says
// what to do, within the limits, or loads without the trap having worked.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { importFile } from '../../pipelines/ingest/import.ts';
import { processInboxFile, refusedDir } from '../../pipelines/ingest/inbox.ts';
import { READ_LIMITS } from '../../pipelines/ingest/limits.ts';
import { RefusedDelivery } from '../../pipelines/ingest/problems.ts';
import { openWarehouse, type Database } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { billionLaughsXlsx, farCellXlsx, hugeLineCsv, SLS, slsRow, wideXlsx, xxeXlsx, zipBombXlsx } from '../helpers/hostile.ts';

let db: Database;
let dir: string;
beforeAll(async () => {
  db = await openWarehouse(':memory:');
  dir = tempDir('solidata-hostile-');
});
afterAll(() => db.close());

async function outcome(file: string, limits = {}): Promise<{ loaded?: number; report?: string; refused?: RefusedDelivery }> {
  try {
    const result = await importFile(db.connection, file, { source: 'sls_demandes', pseudonymKey: 'k'.repeat(64), tmpDir: path.join(dir, 'tmp'), limits });
    return { loaded: result.rows };
  } catch (error) {
    if (error instanceof RefusedDelivery) return { report: error.message, refused: error };
    throw error;
  }
}

describe('hostile workbooks and CSV files', () => {
  it('a cell at XFD1048576 does not make 17 billion cells: the table above it loads', async () => {
    const { loaded, report } = await outcome(await farCellXlsx(dir));
    expect(report).toBeUndefined();
    expect(loaded).toBe(2);
  });

  it('rows filled out to column XFD are refused by the count of their real cells, naming the far cell', async () => {
    const { report } = await outcome(await wideXlsx(dir, 20), { cells: 100_000 });
    expect(report).toContain('« sls_demandes_p_2025-02.xlsx » refusé');
    expect(report).toMatch(/16\s384 colonnes/u);
    expect(report).toContain('XFD1');
    expect(report).toContain('À faire : Effacez les cellules hors du tableau');
  });

  it('a zip bomb is refused before it is inflated, whether its directory tells the truth or lies', async () => {
    const honest = await outcome(await zipBombXlsx(dir, 300));
    expect(honest.report).toContain('xl/worksheets/sheet1.xml');
    expect(honest.report).toContain('une fois décompressée');
    const lying = await outcome(await zipBombXlsx(dir, 300, 1000, 'sls_demandes_q_2025-02.xlsx'));
    expect(lying.report).toContain('« sls_demandes_q_2025-02.xlsx » refusé');
    expect(lying.report).toMatch(/une fois décompressée|se décompresse/);
  }, 60_000);

  it('a high compression ratio alone is refused (1,000 to 1 is not a table)', async () => {
    const { report } = await outcome(await zipBombXlsx(dir, 20), { ratio: 50 });
    expect(report).toContain('se décompresse');
    expect(report).toContain('ce n’est pas un tableau ordinaire');
  });

  it('a billion laughs entity is not expanded: the workbook is refused in French', async () => {
    const { report } = await outcome(await billionLaughsXlsx(dir));
    expect(report).toContain('le classeur contient des entités XML (déclarations DOCTYPE)');
    expect(report).not.toContain('lollol');
  });

  it('an external entity (XXE) does not read a file of the machine: the workbook is refused in French', async () => {
    const secret = readFileSync('/etc/hostname', 'utf8').trim();
    const { report } = await outcome(await xxeXlsx(dir));
    expect(report).toContain('le classeur contient des entités XML (déclarations DOCTYPE)');
    expect(report).not.toContain(secret);
  });

  it('a workbook that outlasts its time budget is refused with the budget named', async () => {
    const { report } = await outcome(await farCellXlsx(dir, 'sls_demandes_r_2025-02.xlsx'), { seconds: 0.001 });
    expect(report).toContain('la lecture du classeur a dépassé 0,001 secondes');
  });

  it('a workbook whose reading exceeds its thread’s memory is refused, and the process goes on', async () => {
    const { report } = await outcome(await wideXlsx(dir, 200, 'sls_demandes_s_2025-02.xlsx'), { memoryMo: 8, cells: READ_LIMITS.cells });
    expect(report).toMatch(/demande plus de 8 Mo de mémoire|n’a pas pu être lu/);
  });

  it('a thread that refused a workbook is not reused: the workbooks after it load, one after another', async () => {
    const good = async (period: string) => (await outcome(await farCellXlsx(dir, `sls_demandes_t_${period}.xlsx`))).loaded;
    expect((await outcome(await farCellXlsx(dir, 'sls_demandes_t_2025-03.xlsx'), { seconds: 0.001 })).report).toContain('a dépassé');
    expect(await good('2025-04')).toBe(2);
    expect((await outcome(await zipBombXlsx(dir, 300, undefined, 'sls_demandes_t_2025-05.xlsx'))).report).toContain('une fois décompressée');
    // A thread kept from one workbook reads the next (and the one after) as if new.
    expect([await good('2025-06'), await good('2025-07'), await good('2025-08')]).toEqual([2, 2, 2]);
  }, 60_000);

  it('through the inbox: a zip bomb is refused, kept among refused files with its report, and the next file loads', async () => {
    const own = pathsFor(path.join(tempDir('solidata-hostile-inbox-'), 'donnees'));
    const inbox = path.join(own.inbox, 'sls_demandes');
    mkdirSync(inbox, { recursive: true });
    const bomb = await zipBombXlsx(inbox, 300, 1000, 'ccas-x_2025-02.xlsx');
    const line = hugeLineCsv(inbox, 3, 'ccas-y_2025-02.csv');
    const warehouse = await openWarehouse(':memory:');
    try {
      const refused = await processInboxFile(warehouse.connection, own, 'sls_demandes', bomb);
      expect(refused.refused?.message).toMatch(/une fois décompressée|se décompresse/);
      expect(readFileSync(path.join(refusedDir(own), 'ccas-x_2025-02.xlsx.rapport.txt'), 'utf8')).toContain('À faire');
      expect((await processInboxFile(warehouse.connection, own, 'sls_demandes', line)).refused?.message).toContain('ligne 3 : enregistrement de plus de 2 Mo');
      const good = path.join(inbox, 'ccas-z_2025-02.csv');
      writeFileSync(good, `${SLS.join(';')}\n${slsRow('1').join(';')}\n`);
      expect((await processInboxFile(warehouse.connection, own, 'sls_demandes', good)).result?.rows).toBe(1);
    } finally {
      warehouse.close();
    }
  }, 60_000);

  it('a CSV record of 3 MB is refused at its line', async () => {
    const { report } = await outcome(hugeLineCsv(dir));
    expect(report).toContain('ligne 3 : enregistrement de plus de 2 Mo');
  });
});
