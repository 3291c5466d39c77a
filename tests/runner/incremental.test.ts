// Incremental models through the runner, as `solidata run` drives them (real DuckDB, embedded
// Postgres, graphile-worker jobs): monthly deliveries applied one after another, a corrected month
// delivered again, then the published database and the incremental table compared cell for cell
// with those of a full recompute of the same deliveries. The history must also show that only the
// touched months were recomputed, or the comparison would prove nothing about the incremental path.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor, type Settings } from '../../pipelines/config.ts';
import { withRuntime } from '../../pipelines/cli/runtime.ts';
import { runStaleOnce } from '../../pipelines/runner/worker.ts';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import type { Materialisation } from '../../pipelines/runner/history.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { demoLines, demoRequests, demoSites, tempDir, writeDelivery } from '../helpers/fixtures.ts';
import { diffDatabases, type TableDiff } from '../helpers/published_diff.ts';

const graph = loadGraph();
const UP_TO_PUBLICATION = [...graph.upstream('publication'), 'publication'];
const INCREMENTAL = 'intermediate.int_demandes';

// The demo's 693 requests of January to June 2025, one delivery per month of request.
const [header, ...requests] = demoLines(demoRequests);
const column = (name: string) => header.split(';').indexOf(name);
const monthOf = (line: string) => {
  const [, m, y] = line.split(';')[column('date_demande')].split('/');
  return `${y}-${m}`;
};
const byMonth = new Map<string, string[]>();
for (const line of requests) byMonth.set(monthOf(line), [...(byMonth.get(monthOf(line)) ?? []), line]);
const months = [...byMonth.keys()].sort();

// A month of the year before (thirty of January's requests a month earlier, as other requests):
// int_kaplan_meier recomputes the cells of the touched years only, so 2024's must stay as they are.
const december = byMonth.get('2025-01')!.slice(0, 30).map((line) => {
  const cells = line.split(';');
  cells[column('demande_id')] += '-2024';
  for (const c of ['date_demande', 'date_premier_rdv']) cells[column(c)] = cells[column(c)].replace(/\/01\/2025$/, '/12/2024');
  return cells.join(';');
});
const allMonths = ['2024-12', ...months];
const KAPLAN_MEIER = 'intermediate.int_kaplan_meier';

// March as first delivered carries one request of February recorded late; its correction drops
// that request, drops two others, changes the reason of ten and gives a first appointment to
// those of the first sixty that had none.
// The months it touches are then February (a row gone, known only from the replaced delivery) and March.
const late = byMonth.get('2025-02')!.at(-1)!;
const firstMarch = [...byMonth.get('2025-03')!, late];
const correctedMarch = byMonth.get('2025-03')!.slice(2).map((line, i) => {
  const cells = line.split(';');
  if (i < 10) cells[column('motif')] = cells[column('motif')] === 'logement' ? 'budget' : 'logement';
  if (i < 60 && !cells[column('date_premier_rdv')] && Number(cells[column('date_demande')].slice(0, 2)) <= 20) cells[column('date_premier_rdv')] = '28/03/2025';
  return cells.join(';');
});

const deliveryName = (month: string) => `sls_demandes_departement-41_${month}.csv`;

interface DataDir {
  settings: Settings;
  inbox: string;
  run(complet?: boolean): Promise<Materialisation[]>;
}

function dataDir(): DataDir {
  const settings: Settings = { dataDir: tempDir('solidata-incr-'), secretThreshold: 11 };
  const paths = pathsFor(settings.dataDir);
  const inbox = path.join(paths.inbox, 'sls_demandes');
  mkdirSync(inbox, { recursive: true });
  mkdirSync(path.join(paths.inbox, 'sites'), { recursive: true });
  copyFileSync(demoSites, path.join(paths.inbox, 'sites', path.basename(demoSites)));
  return {
    settings,
    inbox,
    run: (complet = false) => withRuntime(settings, (env) => runStaleOnce(env, { only: UP_TO_PUBLICATION, complet })),
  };
}

