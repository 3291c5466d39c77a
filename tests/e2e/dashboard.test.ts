// The README's first command, end to end: the shared build (made by `solidata run` with the
// network cut), then `solidata start` serving it, every page read in headless Chromium and every
// figure on it checked against published.duckdb.
import { firstAdminPassword, logIn } from '../helpers/login.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { inboxDir } from '../../pipelines/ingest/inbox.ts';
import { launchChromium } from '../../pipelines/dashboard/chromium.ts';
import { csvRecords, demoLines, tempDir, writeDelivery } from '../helpers/fixtures.ts';
import { SHARED_BUILD_WAIT, sharedDashboard } from '../helpers/shared-dashboard.ts';

// The shared run builds in the background while the files that do not need it run.
beforeAll(() => sharedDashboard(), SHARED_BUILD_WAIT);

/** Every page of the dashboard: the home's menu must list exactly these. */
const PAGES = ['/', '/engagements/', '/acces-aux-droits/', '/delais/', '/moyens/', '/proximite/', '/activite/', '/parole-citoyenne/', '/autonomie/', '/handicap/', '/enfance-et-famille/', '/logement/', '/donnees/'];
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

/** An id, a code or a setting name (aide_alimentaire, proximite.distance_km): no page outside the data pages shows one. */
const IDENTIFIANT = /\b[a-z0-9]+(?:[._][a-z0-9]+)*_[a-z0-9]+\b/g;

/** Narrow and ordinary no-break spaces read as spaces. */
const norm = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f\s]+/g, ' ').trim();

