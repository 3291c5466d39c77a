// A small data directory (the sites and one delivery of requests: about a hundred requests a month,
// three territories, ten motives) run up to publication. Most cells by territory and motive are small
// groups; the département's totals are not, and must stay published: a département total is masked
// only when it is itself a small group, never as a complement. A median publishes no effectif.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor, type Settings } from '../../pipelines/config.ts';
import { withRuntime } from '../../pipelines/cli/runtime.ts';
import { runStaleOnce } from '../../pipelines/runner/worker.ts';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { demoRequests, demoSites, tempDir } from '../helpers/fixtures.ts';

const THRESHOLD = 11;
const settings: Settings = { dataDir: tempDir(), secretThreshold: THRESHOLD };
const paths = pathsFor(settings.dataDir);

interface Row {
  indicateur: string;
  periode: string;
  effectif: number | null;
  numerateur: number | null;
  denominateur: number | null;
  secret: boolean;
  valeur: number | null;
}

async function rows(file: string, sql: string): Promise<Row[]> {
  const db = await openDatabase(file, { readOnly: true });
  try {
    return (await queryRows<Row>(db.connection, sql)).map((r) => ({
      ...r,
      effectif: r.effectif === null ? null : Number(r.effectif),
      numerateur: r.numerateur === null ? null : Number(r.numerateur),
      denominateur: r.denominateur === null ? null : Number(r.denominateur),
    }));
  } finally {
    db.close();
  }
}

const departementTotals = (table: string, extra = '') => `SELECT indicateur, periode, effectif, numerateur, denominateur, valeur${extra}
  FROM ${table} WHERE niveau = 'departement' AND dimension = '' AND indicateur IN ('delai_premier_rdv_median', 'delai_premier_rdv_p90', 'part_rdv_sous_15j', 'demandes_recues')
  ORDER BY indicateur, periode`;

describe('statistical secrecy of a small département', () => {
  let truth: Row[];
  let published: Row[];
  beforeAll(async () => {
    mkdirSync(paths.inbox, { recursive: true });
    for (const f of [demoRequests, demoSites]) copyFileSync(f, path.join(paths.inbox, path.basename(f)));
    const graph = loadGraph();
    const results = await withRuntime(settings, (env) => runStaleOnce(env, { only: [...graph.upstream('publication'), 'publication'] }));
    expect(results.filter((r) => r.status !== 'success')).toEqual([]);
    truth = await rows(paths.warehouse, departementTotals('marts.indicateurs', ', false AS secret'));
    published = await rows(paths.published, departementTotals('indicateurs', ', secret'));
  }, 300_000);

  it('publishes the département’s median, percentile and 15-day share of every month that is not itself a small group', () => {
    // Five complete months (the last one, still under 15 days, and its year are not published).
    const months = truth.filter((r) => r.indicateur === 'part_rdv_sous_15j');
    expect(months.length).toBeGreaterThanOrEqual(5);
    // Most cells below the département are masked here: the test would be empty otherwise.
    expect(truth.filter((r) => r.effectif! >= THRESHOLD).length).toBe(truth.length);
    const byKey = new Map(published.map((r) => [`${r.indicateur} ${r.periode}`, r]));
    for (const t of truth) {
      const p = byKey.get(`${t.indicateur} ${t.periode}`)!;
      const small = (x: number) => x >= 1 && x < THRESHOLD;
      // A share whose numerator (or denominator − numerator) is a small group withholds its numerator only.
      const smallGroup = t.numerateur !== null && (small(t.numerateur) || small(t.denominateur! - t.numerateur));
      expect({ cell: `${t.indicateur} ${t.periode}`, secret: p.secret }).toEqual({ cell: `${t.indicateur} ${t.periode}`, secret: smallGroup });
      if (!smallGroup) expect(p.valeur).toBe(t.valeur);
    }
  });

  it('publishes no effectif for a median or a percentile, and the 15-day share over the requests received', () => {
    for (const p of published) {
      if (p.indicateur.startsWith('delai_premier_rdv_')) expect(p.effectif, `${p.indicateur} ${p.periode}`).toBeNull();
      else expect(p.effectif, `${p.indicateur} ${p.periode}`).not.toBeNull();
    }
    // The share's denominator is the count of requests received of the same period, the same count
    // (one base for the secrecy), so the two never differ by a few recent or closed requests.
    const received = new Map(truth.filter((r) => r.indicateur === 'demandes_recues').map((r) => [r.periode, r.effectif]));
    const shares = truth.filter((r) => r.indicateur === 'part_rdv_sous_15j');
    for (const s of shares) expect({ periode: s.periode, n: s.denominateur }).toEqual({ periode: s.periode, n: received.get(s.periode) });
    // The latest month's requests are not all 15 days old: neither it nor its year is published yet.
    const lastMonth = [...received.keys()].filter((p) => p.length === 7).sort().at(-1)!;
    expect(shares.map((s) => s.periode)).not.toContain(lastMonth);
    expect(shares.map((s) => s.periode)).not.toContain(lastMonth.slice(0, 4));
  });
});
