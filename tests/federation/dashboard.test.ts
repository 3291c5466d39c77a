// The regional dashboard, end to end: three packages dropped in a federation's inbox (copies of the
// shared demo's package as 41, 92 and 38, Isère masking some cells), then `solidata federation
// --servir` federates them through the queue, builds the dashboard (a real Evidence build, once in
// this file) and serves it; every check reads it in Chromium and compares with federation.duckdb,
// read here by queries of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { launchChromium } from '../../pipelines/dashboard/chromium.ts';
import type { FederationPaths } from '../../pipelines/federation/folders.ts';
import { openDatabase, queryRows, sqlString } from '../../pipelines/warehouse/duckdb.ts';
import { depositThree } from '../helpers/federation_fixture.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { demoPublication } from '../helpers/demo-publication.ts';

const SECRET = 'secret statistique';
/** Narrow and ordinary no-break spaces read as spaces. */
const norm = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f\s]+/g, ' ').trim();
/** French figures by Intl rather than by the dashboard's helper. */
const entier = (v: number) => norm(v.toLocaleString('fr-FR', { maximumFractionDigits: 0 }));
const dateFr = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).replace(/^1 /, '1er ');

async function federation<T>(fp: FederationPaths, sql: string): Promise<T[]> {
  const db = await openDatabase(fp.published, { readOnly: true });
  try {
    return await queryRows<T>(db.connection, sql);
  } finally {
    db.close();
  }
}

function serveFederation(dataDir: string): Promise<{ child: ChildProcess; address: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), 'federation', '--data-dir', dataDir, '--servir', '--port', '0'], {
    cwd: projectRoot, env: { ...process.env, DATABASE_URL: '' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      const address = /Tableau de bord de la fédération en ligne : (http:\/\/\S+)/.exec(output)?.[1];
      if (address) resolve({ child, address, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`solidata federation --servir s’est arrêté (code ${code}) :\n${output}`)));
  });
}

