// What reading under limits costs (#16): a workbook read in its own thread after its zip entries
// are measured, against the same read in the calling thread; the dry run of an upload in its
// thread against in the server's. Prints figures; asserts nothing.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { pathsFor } from '../pipelines/config.ts';
import { READ_LIMITS } from '../pipelines/ingest/limits.ts';
import { readSheetTable } from '../pipelines/ingest/xlsx.ts';
import { readSheetTableIsolated } from '../pipelines/ingest/xlsx_sandbox.ts';
import { checkZip } from '../pipelines/ingest/zip_check.ts';
import { validateDelivery } from '../pipelines/server/dry_run.ts';
import { validateApart } from '../pipelines/server/dry_run_sandbox.ts';
import { tempDir, writeDelivery } from '../tests/helpers/fixtures.ts';
import { SLS, slsRow } from '../tests/helpers/hostile.ts';

const ROWS = Number(process.env.LIGNES ?? 50_000);
const dir = tempDir('solidata-bench-limites-');
const file = path.join(dir, 'sls_demandes_bench_2025-02.xlsx');
const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet('Feuille1');
sheet.addRow(SLS);
for (let i = 0; i < ROWS; i++) sheet.addRow(slsRow(String(i)));
await workbook.xlsx.writeFile(file);

const time = async (label: string, run: () => Promise<unknown>) => {
  const t = performance.now();
  await run();
  const ms = performance.now() - t;
  console.log(`${label.padEnd(58)} ${Math.round(ms).toLocaleString('fr-FR').padStart(7)} ms`);
  return ms;
};
const wanted = ['demande_id', 'usager_pseudo', 'site_id', 'date_demande', 'motif', 'canal', 'commune_residence', 'tranche_age', 'issue'];
console.log(`Classeur de ${ROWS.toLocaleString('fr-FR')} lignes × ${SLS.length} colonnes`);
await time('mesure des parties de l’archive (checkZip)', () => checkZip(file, READ_LIMITS));
const direct = await time('lecture dans le fil appelant (readSheetTable)', () => readSheetTable(file));
const isolated = await time('lecture en flux dans son fil, après mesure (readSheetTableIsolated)', () => readSheetTableIsolated(file, { wanted }));
console.log(`surcoût du fil et de la mesure : ${Math.round(isolated - direct).toLocaleString('fr-FR')} ms (${((isolated / direct - 1) * 100).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} %)`);

const paths = pathsFor(path.join(dir, 'donnees'));
const csv = writeDelivery(dir, 'sls_demandes_bench_2025-03.csv', [SLS, ...Array.from({ length: 1000 }, (_, i) => slsRow(String(i)))].map((r) => r.join(';')));
await time('contrôle à blanc de 1 000 lignes CSV, fil du serveur', () => validateDelivery(paths, csv, { source: 'sls_demandes' }));
await time('contrôle à blanc de 1 000 lignes CSV, son propre processus', () => validateApart(paths, csv, { source: 'sls_demandes' }));
