// Benchmark (not a test): imports a generated 5-million-row sls_demandes CSV into a fresh
// warehouse and, in the same run, times DuckDB's bare read_csv of the same file into a table.
// Prints both, their ratio (target ≤ 1,5) and the peak memory of the process (target < 2 Go).
// --source apa_demandes, mdph_demandes or fsl_aides benches one of the schéma's other person-level
// formats instead (5 million rows is about a large département over 5 years at scale 10).
//   npm run bench:ingest [-- --lignes N] [--tours N] [--dossier DIR] [--source S]
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { importFile } from '../pipelines/ingest/import.ts';
import { openDatabase, openWarehouse } from '../pipelines/warehouse/duckdb.ts';

const { values } = parseArgs({ options: { lignes: { type: 'string', default: '5000000' }, tours: { type: 'string', default: '1' }, dossier: { type: 'string', default: path.join(tmpdir(), 'solidata-bench') }, source: { type: 'string', default: 'sls_demandes' } } });
const rows = Number(values.lignes);
const dir = values.dossier!;
mkdirSync(dir, { recursive: true });
const source = values.source!;
const csv = path.join(dir, `${source}_bench_2025-06.csv`);
const day = (offset: string) => `strftime(DATE '2025-01-01' + (${offset})::INTEGER, '%d/%m/%Y')`;
const communes = `CASE WHEN i % 1000 = 0 THEN '41257' ELSE ['41018', '41269', '41194', '41295', '41059'][1 + i % 5] END`;
// The other formats, generated alike: French export, pending decisions as empty cells.
const OTHERS: Record<string, string> = {
  apa_demandes: `SELECT 'A' || lpad(i::VARCHAR, 8, '0') AS demande_id, 'u' || md5(i::VARCHAR)[1:10] AS usager_pseudo, ${communes} AS commune_residence,
    ['60_74', '75_84', '85_plus'][1 + i % 3] AS tranche_age_pa, ${day('i % 180')} AS date_depot, ${day('i % 180 + 20')} AS date_dossier_complet,
    CASE WHEN i % 9 = 0 THEN '' ELSE ${day('i % 180 + 20 + i % 70')} END AS date_decision, ['domicile', 'etablissement'][1 + i % 2] AS lieu,
    ((i % 6) + 1)::VARCHAR AS gir, CASE WHEN i % 9 = 0 THEN 'en_cours' ELSE ['accordee', 'refusee'][1 + i % 2] END AS decision FROM range(${rows}) t(i)`,
  mdph_demandes: `SELECT 'M' || lpad(i::VARCHAR, 8, '0') AS demande_id, 'u' || md5(i::VARCHAR)[1:10] AS usager_pseudo, ${communes} AS commune_residence,
    ['moins_25', '25_39', '40_54', '55_64', '65_plus', 'inconnue'][1 + i % 6] AS tranche_age, ${day('i % 180')} AS date_depot,
    CASE WHEN i % 5 = 0 THEN '' ELSE ${day('i % 180 + i % 150')} END AS date_decision, ['pch', 'aah', 'rqth', 'cmi', 'orientation_esms', 'aeeh', 'autre'][1 + i % 7] AS prestation,
    CASE WHEN i % 5 = 0 THEN 'en_cours' ELSE ['accordee', 'refusee', 'sans_suite'][1 + i % 3] END AS decision FROM range(${rows}) t(i)`,
  fsl_aides: `SELECT 'F' || lpad(i::VARCHAR, 8, '0') AS aide_id, 'u' || md5(i::VARCHAR)[1:10] AS usager_pseudo, ${communes} AS commune_residence,
    ${day('i % 180')} AS date_demande, CASE WHEN i % 6 = 0 THEN '' ELSE ${day('i % 180 + i % 40')} END AS date_decision,
    ['acces', 'maintien', 'energie', 'eau', 'autre'][1 + i % 5] AS type_aide, CASE WHEN i % 6 = 0 THEN 'en_cours' ELSE ['accordee', 'refusee'][1 + i % 2] END AS decision,
    CASE WHEN i % 6 = 0 OR i % 2 = 1 THEN '' ELSE replace(((i % 90000) / 100)::DECIMAL(10, 2)::VARCHAR, '.', ',') END AS montant_eur FROM range(${rows}) t(i)`,
};
if (source !== 'sls_demandes' && !OTHERS[source]) throw new Error(`--source : sls_demandes, ${Object.keys(OTHERS).join(', ')}`);
const seconds = (ms: number) => (ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 2 });

