// status, history, lineage and materialize from the command line, as an analyst uses them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { seedMiniDemo } from '../../pipelines/cli/runtime.ts';
import { demoRequests, solidataCli, tempDir } from '../helpers/fixtures.ts';

const dataDir = tempDir();
async function solidata(...args: string[]) {
  const r = await solidataCli([...args, '--data-dir', dataDir]);
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the runner’s commands', () => {
  beforeAll(async () => {
    seedMiniDemo(dataDir);
    expect((await solidata('materialize', 'publication')).code).toBe(0);
  });

  it('status says which assets are fresh and which are stale, and why', async () => {
    const r = (await solidata('status', '--format', 'json'));
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as { asset: string; etat: string; raison: string }[];
    expect(rows.find((x) => x.asset === 'publication')).toMatchObject({ etat: 'à jour' });
    expect(rows.find((x) => x.asset === 'dashboard')).toMatchObject({ etat: 'périmé', raison: 'nouvelles données ou sortie absente' });
    expect((await solidata('status')).out).toMatch(/^actif\s+état\s+dernière réussite/);
  });

  it('status answers without starting Postgres, from what the last command left, as Postgres would', async () => {
    const summary = path.join(dataDir, 'etat-des-actifs.json');
    const postgres = path.join(dataDir, 'postgres');
    // Without the summary, status asks Postgres (and leaves the summary when it stops it).
    renameSync(summary, `${summary}.avant`);
    const live = await solidata('status', '--format', 'json');
    expect(live.code).toBe(0);
    expect(existsSync(summary)).toBe(true);
    // Without Postgres' folder, status can only read the summary.
    renameSync(postgres, `${postgres}.ailleurs`);
    try {
      const read = await solidata('status', '--format', 'json');
      expect(read.code).toBe(0);
      expect(JSON.parse(read.out)).toEqual(JSON.parse(live.out));
    } finally {
      renameSync(`${postgres}.ailleurs`, postgres);
    }
  });

  it('lineage goes up to the source deliveries with their checksums', async () => {
    const r = (await solidata('lineage', 'delai_premier_rdv_median', '--format', 'json'));
    expect(r.code).toBe(0);
    const lineage = JSON.parse(r.out) as { amont: string[]; livraisons: { source: string; sha256: string }[] };
    expect(lineage.amont).toContain('marts.fct_demandes');
    const sha = createHash('sha256').update(readFileSync(demoRequests)).digest('hex');
    expect(lineage.livraisons.find((l) => l.source === 'sls_demandes')?.sha256).toBe(sha);
  });

  it('materialize recomputes a fresh asset on demand, and history records it', async () => {
    expect((await solidata('materialize', 'marts.fct_demandes')).code).toBe(0);
    const history = JSON.parse((await solidata('history', 'marts.fct_demandes', '--format', 'json')).out) as { status: string }[];
    expect(history.map((h) => h.status)).toEqual(['success', 'success']);
  });

  it('status and history show the months a monthly source loaded', async () => {
    const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];
    const status = JSON.parse((await solidata('status', '--format', 'json')).out) as { asset: string; partitions: string[] | null; derniere_partition: string | null }[];
    expect(status.find((x) => x.asset === 'raw.sls_demandes')).toMatchObject({ partitions: months, derniere_partition: '2025-06' });
    // The sites file has no month: not partitioned.
    expect(status.find((x) => x.asset === 'raw.sites')).toMatchObject({ partitions: null, derniere_partition: null });
    expect((await solidata('status')).out).toMatch(/raw\.sls_demandes .*2025-01 à 2025-06 \(6 mois\)\s+2025-06/);
    const history = JSON.parse((await solidata('history', 'raw.sls_demandes', '--format', 'json')).out) as { partitions: string[] }[];
    expect(history.map((h) => h.partitions)).toEqual([months]);
    expect((await solidata('history', 'raw.sls_demandes')).out).toMatch(/^actif .*partition/);
  });

  it('refuses an unknown asset or option with a French message', async () => {
    expect((await solidata('materialize', 'nimporte')).err).toContain('Actif inconnu : nimporte');
    const r = (await solidata('status', '--format', 'xml'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('attendu : table ou json');
  });
});
