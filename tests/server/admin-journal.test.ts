// The administration page over HTTP (Fastify's inject), with a real embedded Postgres: the journal
// filtered by who, what and which days, paged by 50, in words (no identifier a person cannot read),
// and the recent runs step by step with their durations.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { pathsFor } from '../../pipelines/config.ts';
import { addAccount } from '../../pipelines/server/accounts.ts';
import { buildApp } from '../../pipelines/server/app.ts';
import { DEFAULT_SERVER_SETTINGS } from '../../pipelines/server/context.ts';
import { duration } from '../../pipelines/server/admin_pages.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { testPostgres } from './postgres.ts';

const PASSWORD = 'mot de passe de test 2025';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let pool: pg.Pool;
let stop: () => Promise<void>;
let app: FastifyInstance;
let cookie: string;

/** An audit entry at a given instant, as the server writes them. */
const entry = (at: string, account: string | null, action: string, detail: object = {}, address = '192.0.2.7') =>
  pool.query('INSERT INTO solidata_auth.audit (at, account, action, address, detail) VALUES ($1, $2, $3, $4, $5)', [at, account, action, address, JSON.stringify(detail)]);

const admin = async (query = '') => {
  const response = await app.inject({ url: `/admin${query}`, headers: { cookie } });
  expect(response.statusCode).toBe(200);
  return response.body;
};

/** The journal section's markup. */
const journalOf = (body: string) => body.slice(body.indexOf('<section aria-labelledby="journal">'));
/** The journal's rows, each as the text a person reads. */
const rowsOf = (body: string) => [...(/<tbody>([\s\S]*?)<\/tbody>/.exec(journalOf(body))?.[1] ?? '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
  .map((m) => visibleText(m[1]));
/** What a person sees: the text without tags, attributes, scripts and styles. */
const visibleText = (markup: string) => markup.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]*>/g, ' ')
  .replace(/&[a-z#0-9]+;/g, ' ').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  const dir = tempDir();
  ({ pool, stop } = await testPostgres(dir));
  const paths = { ...pathsFor(path.join(dir, 'donnees')), dashboardDir: path.join(dir, 'dashboard') };
  mkdirSync(paths.dashboardDir, { recursive: true });
  writeFileSync(path.join(paths.dashboardDir, 'index.html'), '<h1>Tableau de bord</h1>');
  for (const [name, role] of [['chef', 'admin'], ['ines', 'import'], ['louis', 'lecteur']] as const) await addAccount(pool, name, role, PASSWORD);
  app = await buildApp({ pool, paths, graph: loadGraph(), settings: { ...DEFAULT_SERVER_SETTINGS, loginsPerMinute: 1000 } });
  const response = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'chef', mot_de_passe: PASSWORD, suite: '/' } });
  cookie = `solidata_session=${response.cookies.find((c) => c.name === 'solidata_session')!.value}`;

  // November 2026 (Paris is UTC+1): a few entries of several people and actions.
  await entry('2026-11-10T09:00:00Z', 'ines', 'upload_validated', { source: 'consultation', fichier: '/srv/envois/abc/consultation_mon-avis_2026.csv', lignes: 1234 });
  await entry('2026-11-11T23:30:00Z', 'louis', 'login'); // 12 November, 00:30 in Paris
  await entry('2026-11-12T23:30:00Z', 'louis', 'logout'); // 13 November, 00:30 in Paris
  await entry('2026-11-20T10:00:00Z', 'chef', 'account_added', { compte: 'zoe', role: 'import' });
});
afterAll(async () => {
  await app?.close();
  await stop?.();
});