if (!existsSync(csv) && OTHERS[source]) {
  const t = Date.now();
  const db = await openDatabase(':memory:');
  await db.connection.run(`COPY (${OTHERS[source]}) TO '${csv}' (HEADER, DELIMITER ';')`);
  db.close();
  console.log(`Fichier généré : ${csv} (${rows.toLocaleString('fr-FR')} lignes) en ${seconds(Date.now() - t)} s`);
}
if (!existsSync(csv)) {
  const t = Date.now();
  const db = await openDatabase(':memory:');
  // French export: semicolons, JJ/MM/AAAA dates, empty cells for pending appointments, a merged commune now and then (41257).
  await db.connection.run(`COPY (
    SELECT 'D' || lpad(i::VARCHAR, 8, '0') AS demande_id, 'u' || md5(i::VARCHAR)[1:10] AS usager_pseudo,
      ['MDS-BLOIS', 'MDS-VENDOME', 'MDS-ROMORANTIN', 'ANT-MER'][1 + i % 4] AS site_id,
      strftime(DATE '2025-01-01' + (i % 180)::INTEGER, '%d/%m/%Y') AS date_demande,
      CASE WHEN i % 7 = 0 THEN '' ELSE strftime(DATE '2025-01-01' + (i % 180 + i % 23)::INTEGER, '%d/%m/%Y') END AS date_premier_rdv,
      ['insertion', 'logement', 'sante', 'budget', 'autre', 'acces_droits'][1 + i % 6] AS motif,
      ['accueil', 'telephone', 'en_ligne', 'itinerant'][1 + i % 4] AS canal,
      CASE WHEN i % 1000 = 0 THEN '41257' ELSE ['41018', '41269', '41194', '41295', '41059'][1 + i % 5] END AS commune_residence,
      ['moins_25', '25_39', '40_54', '55_64', '65_plus', 'inconnue'][1 + i % 6] AS tranche_age,
      ['en_cours', 'oriente_interne', 'oriente_partenaire', 'sans_suite', 'clos'][1 + i % 5] AS issue
    FROM range(${rows}) t(i)) TO '${csv}' (HEADER, DELIMITER ';')`);
  db.close();
  console.log(`Fichier généré : ${csv} (${rows.toLocaleString('fr-FR')} lignes) en ${seconds(Date.now() - t)} s`);
}
console.log(`Fichier : ${csv}, ${(statSync(csv).size / 1e6).toLocaleString('fr-FR', { maximumFractionDigits: 0 })} Mo`);

async function freshWarehouse(name: string) {
  const file = path.join(dir, name);
  rmSync(file, { force: true });
  rmSync(`${file}.wal`, { force: true });
  return openWarehouse(file);
}

// Processor time (all threads) as well as wall time: on a shared machine it varies less.
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};
const timed = async <T>(run: () => Promise<T>) => {
  const t = Date.now();
  const cpu = process.cpuUsage();
  const value = await run();
  return { ms: Date.now() - t, cpu: cpuMs(cpu), value };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const ratio = (x: number) => x.toLocaleString('fr-FR', { maximumFractionDigits: 2 });

// The same kind of target for both: a table in a DuckDB file. With --tours N, both run N times
// in turn and the medians are kept, as other work on the machine slows either side at random.
const rounds: { bare: number; bareCpu: number; import: number; importCpu: number }[] = [];
let result: Awaited<ReturnType<typeof importFile>> | undefined;
const tours = Math.max(1, Number(values.tours));
for (let i = 0; i < tours; i++) {
  const bare = await freshWarehouse('bare.duckdb');
  const b = await timed(() => bare.connection.run(`CREATE TABLE bare AS SELECT * FROM read_csv('${csv}')`));
  bare.close();
  const warehouse = await freshWarehouse('warehouse.duckdb');
  const m = await timed(() => importFile(warehouse.connection, csv, { pseudonymKey: 'clé-de-banc-d’essai', tmpDir: path.join(dir, 'tmp') }));
  warehouse.close();
  result = m.value;
  rounds.push({ bare: b.ms, bareCpu: b.cpu, import: m.ms, importCpu: m.cpu });
  if (tours > 1) console.log(`  tour ${rounds.length} : ${seconds(b.ms)} s contre ${seconds(m.ms)} s, rapport ${ratio(m.ms / b.ms)}`);
}
const bareMs = median(rounds.map((r) => r.bare));
const importMs = median(rounds.map((r) => r.import));
const bareCpu = median(rounds.map((r) => r.bareCpu));
const importCpu = median(rounds.map((r) => r.importCpu));

const peak = process.resourceUsage().maxRSS * 1024;
if (tours > 1) console.log(`médianes des ${tours} tours :`);
console.log(`read_csv nu (CREATE TABLE … AS SELECT * FROM read_csv) : ${seconds(bareMs)} s`);
console.log(`solidata import (${result!.rows.toLocaleString('fr-FR')} lignes, contrôles compris) : ${seconds(importMs)} s`);
console.log(`rapport import / read_csv : ${ratio(importMs / bareMs)} (objectif ≤ 1,5)`);
// Both sides of one round ran at nearly the same time, under nearly the same load.
if (tours > 1) console.log(`rapport médian d’un tour à l’autre : ${ratio(median(rounds.map((r) => r.import / r.bare)))} (temps processeur : ${ratio(median(rounds.map((r) => r.importCpu / r.bareCpu)))})`);
console.log(`temps processeur : ${seconds(bareCpu)} s contre ${seconds(importCpu)} s, rapport ${ratio(importCpu / bareCpu)}`);
console.log(`mémoire maximale du processus : ${(peak / 2 ** 30).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} Go (objectif < 2 Go)`);
for (const n of result!.notes) console.log(`  note : ${n}`);
