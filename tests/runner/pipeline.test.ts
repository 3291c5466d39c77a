// The runner end to end, short of the dashboard build: real DuckDB, real embedded Postgres,
// graphile-worker jobs, checks, history and publication under statistical secrecy.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor, type Settings } from '../../pipelines/config.ts';
import { withRuntime } from '../../pipelines/cli/runtime.ts';
import { runStaleOnce } from '../../pipelines/runner/worker.ts';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { demoLines, demoRequests, demoSites, tempDir, writeDelivery } from '../helpers/fixtures.ts';
import { medianKM, waitsBySite } from '../helpers/median.ts';

const graph = loadGraph();
const UP_TO_PUBLICATION = [...graph.upstream('publication'), 'publication'];

async function published(file: string) {
  const db = await openDatabase(file, { readOnly: true });
  try {
    return await queryRows<{ code: string; valeur: number | null; effectif: number | null; secret: boolean; date_donnees: string }>(
      db.connection,
      `SELECT code, valeur, effectif, secret, date_donnees::VARCHAR AS date_donnees FROM indicateurs
       WHERE indicateur = 'delai_premier_rdv_median' AND niveau = 'site' AND periode = '2025' AND dimension = '' ORDER BY code`,
    );
  } finally {
    db.close();
  }
}

describe('the pipeline through graphile-worker jobs', () => {
  const settings: Settings = { dataDir: tempDir(), secretThreshold: 11 };
  const paths = pathsFor(settings.dataDir);
  const run = () => withRuntime(settings, (env) => runStaleOnce(env, { only: UP_TO_PUBLICATION }));

  beforeAll(() => {
    mkdirSync(paths.inbox, { recursive: true });
    for (const f of [demoRequests, demoSites]) copyFileSync(f, path.join(paths.inbox, path.basename(f)));
  });

  it('materialises every asset in dependency order and publishes the right medians', async () => {
    const results = await run();
    expect(results.map((r) => r.asset).sort()).toEqual([...UP_TO_PUBLICATION].sort());
    expect(results.every((r) => r.status === 'success')).toBe(true);
    const order = results.map((r) => r.asset);
    expect(order.indexOf('raw.sls_demandes')).toBeLessThan(order.indexOf('marts.fct_demandes'));
    expect(order.indexOf('marts.indicateurs')).toBeLessThan(order.indexOf('publication'));

    const expected = waitsBySite(demoRequests);
    const rows = await published(paths.published);
    expect(rows.map((r) => r.code).sort()).toEqual([...expected.keys()].sort());
    for (const r of rows) {
      const waits = expected.get(r.code)!;
      if (waits.length < 11) {
        expect(r).toMatchObject({ secret: true, valeur: null, effectif: null });
      } else if (r.secret) {
        // Secondary suppression: otherwise the small site would be the territory total minus the others.
        expect(r).toMatchObject({ valeur: null, effectif: null });
      } else {
        expect(r.secret).toBe(false);
        expect(r.valeur).toBe(medianKM(waits));
        // A median publishes no effectif (secret_base: aucune): it would be a count to tie to others.
        expect(r.effectif).toBeNull();
      }
    }
    expect(rows.some((r) => r.secret)).toBe(true);
    expect(rows[0].date_donnees).toBe('2025-06-30');
    // Why a cell is masked is kept in the warehouse only: the published database never says it.
    const pub = await openDatabase(paths.published, { readOnly: true });
    try {
      const columns = await queryRows<{ c: string }>(pub.connection, `SELECT column_name AS c FROM information_schema.columns WHERE table_name IN ('indicateurs', 'indicateurs_editions')`);
      expect(columns.map((c) => c.c)).not.toContain('motif_secret');
      expect(columns.map((c) => c.c).filter((c) => /motif|suppression|primaire/.test(c))).toEqual([]);
    } finally {
      pub.close();
    }
    const wh = await openDatabase(paths.warehouse, { readOnly: true });
    try {
      const reasons = await queryRows<{ suppression: string; n: number }>(wh.connection,
        `SELECT suppression, count(*)::INTEGER AS n FROM secret.cellules WHERE indicateur = 'delai_premier_rdv_median' GROUP BY ALL ORDER BY 1`);
      expect(reasons.map((r) => r.suppression)).toContain('primaire');
    } finally {
      wh.close();
    }
  });

  it('does nothing the second time: nothing is stale', async () => {
    expect(await run()).toEqual([]);
  });

  it('refuses a bad delivery whole, stops everything downstream and keeps the published data', async () => {
    const before = readFileSync(paths.published);
    const mtime = statSync(paths.published).mtimeMs;
    const lines = demoLines(demoRequests);
    lines[5] = lines[5].replace(/;\d\d\/\d\d\/2025;/, ';2025-13-45;');
    writeDelivery(paths.inbox, path.basename(demoRequests), lines);

    const results = await run();
    const status = Object.fromEntries(results.map((r) => [r.asset, r.status]));
    expect(status['raw.sls_demandes']).toBe('failed');
    expect(status['staging.stg_sls__demandes']).toBe('skipped');
    expect(status.publication).toBe('skipped');
    const failure = results.find((r) => r.asset === 'raw.sls_demandes')!.error!;
    expect(failure).toContain('ligne 6, colonne « date_demande »');
    expect(statSync(paths.published).mtimeMs).toBe(mtime);
    expect(readFileSync(paths.published).equals(before)).toBe(true);
    // The refused file is kept aside with its report, out of the inbox.
    expect(readFileSync(path.join(paths.dataDir, 'refuses', `${path.basename(demoRequests)}.rapport.txt`), 'utf8')).toContain('date_demande');
  });
});
