// The README's walkthrough « Ajouter un indicateur », done as an analyst would: in a copy of the
// project, one SQL file (the README's own example) and `solidata run`; then the indicator is in the
// published database under statistical secrecy, in the catalogue, on its theme page and on its own
// page of the rebuilt dashboard, read in Chromium. No TypeScript is touched.
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { launchChromium } from '../../pipelines/dashboard/chromium.ts';
import { serveDashboard } from '../../pipelines/dashboard/serve.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { copyDataDirectory, solidataCli, tempDir } from '../helpers/fixtures.ts';
import { SHARED_BUILD_WAIT, sharedDashboard } from '../helpers/shared-dashboard.ts';

// The shared run builds in the background while the files that do not need it run.
beforeAll(() => sharedDashboard(), SHARED_BUILD_WAIT);

/** What a project is made of; node_modules is linked, not copied. */
const PROJECT = ['bin', 'components', 'dashboards', 'docs', 'evidence.config.yaml', 'evidence.settings.json', 'package.json', 'package-lock.json',
  'patches', 'pages', 'pipelines', 'reference', 'solidata.config.yaml', 'sources', 'sql', 'tsconfig.json'];

/** The example SQL file of the README's walkthrough, and the id it names. */
function readmeExample(): { id: string; sql: string } {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Ajouter un indicateur'));
  const sql = /```sql\n([^]*?)```/.exec(section)![1].replace(/^ {3}/gm, '');
  const id = /p\. ex\. `([a-z0-9_]+)`/.exec(section)![1];
  return { id, sql };
}

interface Row { niveau: string; code: string; periode: string; valeur: number | null; effectif: number | null; secret: boolean }

describe('a new indicator from one SQL file', () => {
  const shared = inject('dataDir');
  const { id, sql } = readmeExample();
  let project: string;
  let dataDir: string;
  let run: { status: number | null; stdout: string; stderr: string };
  let browser: Browser;
  let server: Server;
  let address: string;

  beforeAll(async () => {
    project = tempDir('solidata-projet-');
    for (const entry of PROJECT) cpSync(path.join(projectRoot, entry), path.join(project, entry), { recursive: true, verbatimSymlinks: true });
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(project, 'node_modules'));
    // The published data of the shared run, so that only the new indicator and what follows it are computed,
    // and its dashboard workshop: a new indicator changes no page's code, its page is prerendered from its data.
    dataDir = await copyDataDirectory(shared, 'solidata-copie-', { atelier: true });
    writeFileSync(path.join(project, 'sql', 'indicators', `${id}.sql`), sql);
    run = await solidataCli(['run', '--data-dir', dataDir], { cwd: project, bin: path.join(project, 'bin', 'solidata.js') });
    server = await serveDashboard(pathsFor(dataDir).dashboardDir, 0);
    const a = server.address();
    address = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    browser = await launchChromium();
  }, 1_000_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    for (const dir of [project, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is picked up by `solidata run`, checked and published under statistical secrecy, with its catalogue entry', async () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`indicators.${id}`);
    expect(run.stdout).toContain('paquets des pages et composants repris');
    const db = await openDatabase(pathsFor(dataDir).published, { readOnly: true });
    try {
      const [entry] = await queryRows<{ titre: string; theme: string; niveaux: string }>(db.connection, `SELECT titre, theme, niveaux FROM catalogue WHERE indicateur = '${id}'`);
      expect(entry).toEqual({ titre: 'Demandes liées au logement', theme: 'activite', niveaux: 'territoire, departement' });
      const rows = await queryRows<Row>(db.connection, `SELECT niveau, code, periode, valeur, effectif, secret FROM indicateurs WHERE indicateur = '${id}'`);
      expect(new Set(rows.map((r) => r.niveau))).toEqual(new Set(['territoire', 'departement']));
      expect(rows.length).toBeGreaterThan(20);
      // Secrecy, as for every indicator: a cell behind fewer requests than the default threshold is masked, value and all.
      const seuil = 11;
      for (const r of rows.filter((x) => !x.secret)) expect(Number(r.effectif)).toBeGreaterThanOrEqual(seuil);
      for (const r of rows.filter((x) => x.secret)) expect(r.valeur).toBeNull();
      // The published figure is the warehouse's count.
      const dep = rows.find((r) => r.niveau === 'departement' && !r.secret)!;
      const wh = await openDatabase(pathsFor(dataDir).warehouse, { readOnly: true });
      try {
        const [{ n }] = await queryRows<{ n: number }>(wh.connection, `SELECT count(*)::INTEGER AS n FROM marts.fct_demandes WHERE motif = 'logement' AND mois_demande = '${dep.periode}'`);
        expect(Number(dep.valeur)).toBe(n);
      } finally {
        wh.close();
      }
    } finally {
      db.close();
    }
  });

  it('is on its theme page and on its own page of the rebuilt dashboard, in Chromium', async () => {
    expect(existsSync(path.join(pathsFor(dataDir).dashboardDir, 'indicateurs', id, 'index.html'))).toBe(true);
    const page = await browser.newPage({ locale: 'fr-FR' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

    await page.goto(`${address}/indicateurs/${id}/`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByText('Loading').count()).toBe(0);
    expect(await page.getByTestId('titre-indicateur').textContent()).toBe('Demandes liées au logement');
    expect(await page.locator('.fiche').innerText()).toContain('Nombre de demandes dont le motif est le logement');
    // Published by territory: the map colours the communes by their territory's figure.
    await expect.poll(() => page.locator('[data-graphique=carte] svg path').count()).toBeGreaterThan(200);
    await expect.poll(() => page.locator('[data-graphique=evolution] svg').count()).toBeGreaterThan(0);
    const cells = await page.locator(`[data-testid=tableau-indicateur] td[data-indicateur="${id}"]`).count();
    expect(cells).toBeGreaterThan(0);

    await page.goto(`${address}/activite/`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByText('Loading').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('Demandes liées au logement');
    await page.goto(`${address}/donnees/`, { waitUntil: 'networkidle' });
    expect(await page.locator(`a[href="/indicateurs/${id}/"]`).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
