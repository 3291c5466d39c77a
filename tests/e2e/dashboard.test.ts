// The README's first command, end to end: the shared build (made by `solidata run` with the
// network cut), then `solidata start` serving it, every page read in headless Chromium and every
// figure on it checked against published.duckdb.
import { firstAdminPassword, logIn } from '../helpers/login.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { inboxDir } from '../../pipelines/ingest/inbox.ts';
import { launchChromium } from '../../pipelines/dashboard/chromium.ts';
import { demoLines, tempDir, writeDelivery } from '../helpers/fixtures.ts';

/** Every page of the dashboard: the home's menu must list exactly these. */
const PAGES = ['/', '/acces-aux-droits/', '/delais/', '/moyens/', '/proximite/', '/activite/', '/parole-citoyenne/', '/donnees/'];
const SCREENSHOTS = path.join(projectRoot, 'test-results', 'dashboard');
const SECRET = 'secret statistique';
/** Words of Evidence's English chrome that must not show. */
const ENGLISH = /\b(Loading|Home|Built with|Search|No Results|Page Not Found|Show Queries|Print PDF|Appearance)\b/;

interface Published {
  indicateur: string; niveau: string; code: string; periode: string; dimension: string; modalite: string;
  valeur: number | null; secret: boolean; unite: string;
}
const key = (c: Pick<Published, 'indicateur' | 'niveau' | 'code' | 'periode' | 'dimension' | 'modalite'>) =>
  [c.indicateur, c.niveau, c.code, c.periode, c.dimension, c.modalite].join('\u0001');

/** Narrow and ordinary no-break spaces read as spaces. */
const norm = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f\s]+/g, ' ').trim();

/** The French way, by Intl rather than by the dashboard's helper: counts whole, the rest to one decimal. */
function fr(v: number, unite: string): string {
  const decimals = ['demandes', 'répondants', 'foyers', 'personnes', 'habitants'].includes(unite) ? 0 : 1;
  const n = v.toLocaleString('fr-FR', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return unite === '%' ? `${n} %` : n;
}

async function readPublished(file: string): Promise<Map<string, Published>> {
  // The server may be swapping the file in: retry for a while.
  for (let attempt = 0; ; attempt++) {
    try {
      const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
      const connection = await instance.connect();
      const reader = await connection.runAndReadAll(
        `SELECT indicateur, niveau, code, periode, dimension, modalite, valeur, secret, unite FROM indicateurs`);
      const rows = reader.getRowObjectsJS() as unknown as Published[];
      connection.closeSync();
      instance.closeSync();
      return new Map(rows.map((r) => [key(r), { ...r, valeur: r.valeur === null ? null : Number(r.valeur) }]));
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

function startServer(dataDir: string, port: number): Promise<{ child: ChildProcess; address: string; output: () => string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), 'start', '--data-dir', dataDir, '--port', String(port)], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: '' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      const address = /Tableau de bord en ligne : (http:\/\/\S+)/.exec(output)?.[1];
      if (address) resolve({ child, address, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`solidata start s’est arrêté (code ${code}) :\n${output}`)));
  });
}

interface Cell { indicateur: string; niveau: string; code: string; periode: string; dimension: string; modalite: string; avecUnite: boolean; texte: string }

/** Every figure of the page that names its published cell. */
const cellsOf = (page: Page) => page.$$eval('[data-indicateur]', (els) => els.map((e) => {
  const d = (e as HTMLElement).dataset;
  return {
    indicateur: d.indicateur ?? '', niveau: d.niveau ?? '', code: d.code ?? '', periode: d.periode ?? '',
    dimension: d.dimension ?? '', modalite: d.modalite ?? '', avecUnite: d.avecUnite === 'oui', texte: e.textContent ?? '',
  };
}));

/** What a cell should read, or why it does not. */
function mismatch(cell: Cell, published: Map<string, Published>): string | undefined {
  const row = published.get(key(cell));
  if (!row) return `${key(cell)} : absente de published.duckdb`;
  const shown = norm(cell.texte);
  if (row.secret) return shown === SECRET ? undefined : `${key(cell)} : « ${shown} » au lieu de « ${SECRET} »`;
  if (row.valeur === null) return shown === 'non disponible' ? undefined : `${key(cell)} : « ${shown} » au lieu de « non disponible »`;
  const expected = norm(fr(row.valeur, row.unite));
  const ok = cell.avecUnite && row.unite !== '%' ? shown.startsWith(`${expected} `) : shown === expected;
  return ok ? undefined : `${key(cell)} : « ${shown} » au lieu de « ${expected} »`;
}

