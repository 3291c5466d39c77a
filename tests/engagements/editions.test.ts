// Engagements through the real pipeline, on a copy of the shared demo: the first command publishes
// the demo's engagements with every status; an edited target is published at the next run, kept in
// the history of versions, and the frozen edition still shows the statuses of its day.
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsFor, type Paths } from '../../pipelines/config.ts';
import { engagementsFile } from '../../pipelines/engagements/schema.ts';
import { copyDataDirectory, readDuckdb as read, solidataCli } from '../helpers/fixtures.ts';
import { SHARED_BUILD_WAIT, sharedDashboard } from '../helpers/shared-dashboard.ts';

// The shared run builds in the background while the files that do not need it run.
beforeAll(() => sharedDashboard(), SHARED_BUILD_WAIT);

const STATUS = 'SELECT engagement, niveau, code, statut, cible FROM engagements ORDER BY ALL';

let paths: Paths;
beforeAll(async () => {
  paths = pathsFor(await copyDataDirectory(inject('dataDir'), 'solidata-engagements-'));
});

describe('engagements through the pipeline', () => {
  it('publishes the demo’s engagements with every status', async () => {
    const rows = await read(paths.published, 'SELECT engagement, statut, motif FROM engagements');
    expect(new Set(rows.map((r) => r.engagement)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((r) => r.statut))).toEqual(new Set(['atteint', 'en bonne voie', 'en retard', 'non mesurable']));
    // Never measured on a masked figure.
    const masked = await read(paths.published, `SELECT e.engagement FROM engagements e JOIN indicateurs i
      ON i.indicateur = e.indicateur AND i.niveau = e.niveau AND i.code = e.code AND i.periode = e.periode AND i.dimension = e.dimension AND i.modalite = e.modalite
      WHERE i.secret AND (e.statut <> 'non mesurable' OR e.motif <> 'secret statistique' OR e.valeur IS NOT NULL)`);
    expect(masked).toEqual([]);
  });

  it('publishes an edited target at the next run, keeps every version, and leaves a frozen edition as it was', async () => {
    const frozen = await solidataCli(['freeze', 'vote-2026-01', '--data-dir', paths.dataDir]);
    expect(frozen.status, frozen.stderr + frozen.stdout).toBe(0);
    const before = await read(paths.published, STATUS);

    const file = engagementsFile(paths);
    writeFileSync(file, readFileSync(file, 'utf8').replace('    cible: 12\n', '    cible: 9\n'));
    const run = await solidataCli(['run', '--sans-tableau', '--data-dir', paths.dataDir]);
    expect(run.status, run.stderr + run.stdout).toBe(0);

    const after = await read(paths.published, STATUS);
    const median = (rows: Record<string, unknown>[]) => rows.filter((r) => r.engagement === 'delai-median-12-jours');
    expect(median(after).every((r) => r.cible === 9)).toBe(true);
    // The places at 10 or 11 days reached 12 but not 9.
    expect(median(after).map((r) => r.statut)).not.toEqual(median(before).map((r) => r.statut));
    const edition = await read(paths.published, `SELECT engagement, niveau, code, statut, cible FROM engagements_editions WHERE edition = 'vote-2026-01' ORDER BY ALL`);
    expect(edition).toEqual(before);
    const versions = await read(paths.warehouse, 'SELECT engagements, contenu FROM meta.engagements_versions ORDER BY chargee_le');
    expect(versions).toHaveLength(2);
    expect(String(versions[0].contenu)).toContain('cible: 12\n');
    expect(String(versions[1].contenu)).toContain('cible: 9\n');
  });

  it('refuses a broken file in French, naming the line, and keeps the published engagements', async () => {
    const before = await read(paths.published, STATUS);
    const file = engagementsFile(paths);
    writeFileSync(file, readFileSync(file, 'utf8').replace('sens: au_plus', 'sens: moins'));
    const run = await solidataCli(['run', '--sans-tableau', '--data-dir', paths.dataDir]);
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/engagements\.yaml : ligne \d+, engagement « [a-z0-9-]+ », « engagements\.sens » : « moins » n’est pas admis/);
    expect(await read(paths.published, STATUS)).toEqual(before);
  });
});