/** The French way, by Intl rather than by the dashboard's helper: counts whole, the rest to one decimal. */
function fr(v: number, unite: string): string {
  const decimals = ['jours', 'demandes', 'répondants', 'foyers', 'personnes', 'habitants', 'aides', 'euros', 'communes'].includes(unite) ? 0 : 1;
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

/** The Kaplan–Meier quantiles, by their published definition (read with the published database). */
const KAPLAN_MEIER = new Set<string>();

/** What a cell should read, or why it does not. */
function mismatch(cell: Cell, published: Map<string, Published>): string | undefined {
  const row = published.get(key(cell));
  if (!row) return `${key(cell)} : absente de published.duckdb`;
  const shown = norm(cell.texte);
  if (row.secret) return shown === SECRET ? undefined : `${key(cell)} : « ${shown} » au lieu de « ${SECRET} »`;
  // A Kaplan–Meier quantile with no value was not reached (too many still waiting): it says so.
  const vide = KAPLAN_MEIER.has(cell.indicateur) ? 'non atteint' : 'non disponible';
  if (row.valeur === null) return shown === vide ? undefined : `${key(cell)} : « ${shown} » au lieu de « ${vide} »`;
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
    const instance = await DuckDBInstance.create(pathsFor(dataDir).published, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const km = (await connection.runAndReadAll(`SELECT indicateur FROM catalogue WHERE definition LIKE '%Kaplan%'`)).getRowObjectsJS();
    for (const r of km) KAPLAN_MEIER.add(String(r.indicateur));
    connection.closeSync();
    instance.closeSync();
    expect(KAPLAN_MEIER.size).toBeGreaterThanOrEqual(9);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    server?.child.kill('SIGKILL');
  });

  /** Opens a page the way a person does; collects its console errors and the requests of the page and its workers. */
  async function open(pathname: string, width = 1300) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'fr-FR' });
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

  /**
   * What is wrong with the legends of the page's maps: two class limits written alike, limits out of
   * order, or a lightest class as white as « non disponible » (read from the drawn legend).
   */
  async function mapLegendProblems(page: Page): Promise<string[]> {
    const maps = page.locator('[data-graphique^=carte]');
    const count = await maps.count();
    if (count > 0) await expect.poll(() => page.locator('[data-graphique^=carte]:has(svg)').count(), { timeout: 15_000 }).toBe(count);
    return page.$$eval('[data-graphique^=carte] svg[class$="-ramp"]', (legends) => legends.flatMap((legend) => {
      const title = legend.closest('[data-graphique]')?.querySelector('figcaption')?.textContent ?? '';
      const limits = [...legend.querySelectorAll('.tick text')].map((t) => (t.textContent ?? '').trim());
      const fills = [...legend.querySelectorAll('g > rect')].map((r) => r.getAttribute('fill') ?? '');
      const problems: string[] = [];
      if (new Set(limits).size !== limits.length) problems.push(`${title} : limites répétées ${limits.join(' | ')}`);
      const numbers = limits.map((l) => Number(l.replace(/[\s\u202f\u00a0%]/g, '').replace(',', '.')));
      if (numbers.some((n, i) => Number.isNaN(n) || (i > 0 && n <= numbers[i - 1]))) problems.push(`${title} : limites dans le désordre ${limits.join(' | ')}`);
      if (fills.length !== limits.length + 1) problems.push(`${title} : ${fills.length} classes pour ${limits.length} limites`);
      // The lightest class: a visible blue, far from white (relative luminance below 0.8).
      const [r, g, b] = (fills[0]?.match(/[0-9a-f]{2}/gi) ?? []).map((h) => parseInt(h, 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      if (!(0.2126 * r + 0.7152 * g + 0.0722 * b < 0.8)) problems.push(`${title} : classe la plus claire ${fills[0]} trop proche du blanc de « non disponible »`);
      return problems;
    }));
  }

  it('was built by `solidata run` with the network cut, from the published database only', () => {
    const paths = pathsFor(dataDir);
    expect(existsSync(paths.published)).toBe(true);
    expect(existsSync(path.join(paths.dashboardDir, 'index.html'))).toBe(true);
    if (!process.env.SOLIDATA_TEST_DATA_DIR) expect(inject('networkCut')).toBe(true);
  });

  it('lists every page in its menu, in French, on one line, the themes under a menu the keyboard opens and closes', async () => {
    const { context, page } = await open('/', 1280);
    const links = await page.$$eval('nav a', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links).toEqual(PAGES);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    // One line at a desktop's width: the title, the four entries of the menu and the account link side by side.
    const header = page.locator('header.bandeau');
    const tops = await header.locator('.titre, nav > ul > li, .compte').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)));
    expect(tops).toHaveLength(6);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(8);
    // The themes are folded until asked for, by the keyboard alone.
    const theme = header.getByRole('link', { name: 'Proximité' });
    expect(await theme.isVisible()).toBe(false);
    const focused = () => page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()} ${(document.activeElement?.textContent ?? '').trim()}`);
    for (let i = 0; i < 8 && (await focused()) !== 'summary Thèmes'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('summary Thèmes');
    // Each key's effect is awaited: the page's handlers run after the key event, a frame later on a busy machine.
    await page.keyboard.press('Enter');
    await expect.poll(() => theme.isVisible()).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('a Accès aux droits');
    // Escape closes it and gives the focus back to its button.
    await page.keyboard.press('Escape');
    await expect.poll(() => theme.isVisible()).toBe(false);
    await expect.poll(focused).toBe('summary Thèmes');
    // A theme chosen: the menu closes on the new page, and says which theme is open.
    await page.keyboard.press('Space');
    await theme.click();
    await page.waitForURL((url) => url.pathname === '/proximite/');
    await expect.poll(() => theme.isVisible()).toBe(false);
    expect(norm(await header.locator('summary').textContent())).toBe('Thèmes, page actuelle : Proximité');
    expect(await header.locator('summary').getAttribute('class')).toMatch(/\bcourant\b/);
    await context.close();
  });

  it('prints the profile × territory table of the consultation whole at A4 width', async () => {
    // A4 less the PDF's margins (210 − 2 × 12 mm) at 96 dpi, with the print styles.
    const { context, page } = await open('/parole-citoyenne/', Math.floor(((210 - 24) / 25.4) * 96));
    await page.emulateMedia({ media: 'print' });
    const region = page.locator('.donnees', { has: page.locator('caption', { hasText: 'Par profil et par territoire' }) });
    expect(await region.count()).toBe(1);
    const { scroll, client, headers } = await region.evaluate((el) => ({
      scroll: el.scrollWidth, client: el.clientWidth,
      headers: [...el.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim()),
    }));
    expect(headers).toEqual(expect.arrayContaining(['Professionnel', 'Usager']));
    expect(scroll).toBeLessThanOrEqual(client + 1);
    await context.close();
  });

  /** The captions of the page cut at the screen's edge or inside their box, and how many tables scroll sideways. */
  const captionsOf = (page: Page) => page.$$eval('caption', (captions) => ({
    cut: captions.filter((c) => {
      const box = c.getBoundingClientRect();
      return box.width > 0 && (box.left < -1 || box.right > window.innerWidth + 1 || c.scrollWidth > c.clientWidth + 1);
    }).map((c) => (c.textContent ?? '').trim()),
    scrolling: captions.filter((c) => {
      const table = c.closest('table')!;
      return c.getBoundingClientRect().width > 0 && table.parentElement!.scrollWidth > table.parentElement!.clientWidth + 1;
    }).length,
  }));

  it('reads on a phone (390 px): no page wider than the screen, no long table left open, every caption whole', async () => {
    let scrolling = 0;
    for (const pathname of [...PAGES, '/indicateurs/allocataires_pour_1000_hab/']) {
      const { context, page } = await open(pathname, 390);
      await expect.poll(() => page.getByText('Loading').count()).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), pathname).toBeLessThanOrEqual(390);
      // A table wider than the screen scrolls sideways; its caption wraps within the screen, never cut.
      const captions = await captionsOf(page);
      expect(captions.cut, pathname).toEqual([]);
      scrolling += captions.scrolling;
      if (pathname.startsWith('/indicateurs/')) {
        expect(captions.scrolling, pathname).toBeGreaterThan(0);
        // Scrolled to its far end, the caption is still there to read.
        await page.locator('.donnees').first().evaluate((box) => box.scrollBy(10_000, 0));
        expect((await captionsOf(page)).cut, pathname).toEqual([]);
        await context.close();
        continue;
      }
      if (pathname === '/') expect(norm(await page.locator('h1').innerText())).toMatch(/^Observatoire des solidarités — [^—]+$/);
      // Long tables come after their chart, folded (a pivot or a « Par site » table a click away), on every theme page.
      if (pathname !== '/donnees/') {
        const open = await page.$$eval('table', (ts) => ts.filter((t) => t.querySelectorAll('tbody tr').length > 15 && !t.closest('details'))
          .map((t) => t.querySelector('caption')?.textContent ?? t.outerHTML.slice(0, 80)));
        expect(open, pathname).toEqual([]);
      }
      await context.close();
    }
    expect(scrolling).toBeGreaterThan(1);
  });

  /** Opens a page and checks what every page must: no error, nothing loading, charts drawn, figures equal to published.duckdb. */
  async function check(pathname: string, screenshot?: string) {
    const opened = await open(pathname);
    const { page, errors, outside } = opened;
    await expect.poll(() => page.getByText('Loading').count()).toBe(0);
    const charts = await page.locator('[data-graphique]').count();
    if (charts > 0) await expect.poll(() => page.locator('[data-graphique]:has(svg)').count(), { timeout: 15_000 }).toBe(charts);
    expect((await cellsOf(page)).map((c) => mismatch(c, published)).filter(Boolean), pathname).toEqual([]);
    const text = await page.locator('body').innerText();
    expect(text).not.toMatch(ENGLISH);
    expect(text).not.toMatch(/NaN|undefined|1970/);
    if (screenshot) await page.screenshot({ path: path.join(SCREENSHOTS, `${screenshot}.png`), fullPage: true });
    expect(outside()).toEqual([]);
    expect(errors, pathname).toEqual([]);
    return { ...opened, text };
  }

  it.each(PAGES)('%s opens with no error and no « Loading » left, every figure equal to published.duckdb, charts drawn', async (pathname) => {
    const { context, page, text } = await check(pathname, pathname === '/' ? 'accueil' : pathname.replaceAll('/', ''));
    if (pathname !== '/donnees/') expect((await cellsOf(page)).length).toBeGreaterThan(0);
    // What a person reads is French prose: no code (aide_alimentaire), id or setting name (proximite.distance_km),
    // but on the data page, which lists the tables and ids analysts query.
    if (pathname !== '/donnees/') expect(text.match(IDENTIFIANT) ?? [], pathname).toEqual([]);
    expect(await mapLegendProblems(page), pathname).toEqual([]);
    await context.close();
  });

  /** What the published database lists: catalogue, territories, sites and the best places to open on foot. */
  async function publishedLists() {
    const instance = await DuckDBInstance.create(pathsFor(dataDir).published, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    try {
      return {
        indicators: (await read('SELECT indicateur FROM catalogue ORDER BY 1')).map((r) => String(r.indicateur)),
        territories: (await read('SELECT DISTINCT territoire FROM communes ORDER BY 1')).map((r) => String(r.territoire)),
        sites: (await read('SELECT site_id FROM sites ORDER BY 1')).map((r) => String(r.site_id)),
        // A CCAS whose commune has CCAS figures: its page shows them.
        ccas: (await read(`SELECT s.site_id, s.code_commune FROM sites s WHERE s.type = 'ccas' AND EXISTS (SELECT 1 FROM indicateurs i
          JOIN catalogue k USING (indicateur) WHERE i.niveau = 'commune' AND i.code = s.code_commune AND k.sources LIKE '%ccas_aides%') ORDER BY 1 LIMIT 1`))
          .map((r) => ({ site: String(r.site_id), commune: String(r.code_commune) })),
        contours: Number((await read('SELECT count(*) AS n FROM contours'))[0].n),
        best: await read(`SELECT rang, commune, population_gagnee_ou_perdue AS gain FROM scenarios_proximite WHERE scenario = 'meilleurs' AND mode = 'marche' ORDER BY rang`),
      };
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  it('has a page per indicator, territory and site, all reachable from the data page, each correct', async () => {
    const lists = await publishedLists();
    const { context, page } = await open('/donnees/');
    const links = new Set(await page.$$eval('a[href]', (as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname)));
    await context.close();
    const slug = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    const indicatorPages = lists.indicators.map((id) => `/indicateurs/${id}/`);
    const territoryPages = lists.territories.map((t) => `/territoires/${slug(t)}/`);
    const sitePages = lists.sites.map((s) => `/sites/${slug(s)}/`);
    for (const p of [...indicatorPages, ...territoryPages, ...sitePages]) expect(links.has(p), p).toBe(true);
    // All built (prerendered), and correct in the browser: every indicator and territory, and the sites that publish figures.
    const built = (p: string) => existsSync(path.join(pathsFor(dataDir).dashboardDir, p, 'index.html'));
    expect([...indicatorPages, ...territoryPages, ...sitePages].filter((p) => !built(p))).toEqual([]);
    let maps = 0;
    for (const p of [...indicatorPages, ...territoryPages]) {
      const { context: c, page: pg, text } = await check(p, p.startsWith('/territoires/') && p === territoryPages[0] ? 'territoire' : undefined);
      expect(text).not.toMatch(/inconnu\b/);
      expect(norm(await pg.locator('h1').first().textContent())).not.toMatch(/inconnu/);
      // No id under the title nor anywhere a reader looks (an analysts' block keeps it, folded).
      expect(text.match(IDENTIFIANT) ?? [], p).toEqual([]);
      expect(await mapLegendProblems(pg), p).toEqual([]);
      maps += await pg.locator('[data-graphique^=carte] svg[class$="-ramp"]').count();
      await c.close();
    }
    // Most indicators are mapped by commune or territory: the legends above were really read.
    expect(maps).toBeGreaterThan(20);
    const withFigures = lists.sites.filter((s) => [...published.values()].some((r) => r.niveau === 'site' && r.code === s)).slice(0, 3);
    expect(withFigures.length).toBeGreaterThan(0);
    for (const [i, s] of withFigures.entries()) {
      const { context: c, page: pg, text } = await check(`/sites/${slug(s)}/`, i === 0 ? 'lieu' : undefined);
      expect(text).not.toMatch(/inconnu\b/);
      expect(text.match(IDENTIFIANT) ?? [], s).toEqual([]);
      expect((await cellsOf(pg)).some((cell) => cell.niveau === 'site' && cell.code === s)).toBe(true);
      await c.close();
    }
    expect(lists.ccas.length).toBe(1);
    const { context: c, page: pg, text } = await check(`/sites/${slug(lists.ccas[0].site)}/`);
    expect(text).not.toMatch(/Aucun indicateur/);
    expect((await cellsOf(pg)).filter((cell) => cell.niveau === 'commune' && cell.code === lists.ccas[0].commune).length).toBeGreaterThan(0);
    await c.close();
  }, 600_000);

  it('has a frozen-editions section on the data page, which says when there is none yet', async () => {
    const { context, page } = await open('/donnees/');
    await expect.poll(() => page.getByRole('heading', { name: 'Les éditions figées' }).count()).toBe(1);
    // The demo freezes no edition: the section says so in words, with no command line.
    expect(norm(await page.getByTestId('editions-aucune').textContent())).toMatch(/^Aucune édition figée pour l’instant\./);
    await context.close();
  });

  it('shows the data dictionary, linked from the data page: every published table and column, with its meaning', async () => {
    const instance = await DuckDBInstance.create(pathsFor(dataDir).published, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const columns = (await connection.runAndReadAll(`SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'main' ORDER BY 1, ordinal_position`))
      .getRowObjectsJS() as { t: string; c: string }[];
    connection.closeSync();
    instance.closeSync();
    const { context, page } = await check('/donnees/');
    await page.getByTestId('lien-dictionnaire').click();
    await page.waitForURL(/\/dictionnaire\/$/);
    await expect.poll(() => page.locator('section[data-table]').count()).toBeGreaterThan(5);
    const shown = await page.locator('section[data-table]').evaluateAll((sections) => sections.map((sec) => ({
      table: sec.getAttribute('data-table'),
      rows: [...sec.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
    })));
    const missing = columns.filter(({ t, c }) => !shown.find((s) => s.table === t)?.rows.some((r) => r[0] === c && r[2] && r[2] !== '—'));
    expect(missing).toEqual([]);
    // The warehouse too, folded.
    expect(await page.locator('details[data-table="marts.fct_demandes"]').count()).toBe(1);
    await context.close();
  });

  it('shows an indicator on its own page: definition, map, evolution, every value, and a CSV of exactly what is shown', async () => {
    const { context, page } = await check('/indicateurs/allocataires_pour_1000_hab/', 'indicateur');
    expect(norm(await page.getByTestId('titre-indicateur').textContent())).toBe('Foyers allocataires pour 1 000 habitants, par prestation');
    await expect.poll(() => page.locator('[data-graphique=carte] svg path').count()).toBeGreaterThan(200);
    expect(await page.locator('[data-graphique=evolution] svg').count()).toBeGreaterThan(0);
    expect(norm(await page.getByTestId('carte-phrase').first().textContent())).toMatch(/^Carte de 267 communes : de [\d,]+ foyers? pour 1 000 hab\. \(.+\) à [\d,]+ foyers pour 1 000 hab\. \(.+\) ; \d+ case\(s\) en secret statistique\.$/);

    // The communes only: masked cells among them, and the download says so too.
    await page.getByTestId('choix-niveau').selectOption('commune');
    const shown = await page.locator('[data-testid=tableau-indicateur] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c.textContent ?? '').trim())));
    expect(shown.length).toBeGreaterThan(100);
    expect(shown.some((r) => r.includes(SECRET))).toBe(true);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('telecharger-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^allocataires_pour_1000_hab_\d{4}-\d{2}_commune\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\ufeffNiveau;Nom;Code;Période;Ventilation;Valeur;Unité\r\n')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n').slice(1).map((l) => l.split(';'));
    expect(lines.length).toBe(shown.length);
    // Line by line the same cells; numbers without their thousands spaces and « % », so that a spreadsheet reads them.
    const plain = (t: string) => (t === SECRET ? t : t.replace(/[\u202f\u00a0]/g, '').replace(/\s?%$/, ''));
    expect(lines.map((l) => l.join('|'))).toEqual(shown.map((r) => r.map((t, i) => (i === 5 ? plain(t) : norm(t))).join('|')));
    await context.close();
  });

  it('maps who is within reach of a service point, and what opening or closing one would change', async () => {
    const lists = await publishedLists();
    const { context, page } = await check('/proximite/');
    const maps = page.locator('[data-graphique=carte]');
    expect(await maps.count()).toBe(2);
    // One shape per contour, the open places on top.
    await expect.poll(() => maps.nth(1).locator('svg[role=img] path').count()).toBeGreaterThanOrEqual(lists.contours);
    // Each territory outlined and named on a map of communes.
    const labels = await maps.nth(1).locator('svg[role=img] text').allTextContents();
    for (const t of lists.territories) expect(labels, t).toContain(t.replace(/^Territoire (de |du |des |d’)?/, ''));
    const trajets = page.getByTestId('trajets');
    expect(norm(await trajets.locator('figcaption').first().textContent())).toMatch(/à pied/);
    // The best places to open on foot, as published, in order.
    expect(lists.best.length).toBeGreaterThan(0);
    const rows = await trajets.locator('table').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    expect(rows.map((r) => [r[0], r[1], r[2].replace(/\s/g, '')])).toEqual(lists.best.map((b) => [String(b.rang), String(b.commune), Number(b.gain).toLocaleString('fr-FR').replace(/\s/g, '')]));
    expect(norm(await page.getByTestId('carte-phrase').nth(1).textContent())).toContain(`1. ${lists.best[0].commune}`);
    // By road everyone is within 30 minutes on the demo: the map and the sentence follow the mode chosen.
    await page.getByLabel('par la route').check();
    await expect.poll(async () => norm(await trajets.locator('figcaption').first().textContent())).toMatch(/par la route/);
    expect(await trajets.innerText()).toMatch(/aucun lieu ouvert au centre d’une commune ne mettrait de nouveaux habitants à portée/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'proximite-route.png'), fullPage: true });

    // Each mode by type of place: its definition, the département's bars first, the territories × types table folded
    // under them (not three tables of 45 rows); the types in words.
    const modes = ['part_population_proche_a_pied', 'part_population_proche_transport_commun', 'part_population_proche_route']
      .filter((m) => [...published.values()].some((r) => r.indicateur === m));
    expect(modes.length).toBe(3);
    for (const mode of modes) {
      const fiche = trajets.locator(`[id="${mode}"]`);
      const barres = fiche.locator('[data-graphique=barres]');
      await expect.poll(() => barres.locator('svg').count()).toBeGreaterThan(0);
      const types = await barres.locator('svg text').allTextContents();
      expect(types).toContain('Unité mobile');
      expect(types.filter((t) => /_/.test(t))).toEqual([]);
      const pivot = fiche.locator('details table');
      expect(await fiche.locator('details').getAttribute('open')).toBeNull();
      const head = await pivot.locator('thead th').allTextContents();
      expect(head.slice(0, 2).map(norm)).toEqual(['Territoire', 'Tous les lieux']);
      const typesPublies = new Set([...published.values()].filter((r) => r.indicateur === mode && r.niveau === 'departement' && r.dimension !== '').map((r) => r.modalite));
      expect(head.length).toBe(typesPublies.size + 2);
      expect(head.slice(2).map(norm)).toEqual(expect.arrayContaining(['Unité mobile', 'CCAS', 'France Services']));
      expect(await pivot.locator('tbody tr').count()).toBe(lists.territories.length + 1);
    }
    expect(await page.getByText('Par niveau').count()).toBe(0);
    // Mobile units count only at their stops, on their days and hours: a share of 0 % says why, where it shows.
    const zeros = modes.filter((m) => [...published.values()].some((r) => r.indicateur === m && r.niveau === 'departement' && r.modalite === 'itinerant' && r.valeur === 0));
    expect(zeros.length).toBeGreaterThan(0);
    const notes = trajets.getByTestId('unites-mobiles');
    expect(await notes.count()).toBe(zeros.length);
    expect(norm(await notes.first().textContent())).toMatch(/Le jour étudié \(mardi 2 septembre 2025, départs entre 8 h et 10 h\), aucune n’était à l’arrêt/);
    await context.close();
  });

  it('shows the schéma’s engagements: each place’s published status in words, a described trajectory, on the home page and the territory pages', async () => {
    const instance = await DuckDBInstance.create(pathsFor(dataDir).published, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll('SELECT engagement, titre, indicateur, niveau, code, libelle, statut FROM engagements ORDER BY ordre'))
      .getRowObjectsJS() as { engagement: string; titre: string; indicateur: string; niveau: string; code: string | null; libelle: string; statut: string }[];
    connection.closeSync();
    instance.closeSync();
    expect(new Set(rows.map((r) => r.statut))).toEqual(new Set(['atteint', 'en bonne voie', 'en retard', 'non mesurable']));

    const { context, page, text } = await check('/engagements/', 'engagements');
    for (const r of rows.filter((x) => x.code !== null)) {
      const line = page.locator(`[data-engagement="${r.engagement}"] tr[data-lieu="${r.code}"]`);
      expect(await line.getAttribute('data-statut-lieu'), `${r.engagement} ${r.code}`).toBe(r.statut);
      // The status is a word, never a colour alone.
      expect(norm(await line.locator('[data-statut]').innerText())).toContain(r.statut);
      // Right after the place: on a phone the columns after it scroll out of sight.
      expect(await line.locator('td').first().locator('[data-statut]').count()).toBe(1);
    }
    for (const statut of ['atteint', 'en bonne voie', 'en retard', 'non mesurable']) expect(text).toContain(statut);
    const engagements = [...new Set(rows.map((r) => r.engagement))];
    for (const id of engagements) {
      const label = await page.locator(`[data-graphique="trajectoire"][data-engagement="${id}"] svg[role="img"]`).first().getAttribute('aria-label');
      expect(label, id).toMatch(/^Trajectoire de l’engagement « .+ » pour .+ ; cible au (moins|plus) .+ ; statut : (atteint|en bonne voie|en retard|non mesurable)\.$/);
    }
    await context.close();

    // The home page: beside the département's figure, its engagement and status.
    const home = await open('/');
    const departement = rows.find((r) => r.niveau === 'departement' && r.code !== null)!;
    const card = home.page.locator(`[data-chiffre="${departement.indicateur}"] [data-engagement-chiffre="${departement.engagement}"]`);
    expect(norm(await card.innerText())).toContain(departement.statut);
    await home.context.close();

    // Beside an indicator's definition on its theme page: the département's engagement and status.
    const delais = rows.find((r) => r.indicateur === 'delai_premier_rdv_median' && r.niveau === 'departement')!;
    const theme = await open('/delais/');
    expect(norm(await theme.page.locator(`[data-fiche="delai_premier_rdv_median"] [data-engagement-fiche="${delais.engagement}"]`).innerText()))
      .toMatch(new RegExp(`^${delais.titre} : au plus .+ ; département .*${delais.statut}`));
    await theme.context.close();

    // A territory page lists the territory's engagements with their statuses.
    const territoire = rows.find((r) => r.niveau === 'territoire')!;
    const slug = territoire.libelle.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    const page2 = await open(`/territoires/${slug}/`);
    const listed = page2.page.locator('[data-testid="engagements-territoire"] li');
    expect(await listed.count()).toBe(rows.filter((r) => r.niveau === 'territoire' && r.code === territoire.code).length);
    expect(norm(await page2.page.locator(`[data-testid="engagements-territoire"] [data-engagement="${territoire.engagement}"]`).innerText())).toContain(territoire.statut);
    await page2.context.close();
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
    // Days whole, and a count's change also as a percentage: « 14 jours », « +718 demandes (+3,2 %) ».
    expect(norm(await page.locator('[data-chiffre="delai_premier_rdv_median"] .valeur').textContent())).toMatch(/^\d+ jours?$/);
    const change = norm(await page.locator('[data-chiffre="demandes_recues"] .evolution').textContent());
    expect(change).toMatch(/^(stable|[+−]\d{1,3}( \d{3})* demandes? \([+−]\d+,\d %\)) par rapport à /);
    // Each theme says in one sentence which of its figures changed most, with that figure's own change.
    const resumes = page.locator('[data-resume-theme]');
    expect(await resumes.count()).toBeGreaterThan(2);
    for (const text of await resumes.allTextContents()) expect(norm(text)).toMatch(/^Ce qui a le plus changé : .+, [+−]\d.* par rapport à .+\.$/);
    await page.goto(new URL('/moyens/', server.address).href, { waitUntil: 'networkidle' });
    const headers = await page.locator('table thead th').allTextContents();
    expect(headers.some((h) => /^(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/.test(norm(h)))).toBe(true);
    // A decimal comma, never a decimal point.
    const values = (await cellsOf(page)).map((c) => norm(c.texte)).filter((t) => t !== SECRET);
    expect(values.some((v) => /^\d+,\d$/.test(v))).toBe(true);
    expect(values.filter((v) => /\d\.\d/.test(v))).toEqual([]);
    await context.close();
  });

  it('says on the home whether each change is good for people, from the indicator’s header, and gives the France figure of the DREES', async () => {
    const instance = await DuckDBInstance.create(pathsFor(dataDir).published, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const read = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
    const fiches = new Map((await read(`SELECT indicateur, sens, periode, periode_prec, departement, unite FROM fiches`)).map((f) => [String(f.indicateur), f]));
    const france = new Map((await read(`SELECT indicateur, valeur, unite FROM indicateurs WHERE niveau = 'france' AND dimension = ''
      QUALIFY row_number() OVER (PARTITION BY indicateur ORDER BY periode DESC) = 1`)).map((r) => [String(r.indicateur), r]));
    connection.closeSync();
    instance.closeSync();
    const { context, page } = await open('/');
    const cards = await page.locator('[data-chiffre]').evaluateAll((els) => els.map((e) => ({
      indicateur: e.getAttribute('data-chiffre')!,
      sens: e.querySelector('[data-sens]')?.getAttribute('data-sens') ?? null,
      france: e.querySelector('[data-france]')?.textContent ?? null,
    })));
    let judged = 0;
    for (const card of cards) {
      const f = fiches.get(card.indicateur)!;
      const cell = (periode: unknown) => published.get(key({ indicateur: card.indicateur, niveau: 'departement', code: String(f.departement), periode: String(periode), dimension: '', modalite: '' }));
      const now = cell(f.periode);
      const before = f.periode_prec ? cell(f.periode_prec) : undefined;
      const drees = france.get(`${card.indicateur}_drees`);
      if (drees && drees.unite === f.unite) expect(norm(card.france), card.indicateur).toContain(fr(Number(drees.valeur), String(f.unite)));
      else expect(card.france, card.indicateur).toBeNull();
      const d = now && before && !now.secret && !before.secret && now.valeur !== null && before.valeur !== null ? now.valeur - before.valeur : null;
      if (!f.sens || d === null || Math.abs(d) < 0.05) {
        // No direction, nothing to compare, or a change that rounds to nothing: no judgement.
        if (!f.sens || d === null) expect(card.sens, card.indicateur).toBeNull();
        continue;
      }
      judged++;
      expect(card.sens, card.indicateur).toBe((d > 0) === (f.sens === 'hausse') ? 'favorable' : 'défavorable');
    }
    expect(judged).toBeGreaterThan(3);
    expect(cards.filter((c) => c.france !== null).length).toBeGreaterThan(0);
    await context.close();
  });

  it('takes a consultation imported from the browser and a delivery dropped in the inbox to the published figures and their pages', async () => {
    // The latest month of requests, delivered again by the same producer with every other line.
    const traites = path.join(dataDir, 'traites');
    const latest = readdirSync(traites).filter((f) => /sls_demandes_.*_\d{4}-\d{2}\.csv$/.test(f)).sort((a, b) => a.slice(-11).localeCompare(b.slice(-11))).at(-1)!;
    const period = latest.slice(-11, -4);
    const producer = /sls_demandes_(.+)_\d{4}-\d{2}\.csv$/.exec(latest.slice(latest.lastIndexOf('sls_demandes_')))![1];
    const lines = demoLines(path.join(traites, latest)).filter((_, i) => i === 0 || i % 2 === 1);
    const file = writeDelivery(tempDir(), `sls_demandes_${producer}_${period}.csv`, lines);
    // A consultation of the next year: the demo's export again, two respondents in three, as new
    // respondents (their own ids) answering a year later. It adds a consultation, replacing none.
    const delivered = readdirSync(traites).find((f) => /consultation_[^_]+_\d{4}\.csv$/.test(f))!;
    const [, consultationProducer, year] = /consultation_([^_]+)_(\d{4})\.csv$/.exec(delivered)!;
    const nextYear = String(Number(year) + 1);
    const [header, ...respondents] = csvRecords(demoLines(path.join(traites, delivered)));
    // Each record starts with its id and its date (the format's first two columns).
    expect(header.replace(/^\uFEFF/, '')).toMatch(/^reponse_id,date_reponse,/);
    const nextYears = respondents.filter((_, i) => i % 3 !== 0).map((r) => `N${r}`.replace(`,${year}-`, `,${nextYear}-`));
    const consultation = writeDelivery(tempDir(), `consultation_${consultationProducer}_${nextYear}.csv`, [header, ...nextYears]);

    const context = await browser.newContext({ locale: 'fr-FR' });
    await logIn(context, server.address, 'admin', password);
    const page = await context.newPage();
    const figure = async (pathname: string, indicateur: string) => {
      await page.goto(new URL(pathname, server.address).href, { waitUntil: 'networkidle' });
      return (await cellsOf(page)).find((c) => c.indicateur === indicateur && c.niveau === 'departement' && !c.dimension);
    };
    const requestsBefore = (await figure('/', 'demandes_recues'))!;
    const respondentsBefore = (await figure('/parole-citoyenne/', 'repondants_consultation'))!;
    expect(respondentsBefore.periode).toBe(year);

    // The consultation team's way: upload, check, confirm, then follow the job on the page.
    await page.goto(new URL('/import', server.address).href);
    await page.getByLabel('Fichier CSV ou XLSX').setInputFiles(consultation);
    await page.getByRole('button', { name: 'Contrôler le fichier' }).click();
    await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Fichier valide : à confirmer');
    // The page says these respondents add a consultation, before anything is loaded.
    expect(await page.locator('[data-effet="ajoute"]').innerText()).toContain(`nouvelle période de consultation (${nextYear})`);
    await page.getByRole('button', { name: 'Confirmer l’import' }).click();
    await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);
    // Meanwhile, the requests delivery lands in the inbox.
    copyFileSync(file, path.join(inboxDir(pathsFor(dataDir), 'sls_demandes'), path.basename(file)));
    // Ingestion, models, publication and a new Evidence build: a minute or two on a quiet machine.
    const status = page.locator('#etat');
    await expect.poll(async () => `${await status.getAttribute('data-etape')} ${await status.getAttribute('data-fini')}`, { timeout: 840_000, interval: 2_000 }).toMatch(/^(dashboard|refused|failed|published) oui$/);
    expect(await status.getAttribute('data-etape'), await page.locator('main').innerText()).toBe('dashboard');
    expect(await status.textContent()).toMatch(/^Tableau de bord à jour/);

    // The page then shows the new consultation by default, with the figure now published, and the
    // earlier one stays a choice away, unchanged.
    const now = await readPublished(pathsFor(dataDir).published);
    const respondentsNow = (await figure('/parole-citoyenne/', 'repondants_consultation'))!;
    expect(respondentsNow.periode).toBe(nextYear);
    expect(mismatch(respondentsNow, now)).toBeUndefined();
    expect(now.get(key(respondentsNow))!.valeur).toBe(nextYears.length);
    const selector = page.getByLabel('Consultation');
    expect(await selector.locator('option').allInnerTexts()).toEqual([nextYear, year]);
    await selector.selectOption(year);
    const shownFor = async () => (await cellsOf(page)).find((c) => c.indicateur === 'repondants_consultation' && c.niveau === 'departement' && !c.dimension)!;
    await expect.poll(async () => (await shownFor()).periode).toBe(year);
    const earlier = await shownFor();
    expect(earlier.texte).toBe(respondentsBefore.texte);
    expect(mismatch(earlier, now)).toBeUndefined();

    // The inbox delivery gets there on its own (the same rebuild, or the next one).
    const shown = async () => norm((await figure('/', 'demandes_recues'))?.texte ?? '');
    await expect.poll(shown, { timeout: 840_000, interval: 5_000 }).not.toBe(norm(requestsBefore.texte));
    const latestPublished = await readPublished(pathsFor(dataDir).published);
    const cell = (await figure('/', 'demandes_recues'))!;
    expect(mismatch(cell, latestPublished)).toBeUndefined();
    expect(latestPublished.get(key(cell))!.valeur).toBeLessThan(published.get(key(requestsBefore))!.valeur!);
    await context.close();
    expect(server.output()).toContain('Nouveau fichier dans la boîte de dépôt');
  }, 1_800_000);

  it('stops cleanly on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