describe('the journal', () => {
  it('filters by account: another person’s entries are absent', async () => {
    const rows = rowsOf(await admin('?qui=ines'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('ines');
    expect(rows[0]).toContain('fichier envoyé et valide');
    expect(rows.join('\n')).not.toMatch(/louis|chef/);
    // The filter is an exact name, not a pattern, and a quote is only a character.
    expect(rowsOf(await admin(`?qui=${encodeURIComponent("' OR 1=1 --")}`))).toEqual([]);
    expect(rowsOf(await admin('?qui=%25'))).toEqual([]);
  });

  it('filters by action, and says so when the action is unknown', async () => {
    const rows = rowsOf(await admin('?quoi=account_added'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('compte « zoe », rôle import');
    const unknown = await admin('?quoi=drop_table');
    expect(journalOf(unknown)).toContain('Action « drop_table » inconnue');
    expect(rowsOf(unknown).length).toBeGreaterThanOrEqual(4);
  });

  it('filters by days, Paris days, both ends included', async () => {
    // The login at 23:30 UTC on the 11th is on the 12th in Paris; the logout at 23:30 UTC on the 12th, on the 13th:
    // a filter by UTC days would show the logout on the 12th instead.
    const twelfth = rowsOf(await admin('?qui=louis&depuis=2026-11-12&jusqua=2026-11-12'));
    expect(twelfth).toHaveLength(1);
    expect(twelfth[0]).toContain('connexion');
    expect(twelfth[0]).toContain('12/11/2026 00:30');
    const thirteenth = rowsOf(await admin('?qui=louis&depuis=2026-11-13'));
    expect(thirteenth).toHaveLength(1);
    expect(thirteenth[0]).toContain('déconnexion');
    expect(rowsOf(await admin('?jusqua=2026-11-11'))).toHaveLength(1);
    expect(rowsOf(await admin('?depuis=2026-11-14&jusqua=2026-11-30')).map((r) => r.includes('zoe'))).toEqual([true]);
  });

  it('ignores a date that is not a day, and says which', async () => {
    for (const bad of ['2026-02-30', '12/11/2026', "2026-11-12'"]) {
      const body = await admin(`?qui=louis&depuis=${encodeURIComponent(bad)}`);
      expect(journalOf(body)).toMatch(/Date « [^»]+ » \(Du\) non reconnue/);
      expect(rowsOf(body)).toHaveLength(2);
    }
  });

  it('pages by 50: 51 entries make two pages, linked both ways, the filter kept', async () => {
    for (let i = 0; i < 51; i++) await entry(new Date(Date.UTC(2026, 9, 1, 8, i)).toISOString(), 'pagine', 'login_refused');
    const first = await admin('?qui=pagine');
    const second = await admin('?qui=pagine&page=2');
    expect(rowsOf(first)).toHaveLength(50);
    expect(rowsOf(second)).toHaveLength(1);
    // Newest first: the first entry written (08:00) is the one left for page 2.
    expect(rowsOf(second)[0]).toContain('01/10/2026 10:00');
    expect(rowsOf(first)).not.toContain(rowsOf(second)[0]);
    expect(journalOf(first)).toContain('51 entrée(s) pour ce filtre — page 1 sur 2');
    expect(journalOf(first)).toContain('href="/admin?qui=pagine&amp;page=2#journal" rel="next"');
    expect(journalOf(first)).not.toContain('rel="prev"');
    expect(journalOf(second)).toContain('href="/admin?qui=pagine#journal" rel="prev"');
    expect(journalOf(second)).not.toContain('rel="next"');
    // Past the last page, the last page.
    expect(rowsOf(await admin('?qui=pagine&page=99'))).toEqual(rowsOf(second));
    expect(journalOf(await admin('?qui=pagine&page=99'))).toContain('page 2 sur 2');
    // A page number that is not one shows the first page.
    expect(rowsOf(await admin('?qui=pagine&page=-3'))).toEqual(rowsOf(first));
    // 50 exactly: one page, no links.
    await pool.query(`DELETE FROM solidata_auth.audit WHERE id = (SELECT min(id) FROM solidata_auth.audit WHERE account = 'pagine')`);
    const fifty = await admin('?qui=pagine');
    expect(rowsOf(fifty)).toHaveLength(50);
    expect(journalOf(fifty)).not.toContain('Pages du journal');
    await pool.query(`DELETE FROM solidata_auth.audit WHERE account = 'pagine'`);
  });

  it('binds every filter control to its label', async () => {
    const form = /<form method="get"[\s\S]*?<\/form>/.exec(journalOf(await admin()))![0];
    const ids = [...form.matchAll(/<(?:input|select)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['qui', 'quoi', 'depuis', 'jusqua']);
    for (const id of ids) expect(form).toContain(`<label for="${id}">`);
    expect([...form.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1])).toEqual(['qui', 'quoi', 'depuis', 'jusqua']);
  });
});

describe('no identifier a person cannot read', () => {
  it('names the file of an import and links to its follow-up, with no UUID in the visible text', async () => {
    const upload = randomUUID();
    const run = randomUUID();
    await pool.query(
      `INSERT INTO solidata_auth.uploads (id, account, source, file_name, path, state, run_id) VALUES ($1, 'ines', 'consultation', 'avis_2026.csv', '/tmp/x', 'confirmed', $2)`,
      [upload, run]);
    await entry('2026-11-21T10:00:00Z', 'ines', 'import', { source: 'consultation', fichier: 'avis_2026.csv', run });
    await entry('2026-11-21T10:01:00Z', 'ines', 'future_action', { run, fichier: '/srv/envois/x/avis.csv' });
    await pool.query(`INSERT INTO solidata.materialisations (run_id, asset, status, started_at, ended_at) VALUES ($1, 'raw.consultation', 'success', '2026-11-21T10:00:00Z', '2026-11-21T10:00:30Z')`, [run]);
    const body = await admin();
    const [row] = rowsOf(await admin('?quoi=import'));
    expect(row).toContain('Consultation citoyenne, fichier « avis_2026.csv » — suivi de l’import');
    expect(journalOf(body)).toContain(`<a href="/import/${upload}">suivi de l’import</a>`);
    expect(visibleText(body)).not.toMatch(UUID);
    expect(visibleText(body)).not.toContain('/srv/envois');
  });
});

describe('recent runs', () => {
  /** A materialisation that began `from` seconds and ended `to` seconds after the run began. */
  const step = (run: string, asset: string, status: string, from: number, to: number | null, rows: number | null = null) =>
    pool.query(
      `INSERT INTO solidata.materialisations (run_id, asset, status, started_at, ended_at, rows)
       VALUES ($1, $2, $3, timestamptz '2026-12-01 08:00:00Z' + make_interval(secs => $4), timestamptz '2026-12-01 08:00:00Z' + make_interval(secs => $5), $6)`,
      [run, asset, status, from, to, rows]);

  it('shows a run step by step, each with its duration in French, the longest named', async () => {
    const run = randomUUID();
    await step(run, 'raw.consultation', 'success', 0, 12, 1600);
    await step(run, 'staging.stg_consultation__repondants', 'success', 12, 12.4);
    await step(run, 'publication', 'success', 13, 85);
    await step(run, 'dashboard', 'success', 85, 508);
    const body = await admin();
    const section = /<details class="travail"[\s\S]*?<\/details>/.exec(body.slice(body.indexOf('id="travaux"')))![0];
    const summary = visibleText(/<summary>([\s\S]*?)<\/summary>/.exec(section)![1]);
    expect(summary).toContain('01/12/2026 09:00 — 8 min 28 s — réussi — 4 étape(s) — sources chargées : Consultation citoyenne');
    expect(summary).toContain('la plus longue : tableau de bord (7 min 3 s)');
    const steps = [...section.matchAll(/<tr data-etape="[^"]+">([\s\S]*?)<\/tr>/g)].map((m) => visibleText(m[1]));
    expect(steps).toEqual([
      'chargement : Consultation citoyenne 09:00:00 12 s réussi 1 600',
      'staging.stg_consultation__repondants 09:00:12 moins d’1 s réussi',
      'publication 09:00:13 1 min 12 s réussi',
      'tableau de bord 09:01:25 7 min 3 s réussi',
    ]);
    expect(visibleText(body)).not.toMatch(UUID);
  });

  it('says which step failed, which were not done, and which still run', async () => {
    const failed = randomUUID();
    await step(failed, 'marts.fct_demandes', 'failed', 3600, 3605);
    await step(failed, 'publication', 'skipped', 3605, 3605);
    const running = randomUUID();
    await step(running, 'dashboard', 'running', 7200, null);
    const body = await admin();
    const runs = [...body.matchAll(/<details class="travail"[\s\S]*?<\/details>/g)].map((m) => visibleText(m[0]));
    expect(runs[0]).toMatch(/^01\/12\/2026 11:00 — en cours — 1 étape\(s\)/);
    expect(runs[1]).toMatch(/^01\/12\/2026 10:00 — 5 s — en échec/);
    expect(runs[0]).toContain('tableau de bord 11:00:00 en cours en cours');
    expect(runs[1]).toContain('en échec : marts.fct_demandes');
    expect(runs[1]).toContain('publication 10:00:05 moins d’1 s non fait (amont en échec)');
  });
});

describe('durations in French', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
  it.each([[0.4, 'moins d’1 s'], [1, '1 s'], [59, '59 s'], [60, '1 min'], [72, '1 min 12 s'], [423, '7 min 3 s'], [3600, '1 h 00 min'], [3900, '1 h 05 min']])(
    '%s s is « %s »', (s, words) => expect(duration(at(0), at(s))).toBe(words));
  it('has no duration without an end', () => expect(duration(at(0), null)).toBe('—'));
});