const deliver = (dir: DataDir, month: string, lines: string[]) => writeDelivery(dir.inbox, deliveryName(month), [header, ...lines]);
const step = (results: Materialisation[], asset: string) => results.find((r) => r.asset === asset);
const differing = (diffs: TableDiff[]) => diffs.filter((d) => d.onlyInFirst !== 0 || d.onlyInSecond !== 0);

describe('incremental models after monthly deliveries', () => {
  const incremental = dataDir();
  const full = dataDir();
  const rounds: Materialisation[][] = [];

  beforeAll(async () => {
    expect(months).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    // The correction changes rows that stay, not only which rows there are.
    expect(correctedMarch.filter((l) => !requests.includes(l)).length).toBeGreaterThanOrEqual(10);
    // Incremental: January to March, then April, then May and June, then March corrected.
    deliver(incremental, '2024-12', december);
    for (const m of ['2025-01', '2025-02']) deliver(incremental, m, byMonth.get(m)!.filter((l) => l !== late));
    deliver(incremental, '2025-03', firstMarch);
    rounds.push(await incremental.run());
    deliver(incremental, '2025-04', byMonth.get('2025-04')!);
    rounds.push(await incremental.run());
    for (const m of ['2025-05', '2025-06']) deliver(incremental, m, byMonth.get(m)!);
    rounds.push(await incremental.run());
    deliver(incremental, '2025-03', correctedMarch);
    rounds.push(await incremental.run());
    // Full: the same deliveries as they stand at the end, computed once from scratch.
    deliver(full, '2024-12', december);
    for (const m of ['2025-01', '2025-02', '2025-04', '2025-05', '2025-06']) deliver(full, m, byMonth.get(m)!.filter((l) => l !== late));
    deliver(full, '2025-03', correctedMarch);
    rounds.push(await full.run());
  }, 900_000);

  it('recomputes only the months each delivery touched, a replaced delivery\'s months included', () => {
    for (const r of rounds) expect(r.filter((s) => s.status !== 'success').map((s) => `${s.asset} : ${s.error}`)).toEqual([]);
    expect(step(rounds[0], INCREMENTAL)?.partitions).toEqual(['2024-12', '2025-01', '2025-02', '2025-03']);
    expect(step(rounds[1], INCREMENTAL)?.partitions).toEqual(['2025-04']);
    expect(step(rounds[2], INCREMENTAL)?.partitions).toEqual(['2025-05', '2025-06']);
    // February: the late request of the first March delivery is gone with it.
    expect(step(rounds[3], INCREMENTAL)?.partitions).toEqual(['2025-02', '2025-03']);
    // What the loads recorded, which the incremental model read.
    expect(step(rounds[1], 'raw.sls_demandes')?.partitions).toEqual(['2025-04']);
    expect(step(rounds[3], 'raw.sls_demandes')?.partitions).toEqual(['2025-02', '2025-03']);
    expect(step(rounds[4], INCREMENTAL)?.partitions).toEqual(allMonths);
    // The Kaplan–Meier cells: computed whole at first (years), then for the touched months' year.
    expect(step(rounds[0], KAPLAN_MEIER)?.partitions).toEqual(['2024', '2025']);
    expect(rounds.slice(1, 4).map((r) => step(r, KAPLAN_MEIER)?.partitions)).toEqual([['2025-04'], ['2025-05', '2025-06'], ['2025-02', '2025-03']]);
  });

  it('publishes, after four incremental runs, the same database as a full recompute, cell for cell', async () => {
    const a = pathsFor(incremental.settings.dataDir).published;
    const b = pathsFor(full.settings.dataDir).published;
    // The list of deliveries keeps the replaced one: compare the deliveries in force. A change of
    // row count is checked against the previous run, which a single run has not: leave it out.
    const diffs = await diffDatabases(a, b, { where: { livraisons: 'active', controles: `controle NOT LIKE 'row_count_change%'` } });
    expect(diffs.map((d) => d.table)).toEqual(expect.arrayContaining(['indicateurs', 'livraisons', 'sites']));
    expect(differing(diffs)).toEqual([]);
    const db = await openDatabase(a, { readOnly: true });
    try {
      // Not an empty comparison: the requests' indicators are there, February's count by the demo's own.
      const [{ n }] = await queryRows<{ n: number }>(db.connection,
        `SELECT valeur::INTEGER AS n FROM indicateurs WHERE indicateur = 'demandes_recues' AND niveau = 'departement' AND periode = '2025-02' AND dimension = ''`);
      expect(n).toBe(byMonth.get('2025-02')!.length - 1);
    } finally {
      db.close();
    }
  });

  it('keeps the incremental table and the model on it equal to a full recompute, row for row', async () => {
    const a = pathsFor(incremental.settings.dataDir).warehouse;
    const b = pathsFor(full.settings.dataDir).warehouse;
    const intermediate = (await diffDatabases(a, b, { schema: 'intermediate' })).filter((d) => ['int_demandes', 'int_kaplan_meier'].includes(d.table));
    const marts = (await diffDatabases(a, b, { schema: 'marts' })).filter((d) => d.table === 'fct_demandes');
    const rows = requests.length - 3 + december.length;
    expect([...intermediate, ...marts].map((d) => [d.table, d.rows])).toEqual([
      ['int_demandes', rows], ['int_kaplan_meier', expect.any(Number)], ['fct_demandes', rows]]);
    expect(differing([...intermediate, ...marts])).toEqual([]);
    // 2024's cells, untouched since the first run, are there.
    const db = await openDatabase(a, { readOnly: true });
    try {
      const [{ n }] = await queryRows<{ n: number }>(db.connection, `SELECT count(*)::INTEGER AS n FROM intermediate.int_kaplan_meier WHERE serie = 'premier_rdv' AND annee = '2024' AND periode = '2024-12' AND niveau = 'departement' AND dimension = '' AND effectif > 0`);
      expect(n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('recomputes every month on demand (--complet), with the same figures', async () => {
    const before = pathsFor(incremental.settings.dataDir).published;
    const copy = path.join(tempDir('solidata-incr-avant-'), 'published.duckdb');
    copyFileSync(before, copy);
    const results = await incremental.run(true);
    expect(step(results, INCREMENTAL)).toMatchObject({ status: 'success', partitions: allMonths });
    expect(step(results, KAPLAN_MEIER)).toMatchObject({ status: 'success', partitions: ['2024', '2025'] });
    expect(step(results, 'marts.fct_demandes')?.status).toBe('success');
    expect(step(results, 'publication')?.status).toBe('success');
    expect(differing(await diffDatabases(copy, before))).toEqual([]);
  }, 600_000);

  it('recomputes every month when an unpartitioned source changes (a site moved to another territory)', async () => {
    const [head, first, ...rest] = demoLines(demoSites);
    const cells = first.split(';');
    const territory = head.split(';').indexOf('territoire');
    cells[territory] = cells[territory] === 'Sologne' ? 'Vendômois' : 'Sologne';
    writeDelivery(path.join(pathsFor(incremental.settings.dataDir).inbox, 'sites'), path.basename(demoSites), [head, cells.join(';'), ...rest]);
    const results = await incremental.run();
    expect(step(results, INCREMENTAL)).toMatchObject({ status: 'success', partitions: allMonths });
    const db = await openDatabase(pathsFor(incremental.settings.dataDir).warehouse, { readOnly: true });
    try {
      const moved = await queryRows<{ territoire: string }>(db.connection, `SELECT DISTINCT territoire FROM marts.fct_demandes WHERE site_id = '${cells[0]}'`);
      expect(moved).toEqual([{ territoire: cells[territory] }]);
    } finally {
      db.close();
    }
  }, 600_000);

  it('refuses a request delivered again in a later month, looking at that month\'s rows only', async () => {
    const again = byMonth.get('2025-01')![5].split(';');
    const id = again[column('demande_id')];
    again[column('date_demande')] = '03/07/2025';
    again[column('date_premier_rdv')] = '';
    deliver(incremental, '2025-07', [again.join(';')]);
    const results = await incremental.run();
    expect(step(results, 'raw.sls_demandes')).toMatchObject({ status: 'success', partitions: ['2025-07'] });
    const failed = step(results, 'staging.stg_sls__demandes');
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toContain('unique(demande_id)');
    expect(failed?.error).toContain(id);
    expect(step(results, 'publication')?.status).toBe('skipped');
  }, 600_000);
});