describe('the regional dashboard of three federated départements, in a real browser', () => {
  let fp: FederationPaths;
  let server: Awaited<ReturnType<typeof serveFederation>>;
  let browser: Browser;
  /** Requests the pages made to anything but the dashboard's own server. */
  const outside: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    // The demo's publication only (not its dashboard): this file builds a site of its own.
    const shared = await demoPublication();
    const dataDir = tempDir('solidata-federation-tableau-');
    fp = await depositThree(path.join(shared, 'published.duckdb'), dataDir);
    server = await serveFederation(dataDir);
    browser = await launchChromium();
  }, 1_800_000);

  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGINT');
  });

  async function open(route: string): Promise<{ page: Page; text: string }> {
    const page = await browser.newPage({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => {
      if (!r.url().startsWith(server.address) && !r.url().startsWith('data:')) outside.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(`${route} : ${e.message}`));
    await page.goto(new URL(route, server.address).href, { waitUntil: 'networkidle' });
    // Charts are drawn once the page is mounted.
    await page.waitForSelector('figure[data-graphique] svg', { timeout: 60_000 });
    return { page, text: norm(await page.locator('body').innerText()) };
  }

  /** What no page may show: Evidence's loading state, English chrome, identifiers. */
  function expectCleanText(text: string) {
    expect(text).not.toMatch(/Loading|Chargement/);
    expect(text).not.toMatch(/\b(Home|Built with|No Results|Page Not Found|undefined|null|NaN)\b/);
    expect(text.match(/\b[a-z0-9]+_[a-z0-9_]+\b/g) ?? []).toEqual([]);
  }

  it('prints its address once the federation is published and the dashboard built', () => {
    expect(server.output()).toMatch(/Fédération publiée dans .*départements 38, 41, 92/);
    expect(server.output()).toMatch(/Tableau de bord de la fédération construit : /);
  });

  it('lists every département on the home with its data date, edition and schema version', async () => {
    const paquets = await federation<{ departement: string; nom: string; date: string; edition: string | null; schema_version: string }>(fp,
      "SELECT departement, nom, strftime(date_donnees_max, '%Y-%m-%d') AS date, edition, schema_version FROM paquets ORDER BY departement");
    expect(paquets.map((p) => p.nom)).toEqual(['Isère', 'Loir-et-Cher', 'Hauts-de-Seine']);
    const { page, text } = await open('/');
    const rows = await page.$$eval('table[data-testid="departements"] tbody tr', (trs) => trs.map((tr) => ({
      code: (tr as HTMLElement).dataset.departement, text: tr.textContent ?? '',
      date: tr.querySelector('[data-champ="date-donnees"]')?.textContent ?? '', schema: tr.querySelector('[data-champ="schema"]')?.textContent ?? '',
      edition: tr.querySelector('[data-champ="edition"]')?.textContent ?? '',
    })));
    expect(rows.map((r) => r.code)).toEqual(paquets.map((p) => p.departement));
    for (const [i, p] of paquets.entries()) {
      expect(norm(rows[i].text)).toContain(`${p.nom} (${p.departement})`);
      expect(norm(rows[i].date)).toBe(dateFr(p.date));
      expect(norm(rows[i].schema)).toBe(p.schema_version);
      expect(norm(rows[i].edition)).toBe(p.edition ? `édition gelée « ${p.edition} »` : 'dernière publication');
    }
    // The map of the départements, and a link to each ranked indicator's page.
    expect(text).toContain('Carte de 3 départements : Isère, Loir-et-Cher, Hauts-de-Seine.');
    expect(await page.locator('figure[data-graphique="carte-departements"] svg path').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('a[href="/indicateurs/demandes_recues/"]').innerText()).toBe('Demandes reçues');
    expectCleanText(text);
    await page.close();
  });

  it('ranks the départements on an indicator as federation.duckdb has them, at one period for all', async () => {
    // Independently of the dashboard's table: the last year all three publish, complete (its twelve
    // months published by each, or an annual indicator).
    const [{ annee }] = await federation<{ annee: string }>(fp, `
      SELECT max(y.periode) AS annee FROM (
        SELECT periode FROM indicateurs_departements WHERE indicateur = 'ccas_aides_accordees' AND dimension = '' AND length(periode) = 4
        GROUP BY periode HAVING count(*) = 3) AS y
      WHERE (SELECT count(*) FROM indicateurs_departements AS m WHERE m.indicateur = 'ccas_aides_accordees' AND m.dimension = ''
        AND length(m.periode) = 7 AND left(m.periode, 4) = y.periode) IN (0, 36)`);
    expect(annee).toMatch(/^\d{4}$/);
    const cells = await federation<{ departement: string; nom: string; valeur: number; date: string }>(fp, `
      SELECT departement, nom, valeur, strftime(date_donnees_departement, '%Y-%m-%d') AS date FROM indicateurs_departements
      WHERE indicateur = 'ccas_aides_accordees' AND dimension = '' AND periode = ${sqlString(annee)} AND NOT secret
      ORDER BY valeur DESC`);
    expect(cells.length).toBe(3);
    expect(new Set(cells.map((c) => c.valeur)).size).toBe(3);
    const { page, text } = await open('/indicateurs/ccas_aides_accordees/');
    expect(await page.getByTestId('periode').innerText()).toBe(annee);
    const rows = await page.$$eval('table[data-testid="classement"] tbody tr', (trs) => trs.map((tr) => ({
      code: (tr as HTMLElement).dataset.departement, rang: tr.querySelector('[data-champ="rang"]')?.textContent ?? '',
      valeur: tr.querySelector('[data-champ="valeur"]')?.textContent ?? '', date: tr.querySelector('[data-champ="date-donnees"]')?.textContent ?? '',
    })));
    expect(rows.map((r) => ({ ...r, valeur: norm(r.valeur), date: norm(r.date) }))).toEqual(cells.map((c, i) => ({
      code: c.departement, rang: String(i + 1), valeur: entier(c.valeur), date: dateFr(c.date),
    })));
    // The regional total: every département's published value, added up.
    const total = await page.getByTestId('total-regional').innerText();
    expect(norm(total)).toContain(entier(cells.reduce((s, c) => s + c.valeur, 0)));
    expect(norm(total)).toContain('3 départements sur 3');
    // The bar chart draws the same figures.
    const bars = norm(await page.locator('figure[data-graphique="barres"]').innerText());
    for (const c of cells) expect(bars).toContain(entier(c.valeur));
    expectCleanText(text);
    await page.close();
  });

  it('shows a masked cell as secret, never as a figure, and totals without it, saying so', async () => {
    const cells = await federation<{ departement: string; valeur: number | null; secret: boolean; periode: string }>(fp, `
      SELECT departement, valeur, secret, periode FROM indicateurs_departements
      WHERE indicateur = 'demandes_recues' AND dimension = '' AND periode = '${(await federation<{ p: string }>(fp,
        "SELECT periode AS p FROM classements WHERE indicateur = 'demandes_recues' LIMIT 1"))[0].p}' ORDER BY departement`);
    expect(cells.map((c) => [c.departement, c.secret])).toEqual([['38', true], ['41', false], ['92', false]]);
    const { page, text } = await open('/indicateurs/demandes_recues/');
    const isere = page.locator('table[data-testid="classement"] tr[data-departement="38"]');
    expect(norm(await isere.locator('[data-champ="valeur"]').innerText())).toBe(SECRET);
    expect(norm(await isere.locator('[data-champ="rang"]').innerText())).toBe('—');
    // Its data date is still shown.
    expect(norm(await isere.locator('[data-champ="date-donnees"]').innerText())).toMatch(/\d{4}$/);
    const published = cells.filter((c) => !c.secret).reduce((s, c) => s + Number(c.valeur), 0);
    const total = norm(await page.getByTestId('total-regional').innerText());
    expect(total).toContain(entier(published));
    expect(total).toContain('2 départements sur 3');
    expect(norm(await page.getByTestId('precaution').innerText())).toMatch(/^Total sans 38 : .*secret statistique/);
    // The bar chart and the map say it too.
    expect(norm(await page.locator('figure[data-graphique="barres"]').innerText())).toContain(SECRET);
    expect(text).toMatch(/Carte de 3 départements : de .* ; en secret statistique : Isère\./);
    // What Isère would have published (its copy doubles Loir-et-Cher's counts) shows nowhere.
    const loirEtCher = Number(cells.find((c) => c.departement === '41')!.valeur);
    expect(text).not.toContain(entier(loirEtCher * 2));
    expectCleanText(text);
    await page.close();
  });

  it('gives no regional total of a median, and says why', async () => {
    const totals = await federation<{ valeur: number | null }>(fp, `SELECT valeur FROM totaux_regionaux
      WHERE indicateur = 'delai_premier_rdv_median' AND dimension = '' AND periode = (SELECT any_value(periode) FROM classements WHERE indicateur = 'delai_premier_rdv_median')`);
    expect(totals).toEqual([{ valeur: null }]);
    const { page, text } = await open('/indicateurs/delai_premier_rdv_median/');
    expect(await page.getByTestId('total-regional').count()).toBe(0);
    expect(norm(await page.getByTestId('sans-total').innerText())).toMatch(/^Pas de total régional : .*médiane/);
    expect(await page.locator('table[data-testid="classement"] tbody tr').count()).toBe(3);
    expectCleanText(text);
    await page.close();
  });

  it('ships to the browser only the federation’s published cells, masked ones empty', async () => {
    const data = path.join(fp.dashboard, 'data');
    const files = readdirSync(data, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet'));
    expect(files.map((f) => f.split(path.sep)[1]).sort()).toEqual(['catalogue', 'classements', 'contours_departements', 'paquets', 'totaux_regionaux']);
    const classements = path.join(data, files.find((f) => f.includes('classements'))!);
    const db = await openDatabase(':memory:');
    try {
      const leaks = await queryRows<{ n: number }>(db.connection, `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(classements)}) WHERE secret AND valeur IS NOT NULL`);
      expect(leaks).toEqual([{ n: 0 }]);
      const masked = await queryRows<{ n: number }>(db.connection, `SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(classements)}) WHERE secret`);
      expect(masked[0].n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('made no request outside its own server and no page error', () => {
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);
  });
});
