// The server in a real browser (Debian's Chromium): an anonymous visitor sees only the login page,
// a lecteur reads the dashboard but cannot import, an import account sends a refused consultation
// export and reads its report, then a good one, sees its columns mapped to the questions, confirms
// and follows the job to « Publié ». The dashboard served is the one the global setup built (read,
// never rebuilt); the import writes a copy of its data directory, and the worker here leaves the
// dashboard build aside.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { run, type Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { settingsFrom } from '../../pipelines/cli/command_settings.ts';
import { pathsFor, projectRoot, type Paths } from '../../pipelines/config.ts';
import { startPostgres, type PostgresHandle } from '../../pipelines/runner/postgres.ts';
import { prepareDatabase, workerOptions } from '../../pipelines/runner/worker.ts';
import { addAccount, migrateAuth } from '../../pipelines/server/accounts.ts';
import { startServer, type RunningServer } from '../../pipelines/server/server.ts';
import { uploadsDir } from '../../pipelines/ingest/inbox.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { launchChromium } from '../../pipelines/dashboard/chromium.ts';
import { firstAdminPassword, logIn as logInContext } from '../helpers/login.ts';
import { copyDataDirectory, csvRecords, demoLines, tempDir, writeDelivery } from '../helpers/fixtures.ts';
import { SHARED_BUILD_WAIT, sharedDashboard } from '../helpers/shared-dashboard.ts';

// The shared run builds in the background while the files that do not need it run.
beforeAll(() => sharedDashboard(), SHARED_BUILD_WAIT);

const PASSWORD = 'mot de passe de test 2025';
const SCREENSHOTS = path.join(projectRoot, 'test-results', 'serveur');

/** A copy of the shared data directory, but for its dashboard, which is served from where it was built. */
const copyDataDir = async (shared: string): Promise<Paths> => ({ ...pathsFor(await copyDataDirectory(shared, 'solidata-serveur-')), dashboardDir: pathsFor(shared).dashboardDir });