describe('the dashboard of the demo, in a real browser', () => {
  const dataDir = inject('dataDir');
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startServer>>;
  let published: Map<string, Published>;
  let password: string;

  beforeAll(async () => {
    server = await startServer(dataDir, 3000 + Math.floor(Math.random() * 2000));
    // The very first start creates an admin account and prints its password once.
    password = firstAdminPassword(server.output())!;
    expect(password, server.output()).toBeTruthy();
    // Read once the server is up: it may have brought the data directory up to date first.
    published = await readPublished(pathsFor(dataDir).published);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGKILL');
  });

  /** Opens a page the way a person does; collects its console errors and the requests of the page and its workers. */
  async function open(pathname: string) {
    const context = await browser.newContext({ viewport: { width: 1300, height: 900 }, locale: 'fr-FR' });
    await logIn(context, server.address, 'admin', password);
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(new URL(pathname, server.address).href, { waitUntil: 'networkidle' });
    const origin = new URL(server.address).origin;
    const outside = () => requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    return { context, page, errors, outside };
  }

  it('was built by `solidata run` with the network cut, from the published database only', () => {
    const paths = pathsFor(dataDir);
    expect(existsSync(paths.published)).toBe(true);
    expect(existsSync(path.join(paths.dashboardDir, 'index.html'))).toBe(true);
    if (!process.env.SOLIDATA_TEST_DATA_DIR) expect(inject('networkCut')).toBe(true);
  });

  it('lists every page in its menu, in French', async () => {
    const { context, page } = await open('/');
    const links = await page.$$eval('nav a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual(PAGES);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await context.close();
  });

  it.each(PAGES)('%s opens with no error and no « Loading » left, every figure equal to published.duckdb, charts drawn', async (pathname) => {
    const { context, page, errors, outside } = await open(pathname);
    await expect.poll(() => page.getByText('Loading').count()).toBe(0);
    // Charts are drawn in the browser by Observable Plot: each figure gets its SVG.
    const charts = await page.locator('[data-graphique]').count();
    if (charts > 0) await expect.poll(() => page.locator('[data-graphique]:has(svg)').count(), { timeout: 15_000 }).toBe(charts);

    const cells = await cellsOf(page);
    if (pathname !== '/donnees/') expect(cells.length).toBeGreaterThan(0);
    expect(cells.map((c) => mismatch(c, published)).filter(Boolean)).toEqual([]);

    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(ENGLISH);
    expect(text).not.toContain('NaN');
    expect(text).not.toContain('undefined');
    expect(text).not.toContain('1970');
    await page.screenshot({ path: path.join(SCREENSHOTS, `${pathname === '/' ? 'accueil' : pathname.replaceAll('/', '')}.png`), fullPage: true });
    expect(outside()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a masked cell as « secret statistique », never 0 nor blank', async () => {
    const { context, page } = await open('/acces-aux-droits/');
    const cells = (await cellsOf(page)).filter((c) => c.niveau === 'commune');
    const masked = cells.filter((c) => published.get(key(c))?.secret);
    expect(masked.length).toBeGreaterThan(0);
    for (const c of masked) expect(norm(c.texte)).toBe(SECRET);
    await context.close();
  });

  it('writes numbers, percentages and dates the French way', async () => {
    const { context, page } = await open('/');
    // A count over a thousand: « 22 172 demandes », a narrow no-break space between thousands.
    const requests = await page.locator('[data-chiffre="demandes_recues"] .valeur').textContent();
    expect(requests).toMatch(/^\d{1,3}(\u202f\d{3})+ demandes$/);
    // A share: « 53,8 % ».
    const share = await page.locator('[data-chiffre="part_rdv_sous_15j"] .valeur').textContent();
    expect(share).toMatch(/^\d{1,3},\d\u202f%$/);
    // Dates: « 5 janvier 2026 » in words, « 05/01/2026 » in short; months in French.
    expect(norm(await page.getByTestId('date-donnees').textContent())).toMatch(/^(1er|\d{1,2}) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/);
    expect(norm(await page.locator('[data-chiffre="demandes_recues"] .date').textContent())).toMatch(/^Données au \d{2}\/\d{2}\/\d{4}$/);
    await page.goto(new URL('/moyens/', server.address).href, { waitUntil: 'networkidle' });
    const headers = await page.locator('table thead th').allTextContents();
    expect(headers.some((h) => /^(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/.test(norm(h)))).toBe(true);
    // A decimal comma, never a decimal point.
    const values = (await cellsOf(page)).map((c) => norm(c.texte)).filter((t) => t !== SECRET);
    expect(values.some((v) => /^\d+,\d$/.test(v))).toBe(true);
    expect(values.filter((v) => /\d\.\d/.test(v))).toEqual([]);
    await context.close();
  });

  it('takes a delivery dropped in the inbox to the published figures and the page, on its own', async () => {
    // The latest month of requests, delivered again by the same producer with every other line.
    const traites = path.join(dataDir, 'traites');
    const latest = readdirSync(traites).filter((f) => /sls_demandes_.*_\d{4}-\d{2}\.csv$/.test(f)).sort((a, b) => a.slice(-11).localeCompare(b.slice(-11))).at(-1)!;
    const period = latest.slice(-11, -4);
    const producer = /sls_demandes_(.+)_\d{4}-\d{2}\.csv$/.exec(latest.slice(latest.lastIndexOf('sls_demandes_')))![1];
    const lines = demoLines(path.join(traites, latest)).filter((_, i) => i === 0 || i % 2 === 1);
    const file = writeDelivery(tempDir(), `sls_demandes_${producer}_${period}.csv`, lines);

    const context = await browser.newContext();
    await logIn(context, server.address, 'admin', password);
    const page = await context.newPage();
    const card = page.locator('[data-chiffre="demandes_recues"] .valeur');
    const shown = async () => {
      await page.goto(server.address, { waitUntil: 'networkidle' });
      return norm(await card.textContent());
    };
    const before = await shown();
    copyFileSync(file, path.join(inboxDir(pathsFor(dataDir), 'sls_demandes'), path.basename(file)));
    // Ingestion, models, publication and a new Evidence build: a minute or two on a quiet machine.
    await expect.poll(shown, { timeout: 840_000, interval: 5_000 }).not.toBe(before);

    // The new figure is the one now published.
    const now = await readPublished(pathsFor(dataDir).published);
    const cell = (await cellsOf(page)).find((c) => c.indicateur === 'demandes_recues')!;
    expect(mismatch(cell, now)).toBeUndefined();
    expect(now.get(key(cell))!.valeur).toBeLessThan(published.get(key(cell))!.valeur!);
    await context.close();
    expect(server.output()).toContain('Nouveau fichier dans la boîte de dépôt');
  }, 900_000);

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