describe('the server in a real browser', () => {
  const shared = inject('dataDir');
  let paths: Paths;
  let postgres: PostgresHandle;
  let pool: pg.Pool;
  let worker: Runner;
  let server: RunningServer;
  let browser: Browser;
  let adminPassword: string;
  let consultation: { good: string; refused: string; name: string; records: number; badLines: number[] };

  beforeAll(async () => {
    paths = await copyDataDir(shared);
    const { settings } = settingsFrom({ 'data-dir': paths.dataDir });
    postgres = await startPostgres(undefined, paths.postgresDir);
    pool = await prepareDatabase(postgres.connectionString);
    const env = { pool, paths, settings, graph: loadGraph() };
    const { materialiser_partout: _dashboardBuild, ...tasks } = workerOptions(env).taskList!;
    worker = await run({ ...workerOptions(env), taskList: tasks });

    // The shared directory may have served already (the dashboard's tests start `solidata start` on
    // it, and import there): this copy starts with no account and no pending upload, as on a first start.
    await migrateAuth(pool);
    await pool.query('DELETE FROM solidata_auth.sessions; DELETE FROM solidata_auth.uploads; DELETE FROM solidata_auth.accounts');
    rmSync(uploadsDir(paths), { recursive: true, force: true });
    mkdirSync(uploadsDir(paths), { recursive: true });
    const said = vi.spyOn(console, 'log');
    server = await startServer(env, { port: 0, host: '127.0.0.1', settings: { loginsPerMinute: 1000 } });
    adminPassword = firstAdminPassword(said.mock.calls.map((c) => String(c[0])).join('\n'))!;
    said.mockRestore();
    await addAccount(pool, 'ines', 'import', PASSWORD);
    await addAccount(pool, 'louis', 'lecteur', PASSWORD);

    // The consultation export the demo delivered: every other respondent again (a good file that
    // replaces it), and all of them with a bad profile and a bad date (a refused one).
    const traites = path.join(paths.dataDir, 'traites');
    // The demo's own export: the largest (other tests may have imported smaller ones into the shared directory).
    const delivered = readdirSync(traites).filter((f) => /consultation_[^_]+_\d{4}\.csv$/.test(f))
      .sort((a, b) => statSync(path.join(traites, b)).size - statSync(path.join(traites, a)).size)[0];
    const name = /(consultation_[^_]+_\d{4}\.csv)$/.exec(delivered)![1];
    const [header, ...rows] = csvRecords(demoLines(path.join(traites, delivered)));
    const dir = tempDir();
    const refusedDir = path.join(dir, 'refuse');
    mkdirSync(refusedDir);
    const good = rows.filter((_, i) => i % 2 === 0);
    const bad = rows.map((r, i) => (i === 1 ? r.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*,/, '$1voisin,') : i === 3 ? r.replace(/^([^,]*,)[^,]*,/, '$12025-02-30,') : r));
    // The line a text editor shows for a record: after the header and the lines of the records before it.
    const lineOf = (i: number) => 2 + rows.slice(0, i).reduce((n, r) => n + r.split('\n').length, 0);
    consultation = {
      name,
      good: writeDelivery(dir, name, [header, ...good]),
      refused: writeDelivery(refusedDir, name, [header, ...bad]),
      records: good.length,
      badLines: [lineOf(1), lineOf(3)],
    };
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await worker?.stop();
    await pool?.end();
    await postgres?.stop();
    if (paths) rmSync(paths.dataDir, { recursive: true, force: true });
  });

  /** A fresh browser profile; its page's errors (CSP violations among them) are collected. */
  async function visit(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', baseURL: server.address });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    return { context, page, errors };
  }

  /** Waits for the page to reach a URL; if it does not, says what the page shows instead. */
  async function arrival(page: Page, url: RegExp) {
    try {
      await page.waitForURL(url, { timeout: 120_000 });
    } catch (error) {
      throw new Error(`${(error as Error).message}\nLa page montre : ${page.url()}\n${await page.locator('main').innerText().catch(() => '')}`);
    }
  }

  async function logIn(page: Page, name: string, password = PASSWORD) {
    await page.getByLabel('Nom du compte').fill(name);
    await page.getByLabel('Mot de passe').fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  it('shows an anonymous visitor the login page and nothing else', async () => {
    const { context, page } = await visit();
    for (const pathname of ['/', '/delais/', '/parole-citoyenne/', '/import', '/admin']) {
      await page.goto(pathname);
      expect(new URL(page.url()).pathname, pathname).toBe('/connexion');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Connexion');
      expect(await page.locator('body').innerText()).not.toContain('Observatoire des solidarités');
    }
    // The dashboard's files themselves, as a script or a curious visitor would ask for them.
    const dashboard = pathsFor(shared).dashboardDir;
    const script = readdirSync(path.join(dashboard, '_app', 'immutable', 'entry'))[0];
    const data = readdirSync(path.join(dashboard, 'data'), { recursive: true, withFileTypes: true }).find((e) => e.isFile())!;
    for (const url of [`/_app/immutable/entry/${script}`, `/${path.relative(dashboard, path.join(data.parentPath, data.name))}`, '/index.html', '/api/pagesManifest.json']) {
      const response = await context.request.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBe(401);
      expect(await response.text()).toBe('Connexion requise.');
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, 'connexion.png') });
    await context.close();
  });

  it('logs in (after a wrong password), with an HttpOnly SameSite=Strict cookie, and shows the dashboard whole', async () => {
    const { context, page, errors } = await visit();
    await page.goto('/delais/');
    await logIn(page, 'louis', 'pas le bon mot de passe');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Nom de compte ou mot de passe incorrect.');
    // The refused login's page came with its 401: only what follows the good one counts.
    errors.length = 0;
    await logIn(page, 'louis');
    await page.waitForURL((url) => url.pathname === '/delais/');
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.getByText('Loading').count()).toBe(0);
    // Figures computed in the browser by Evidence's DuckDB (WebAssembly, workers): the CSP lets them through.
    await expect.poll(() => page.locator('[data-indicateur]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const cookie = (await context.cookies()).find((c) => c.name === 'solidata_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps a lecteur out of the import', async () => {
    const { context, page } = await visit();
    await page.goto('/import');
    await logIn(page, 'louis');
    await page.waitForURL((url) => url.pathname === '/import');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Accès réservé');
    expect(await page.locator('main').innerText()).toContain('permet de lire le tableau de bord, pas d’importer des fichiers');
    expect(await page.locator('input[type=file]').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Importer un fichier' }).count()).toBe(0);
    await context.close();
  });

  it('wears the dashboard’s header on the import page: same title and menu, the themes under one menu, labels on their controls, axe clean', async () => {
    // The CSP forbids inline scripts, axe's among them: this visit alone lets it in.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', baseURL: server.address, bypassCSP: true });
    const page = await context.newPage();
    await page.goto('/import');
    await logIn(page, 'ines');
    await page.waitForURL((url) => url.pathname === '/import');
    const header = async () => ({
      title: (await page.locator('header .titre').textContent())?.trim(),
      links: await page.locator('header nav[aria-label="Pages du tableau de bord"] a').evaluateAll((as) => as.map((a) => [new URL((a as HTMLAnchorElement).href).pathname, (a.textContent ?? '').trim()])),
      themes: (await page.locator('header nav[aria-label="Pages du tableau de bord"] summary').textContent())?.trim(),
    });
    const onImport = await header();
    // The import account's own links, beside the dashboard's menu.
    expect(await page.locator('header nav.compte a').allTextContents()).toEqual(['Importer un fichier', 'Mon compte']);
    // Themes open with the keyboard, as on the dashboard.
    const theme = page.locator('header').getByRole('link', { name: 'Parole citoyenne' });
    expect(await theme.isVisible()).toBe(false);
    await page.locator('header summary').focus();
    await page.keyboard.press('Enter');
    expect(await theme.isVisible()).toBe(true);
    // Every radio button and file field has its label (clicking the label checks the control).
    expect(await page.getByLabel(/^Aides des CCAS/).getAttribute('value')).toBe('ccas_aides');
    await page.locator('label[for=source-ccas_aides]').click();
    expect(await page.locator('input[name=source][value=ccas_aides]').isChecked()).toBe(true);
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      // @ts-expect-error axe is injected above
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return (result.violations as { id: string; impact: string }[]).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'import-entete.png') });

    await page.goto('/');
    await page.waitForLoadState('networkidle');
    const onDashboard = await header();
    expect(onImport).toEqual(onDashboard);
    expect(onImport.title).toBe('Observatoire des solidarités');
    expect(onImport.themes).toBe('Thèmes');
    expect(onImport.links.length).toBeGreaterThan(10);
    await context.close();
  });

  it('drafts the questionnaire of a new consultation from its columns: completed in the page, an error beside its field, then the file valid, adding a period, with the time to expect; axe clean', async () => {
    // The CSP forbids inline scripts, axe's among them: this visit alone lets it in.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', baseURL: server.address, bypassCSP: true });
    const page = await context.newPage();
    const axe = async () => {
      await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
      return page.evaluate(async () => {
        // @ts-expect-error axe is injected above
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return (result.violations as { id: string; impact: string }[]).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      });
    };
    const dir = tempDir();
    const file = path.join(dir, 'consultation_ateliers_2026.csv');
    writeFileSync(file, [
      'reponse_id;date_reponse;code_postal;profil;tranche_age;Q1 - Où avez-vous entendu parler des ateliers ?;Q2 - Note de l’atelier;Q3 - Reviendrez-vous ?',
      'T1;2026-03-01;41000;usager;25_39;Mairie|Affiche;4;Oui',
      'T2;2026-03-02;41100;elu;55_64;Affiche;5;Non',
      'T3;2026-03-03;41200;autre;40_54;;2;Oui',
    ].join('\n') + '\n');
    await page.goto('/import');
    await logIn(page, 'ines');
    await page.waitForURL((url) => url.pathname === '/import');
    await page.getByLabel('Fichier CSV ou XLSX').setInputFiles(file);
    await page.getByRole('button', { name: 'Contrôler le fichier' }).click();
    await arrival(page, /\/import\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Décrire le questionnaire');
    // One block per question column, drafted from the header and the answers read.
    expect(await page.locator('fieldset[data-question]').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-question')))).toEqual(['Q1', 'Q2', 'Q3']);
    const q1 = page.locator('fieldset[data-question=Q1]');
    expect(await q1.getByLabel('Texte de la question').inputValue()).toBe('Où avez-vous entendu parler des ateliers ?');
    expect(await q1.getByLabel('Type').inputValue()).toBe('choix_multiple');
    expect(await q1.getByLabel(/^Réponses admises/).inputValue()).toBe('Affiche\nMairie');
    const q2 = page.locator('fieldset[data-question=Q2]');
    expect(await q2.getByLabel('Type').inputValue()).toBe('echelle');
    expect([await q2.getByLabel('Échelle : plus petite valeur').inputValue(), await q2.getByLabel('plus grande valeur').inputValue()]).toEqual(['2', '5']);
    expect(await axe()).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'questionnaire-brouillon.png'), fullPage: true });

    // Sent without its title and with a scale bound that is not a number: said beside each field.
    await q2.getByLabel('Échelle : plus petite valeur').fill('un');
    await page.getByRole('button', { name: 'Enregistrer la description et contrôler le fichier' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Décrire le questionnaire');
    const title = page.getByLabel(/^Titre/);
    expect(await title.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await title.getAttribute('aria-describedby')}`).textContent()).toBe('le titre est à remplir');
    expect(await page.locator('#Q2_min-erreur').textContent()).toBe('un nombre entier');
    expect(await page.getByRole('alert').innerText()).toContain('2 champ(s) à corriger');
    // The summary's link leads to the field.
    await page.getByRole('alert').getByRole('link', { name: 'Titre' }).click();
    expect(new URL(page.url()).hash).toBe('#titre');
    expect(await axe()).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'questionnaire-erreurs.png'), fullPage: true });

    await title.fill('Ateliers du schéma (2026)');
    await q2.getByLabel('Échelle : plus petite valeur').fill('1');
    await page.getByRole('button', { name: 'Enregistrer la description et contrôler le fichier' }).click();
    await arrival(page, /\/import\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Fichier valide : à confirmer');
    expect(await page.locator('main').innerText()).toContain('Correspondance des colonnes avec le questionnaire « Ateliers du schéma (2026) »');
    // The demo's consultation (2025) is loaded: these respondents add a period, they replace nothing.
    const effect = page.locator('[data-effet]');
    expect(await effect.getAttribute('data-effet')).toBe('ajoute');
    expect(await effect.innerText()).toMatch(/Ces répondants s’ajoutent comme une nouvelle période de consultation \(2026\)[^]*2025 \(mon-avis-citoyen/);
    // The demo's run is in the history: an estimate in minutes, and the page where the results will be.
    expect(await page.locator('[data-estimation]').getAttribute('data-estimation')).toMatch(/^\d+$/);
    expect(await page.locator('main').innerText()).toMatch(/comptez environ \d+ (min|s)/);
    expect(await page.locator('main a[href="/parole-citoyenne/"]').count()).toBe(1);
    expect(await axe()).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'questionnaire-valide.png'), fullPage: true });
    // Left unconfirmed: the next test imports the demo's export into this copy.
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.waitForURL((url) => url.pathname === '/import');
    await context.close();
  }, 120_000);

  it('lets an import account send a consultation export: refused with its report, then accepted, mapped, confirmed and followed to « Publié »', async () => {
    const { context, page, errors } = await visit();
    await page.goto('/import');
    await logIn(page, 'ines');
    await page.waitForURL((url) => url.pathname === '/import');
    // Consultation first, and chosen.
    const sources = page.locator('input[name=source]');
    expect(await sources.first().getAttribute('value')).toBe('consultation');
    expect(await sources.first().isChecked()).toBe(true);

    // A refused file: its report, line by line, column by column, in French.
    await page.getByLabel('Fichier CSV ou XLSX').setInputFiles(consultation.refused);
    await page.getByRole('button', { name: 'Contrôler le fichier' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Fichier refusé');
    expect(await page.getByRole('alert').textContent()).toContain(`Le fichier « ${consultation.name} »`);
    const profil = page.locator('tr', { has: page.locator('td', { hasText: /^profil$/ }) });
    expect(await profil.first().locator('td').first().textContent()).toBe(String(consultation.badLines[0]));
    expect(await profil.first().innerText()).toMatch(/voisin[^]*usager/);
    const date = page.locator('tr', { has: page.locator('td', { hasText: /^date_reponse$/ }) });
    expect(await date.first().locator('td').first().textContent()).toBe(String(consultation.badLines[1]));
    expect(await page.locator('main').innerText()).toContain('À faire :');
    expect(readdirSync(uploadsDir(paths))).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'rapport-refus.png'), fullPage: true });
    // The report came with its 422, which Chromium logs: only what follows counts.
    errors.length = 0;

    // A good file: the columns mapped to the questionnaire's questions.
    await page.getByRole('link', { name: 'Envoyer un autre fichier' }).click();
    await page.getByLabel('Fichier CSV ou XLSX').setInputFiles(consultation.good);
    await page.getByRole('button', { name: 'Contrôler le fichier' }).click();
    await arrival(page, /\/import\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Fichier valide : à confirmer');
    expect(await page.getByRole('status').first().textContent()).toContain(`${consultation.records.toLocaleString('fr-FR')} ligne(s)`);
    const questions = await page.locator('tr[data-question]').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-question'), r.children[0].textContent]));
    expect(questions.map((q) => q[0])).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5', 'Q6', 'Q7']);
    for (const [id, header] of questions) expect(header).toMatch(new RegExp(`^${id} - `));
    expect(await page.locator('tr[data-question=Q2]').innerText()).toMatch(/Avez-vous renoncé[^]*choix unique[^]*Oui · Non · Ne sait pas/);
    expect(await page.locator('tr[data-question=Q5]').innerText()).toContain('de 1 à 5');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'correspondance.png'), fullPage: true });

    // Confirmed: followed on the page, which asks the server as the job moves on.
    await page.getByRole('button', { name: 'Confirmer l’import' }).click();
    await page.waitForURL(/\/import\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Suivi de l’import');
    const status = page.locator('#etat');
    // Until published, or until the page says it is over (refused, failed): then, why.
    await expect.poll(async () => (await status.getAttribute('data-etape')) === 'published' || (await status.getAttribute('data-fini')) === 'oui',
      { timeout: 300_000, interval: 1000 }).toBe(true);
    expect(`${await status.getAttribute('data-etape')} ${await page.locator('main').innerText()}`).toMatch(/^published Suivi/);
    expect(await status.textContent()).toMatch(/^Publié/);
    expect(await page.locator('.etapes li.fait').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Recalcul des indicateurs/), expect.stringMatching(/^Publié/)]));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'suivi-publie.png'), fullPage: true });
    expect(errors).toEqual([]);

    // The published database now holds this delivery, in place of the demo's.
    const db = await openDatabase(paths.published, { readOnly: true });
    try {
      // Of its producer and period (another test may add a consultation of another year to the shared directory).
      const [, producer, period] = /consultation_([^_]+)_(\d{4})\.csv$/.exec(consultation.name)!;
      const rows = await queryRows<{ fichier: string; lignes: number; active: boolean }>(db.connection,
        `SELECT fichier, lignes::INTEGER AS lignes, active FROM livraisons WHERE source = 'consultation' AND producteur = $producer AND periode = $period ORDER BY recue_le`,
        { producer, period });
      expect(rows.at(-1)).toEqual({ fichier: consultation.name, lignes: consultation.records, active: true });
      expect(rows.filter((r) => r.active)).toHaveLength(1);
    } finally {
      db.close();
    }
    await context.close();
  }, 400_000);

  it('shows the admin every login and import in the audit log, and the runs', async () => {
    const { context, page } = await visit();
    // Signed in the way tests that only read the dashboard do (tests/helpers/login.ts).
    await logInContext(context, server.address, 'admin', adminPassword);
    await page.goto('/admin');
    const journal = await page.locator('section[aria-labelledby=journal]').innerText();
    for (const line of [/ines\s+import confirmé/, /ines\s+fichier envoyé et refusé/, /ines\s+fichier envoyé et valide/, /louis\s+connexion refusée/, /louis\s+connexion/, /admin\s+premier compte admin créé/]) {
      expect(journal).toMatch(line);
    }
    expect(await page.locator('section[aria-labelledby=travaux] tbody tr').count()).toBeGreaterThan(0);
    // Each run folded under its summary line, which names the sources it loaded; its steps inside.
    expect(await page.locator('section[aria-labelledby=travaux] details summary').allInnerTexts()).toContainEqual(expect.stringContaining('sources chargées : Consultation citoyenne'));
    await context.close();
  });
});
