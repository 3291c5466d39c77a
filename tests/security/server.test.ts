// The server as an attacker tries it (OWASP ASVS level 2 as the checklist): every route for every
// role, paths that try to get around the login, redirects that try to leave the site, uploads of
// someone else, a flood of refused logins, forged proxy headers, idle sessions, passwords handed
// over, bodies too large, caching, and hostile files sent while the server must keep answering.
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { pathsFor, type Paths } from '../../pipelines/config.ts';
import { processedDir, processInboxFile, refusedDir } from '../../pipelines/ingest/inbox.ts';
import { pseudonymKey } from '../../pipelines/ingest/key.ts';
import { importThroughQueue } from '../../pipelines/runner/worker.ts';
import { openDatabase, openWarehouse } from '../../pipelines/warehouse/duckdb.ts';
import { addAccount, setPassword } from '../../pipelines/server/accounts.ts';
import { buildApp } from '../../pipelines/server/app.ts';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../pipelines/server/context.ts';
import { safeNext } from '../../pipelines/server/auth_routes.ts';
import { dryRuns } from '../../pipelines/server/dry_run_sandbox.ts';
import { configSchema } from '../../pipelines/settings.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { billionLaughsXlsx, farCellXlsx, hugeLineCsv, SLS, slsRow, xxeXlsx, zipBombXlsx } from '../helpers/hostile.ts';
import { testPostgres } from '../server/postgres.ts';

const graph = loadGraph();
const PASSWORD = 'mot de passe de test 2025';
const NOWHERE = '00000000-0000-4000-8000-000000000000';
let pool: pg.Pool;
let stop: () => Promise<void>;
let paths: Paths;
let files: string;
const apps: FastifyInstance[] = [];

async function appWith(settings: Partial<ServerSettings> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ pool, paths, graph, settings: { ...DEFAULT_SERVER_SETTINGS, loginsPerMinute: 1000, ...settings } });
  apps.push(app);
  return app;
}

async function login(app: FastifyInstance, name: string, password = PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: name, mot_de_passe: password, suite: '/' } });
  expect(response.statusCode, `connexion de ${name}`).toBe(303);
  return `solidata_session=${response.cookies.find((c) => c.name === 'solidata_session')!.value}`;
}

function multipart(fields: Record<string, string>, parts: { field: string; name: string; content: string | Buffer }[]) {
  const boundary = `----solidata${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
    chunks.push(Buffer.from(f.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const upload = (app: FastifyInstance, cookie: string, file: string, source = 'sls_demandes') => {
  const form = multipart({ source }, [{ field: 'fichier', name: path.basename(file), content: readFileSync(file) }]);
  return app.inject({ method: 'POST', url: '/import', headers: { cookie, ...form.headers }, payload: form.payload });
};

beforeAll(async () => {
  const dir = tempDir('solidata-securite-');
  ({ pool, stop } = await testPostgres(dir));
  paths = { ...pathsFor(path.join(dir, 'donnees')), dashboardDir: path.join(dir, 'dashboard') };
  mkdirSync(path.join(paths.dashboardDir, 'delais'), { recursive: true });
  mkdirSync(path.join(paths.dashboardDir, '_app'), { recursive: true });
  mkdirSync(path.join(paths.dashboardDir, 'data'), { recursive: true });
  writeFileSync(path.join(paths.dashboardDir, 'index.html'), '<!doctype html><html lang="fr"><title>Observatoire</title><h1>Tableau de bord</h1></html>');
  writeFileSync(path.join(paths.dashboardDir, 'delais', 'index.html'), '<h1>Délais</h1>');
  writeFileSync(path.join(paths.dashboardDir, '_app', 'start.js'), 'console.log("chiffres")');
  writeFileSync(path.join(paths.dashboardDir, 'data', 'manifest.json'), '{"secret":"DONNEES-PROTEGEES"}');
  files = tempDir('solidata-securite-fichiers-');
  for (const [name, role] of [['louis', 'lecteur'], ['ines', 'import'], ['paul', 'import'], ['chef', 'admin']] as const) await addAccount(pool, name, role, PASSWORD);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await stop?.();
});

type Who = 'anonyme' | 'lecteur' | 'import' | 'admin';
const ACCOUNT: Record<Exclude<Who, 'anonyme'>, string> = { lecteur: 'louis', import: 'ines', admin: 'chef' };

/** Every route, as a page (Accept: text/html) or a file/action; the expected status for each role. */
const MATRIX: { method: 'GET' | 'POST'; url: string; page?: boolean; body?: Record<string, string> | 'multipart'; expect: Record<Who, number> }[] = [
  { method: 'GET', url: '/connexion', page: true, expect: { anonyme: 200, lecteur: 303, import: 303, admin: 303 } },
  { method: 'POST', url: '/connexion', body: { nom: 'personne', mot_de_passe: 'faux' }, expect: { anonyme: 401, lecteur: 401, import: 401, admin: 401 } },
  { method: 'GET', url: '/_solidata/style.css', expect: { anonyme: 200, lecteur: 200, import: 200, admin: 200 } },
  { method: 'GET', url: '/_solidata/suivi.js', expect: { anonyme: 200, lecteur: 200, import: 200, admin: 200 } },
  { method: 'GET', url: '/_solidata/inconnu.js', expect: { anonyme: 401, lecteur: 404, import: 404, admin: 404 } },
  { method: 'GET', url: '/', page: true, expect: { anonyme: 303, lecteur: 200, import: 200, admin: 200 } },
  { method: 'GET', url: '/delais/', page: true, expect: { anonyme: 303, lecteur: 200, import: 200, admin: 200 } },
  { method: 'GET', url: '/_app/start.js', expect: { anonyme: 401, lecteur: 200, import: 200, admin: 200 } },
  { method: 'GET', url: '/data/manifest.json', expect: { anonyme: 401, lecteur: 200, import: 200, admin: 200 } },
  { method: 'GET', url: '/nulle-part', page: true, expect: { anonyme: 303, lecteur: 404, import: 404, admin: 404 } },
  { method: 'GET', url: '/compte', page: true, expect: { anonyme: 303, lecteur: 200, import: 200, admin: 200 } },
  { method: 'GET', url: '/compte/mot-de-passe', page: true, expect: { anonyme: 303, lecteur: 200, import: 200, admin: 200 } },
  { method: 'POST', url: '/compte/mot-de-passe', body: { actuel: 'faux', nouveau: 'x', confirmation: 'x' }, expect: { anonyme: 401, lecteur: 400, import: 400, admin: 400 } },
  { method: 'GET', url: '/import', page: true, expect: { anonyme: 303, lecteur: 403, import: 200, admin: 200 } },
  { method: 'POST', url: '/import', body: 'multipart', expect: { anonyme: 401, lecteur: 403, import: 400, admin: 400 } },
  { method: 'GET', url: '/import/modele-questionnaire.yaml', expect: { anonyme: 401, lecteur: 403, import: 200, admin: 200 } },
  { method: 'GET', url: `/import/${NOWHERE}`, page: true, expect: { anonyme: 303, lecteur: 403, import: 404, admin: 404 } },
  { method: 'GET', url: `/import/${NOWHERE}/etat`, expect: { anonyme: 401, lecteur: 403, import: 404, admin: 404 } },
  { method: 'POST', url: `/import/${NOWHERE}/confirmer`, expect: { anonyme: 401, lecteur: 403, import: 404, admin: 404 } },
  { method: 'POST', url: `/import/${NOWHERE}/questionnaire`, body: { titre: 'x' }, expect: { anonyme: 401, lecteur: 403, import: 404, admin: 404 } },
  { method: 'POST', url: `/import/${NOWHERE}/annuler`, expect: { anonyme: 401, lecteur: 403, import: 303, admin: 303 } },
  { method: 'GET', url: '/admin', page: true, expect: { anonyme: 303, lecteur: 403, import: 403, admin: 200 } },
  { method: 'POST', url: '/admin/comptes', body: { nom: 'Pas Valide', role: 'lecteur' }, expect: { anonyme: 401, lecteur: 403, import: 403, admin: 400 } },
  { method: 'POST', url: '/admin/comptes/personne/supprimer', expect: { anonyme: 401, lecteur: 403, import: 403, admin: 400 } },
  { method: 'POST', url: '/deconnexion', expect: { anonyme: 401, lecteur: 303, import: 303, admin: 303 } },
];

describe('the role × route matrix', () => {
  it('gives every role, anonymous included, exactly the expected status on every route, and never lets a signed-in answer be cached', async () => {
    const app = await appWith();
    const seen: string[] = [];
    const wanted: string[] = [];
    for (const who of ['anonyme', 'lecteur', 'import', 'admin'] as Who[]) {
      // /deconnexion comes last: it ends the session the rows above use.
      const cookie = who === 'anonyme' ? undefined : await login(app, ACCOUNT[who]);
      for (const route of MATRIX) {
        const form = route.body === 'multipart' ? multipart({ source: 'sls_demandes' }, []) : undefined;
        const response = await app.inject({
          method: route.method, url: route.url,
          headers: { accept: route.page ? 'text/html,*/*' : '*/*', ...(cookie ? { cookie } : {}), ...(form?.headers ?? {}) },
          ...(form ? { payload: form.payload } : route.body ? { payload: route.body } : {}),
        });
        seen.push(`${who} ${route.method} ${route.url} ${response.statusCode}`);
        wanted.push(`${who} ${route.method} ${route.url} ${route.expect[who]}`);
        if (cookie && route.url !== '/deconnexion' && !(route.method === 'POST' && route.url === '/connexion')) {
          expect(response.headers['cache-control'], `${who} ${route.method} ${route.url}`).toBe('no-store');
        }
        if (who === 'anonyme' && response.statusCode < 300) expect(route.url === '/connexion' || route.url.startsWith('/_solidata/')).toBe(true);
      }
    }
    expect(seen).toEqual(wanted);
  });

  it('reaches no protected route around the login, whatever trick the path uses', async () => {
    const app = await appWith();
    const port = await listen(app);
    const targets = ['/', '/delais/', '/_app/start.js', '/data/manifest.json', '/compte', '/import', `/import/${NOWHERE}`, '/admin'];
    const tricks = (t: string) => [
      `/_solidata/..${t}`, `/_solidata/%2e%2e${t}`, `/_solidata/x/..%2f..${t.replaceAll('/', '%2f')}`, `/connexion/..${t}`, `/connexion%2f..${t}`,
      `/_solidata/style.css/../..${t}`, `/connexion;/..${t}`, `/_solidata/..%5c${t.slice(1)}`, `/_solidata/%252e%252e${t}`, `${t}?/connexion`,
      `/_SOLIDATA/..${t}`, `//connexion/..${t}`, `/./connexion/..${t}`, `/connexion/%2e%2e${t}`,
    ];
    for (const target of targets) {
      for (const trick of tricks(target)) {
        const response = await rawRequest(port, 'GET', trick, { accept: 'text/html,*/*' });
        expect([303, 400, 401, 404], trick).toContain(response.status);
        expect(response.body, trick).not.toMatch(/DONNEES-PROTEGEES|Tableau de bord|Délais|chiffres|Importer un fichier|Administration/);
      }
    }
  });
});

describe('redirects after login (open redirect corpus)', () => {
  const HOSTILE = [
    '//evil.example/', '/\t/evil.example', '/%09/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\\evil.example', '/\\\\evil.example',
    '\\/evil.example', '/\\/evil.example', '/.//evil.example', '/..//evil.example', '/%2e//evil.example', 'https://evil.example/', 'http:evil.example',
    'javascript:alert(1)', ' /evil.example', '/ /evil.example', '/\u0000/evil.example', '/\u000b/evil.example', '/\u00a0/evil.example',
    'evil.example', '/connexion', '/connexion?suite=//evil.example', '/connexion/', '',
  ];

  it('reads each value as a browser would and stays on this site', async () => {
    for (const suite of HOSTILE) {
      const next = safeNext(suite.replace('%09', '\t'));
      expect(next, JSON.stringify(suite)).toMatch(/^\/(?![/\\])/);
      expect(new URL(next, 'https://observatoire.cd41.local/').origin, JSON.stringify(suite)).toBe('https://observatoire.cd41.local');
      expect(next === '/' || !next.startsWith('/connexion'), JSON.stringify(suite)).toBe(true);
    }
    // Good values go through, normalised.
    expect(safeNext('/delais/?territoire=Blois#carte')).toBe('/delais/?territoire=Blois#carte');
    expect(safeNext('/import/abc')).toBe('/import/abc');
  });

  it('sends nobody elsewhere, neither after the login form nor from /connexion when already signed in', async () => {
    const app = await appWith();
    const cookie = await login(app, 'louis');
    for (const suite of HOSTILE) {
      const posted = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'louis', mot_de_passe: PASSWORD, suite } });
      expect(posted.statusCode).toBe(303);
      expect(new URL(String(posted.headers.location), 'https://observatoire.cd41.local/').origin, JSON.stringify(suite)).toBe('https://observatoire.cd41.local');
      const got = await app.inject({ url: `/connexion?suite=${encodeURIComponent(suite)}`, headers: { cookie } });
      expect(got.statusCode).toBe(303);
      expect(String(got.headers.location), JSON.stringify(suite)).toMatch(/^\/(?![/\\])/);
    }
    // The raw query of the issue: %09 decoded into a tab by the query parser.
    const raw = await app.inject({ url: '/connexion?suite=/%09/evil.example', headers: { cookie } });
    expect(raw.headers.location).toBe('/');
  });
});

describe('uploads belong to their sender', () => {
  it('another import account can neither see, confirm, follow nor cancel an upload; an admin sees it', async () => {
    const app = await appWith();
    const ines = await login(app, 'ines');
    const file = path.join(files, 'sls_demandes_p_2025-02.csv');
    writeFileSync(file, [SLS, slsRow('1'), slsRow('2')].map((r) => r.join(';')).join('\n') + '\n');
    const sent = await upload(app, ines, file);
    expect(sent.statusCode, sent.body).toBe(303);
    const url = String(sent.headers.location);
    const paul = await login(app, 'paul');
    expect((await app.inject({ url, headers: { cookie: paul } })).statusCode).toBe(404);
    expect((await app.inject({ url: `${url}/etat`, headers: { cookie: paul } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `${url}/confirmer`, headers: { cookie: paul } })).statusCode).toBe(404);
    await app.inject({ method: 'POST', url: `${url}/annuler`, headers: { cookie: paul } });
    const { rows } = await pool.query<{ state: string }>('SELECT state FROM solidata_auth.uploads WHERE id = $1', [url.split('/').pop()]);
    expect(rows[0].state).toBe('validated');
    expect((await app.inject({ url, headers: { cookie: ines } })).statusCode).toBe(200);
    const chef = await login(app, 'chef');
    expect((await app.inject({ url, headers: { cookie: chef } })).statusCode).toBe(200);
  });
});

describe('the login brake (one office behind one address)', () => {
  it('a flood of refused logins for other names never locks out a correct login, while guessing one name stays braked', async () => {
    const app = await appWith({ loginsPerMinute: 20 });
    for (let i = 0; i < 60; i++) {
      const refused = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: `inconnu${i % 30}`, mot_de_passe: 'faux' } });
      expect([401, 429]).toContain(refused.statusCode);
    }
    expect(await login(app, 'chef')).toMatch(/^solidata_session=/);
    expect(await login(app, 'ines')).toMatch(/^solidata_session=/);
    for (let i = 0; i < 5; i++) await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'louis', mot_de_passe: `essai ${i}` } });
    const braked = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'louis', mot_de_passe: PASSWORD } });
    expect(braked.statusCode).toBe(429);
    expect(braked.body).toContain('réessayez dans 1 minute');
    // Louis, from another desk, is not locked out by the guesses made from this one.
    const elsewhere = await app.inject({ method: 'POST', url: '/connexion', remoteAddress: '10.1.2.3', payload: { nom: 'louis', mot_de_passe: PASSWORD } });
    expect(elsewhere.statusCode).toBe(303);
  });
});

describe('reverse proxies', () => {
  it('believes X-Forwarded-For from the proxies named in serveur.mandataires only, HTTPS or not', async () => {
    const address = async (app: FastifyInstance, nom: string) => {
      await app.inject({ method: 'POST', url: '/connexion', headers: { 'x-forwarded-for': '203.0.113.9' }, payload: { nom, mot_de_passe: 'faux' } });
      return (await pool.query<{ address: string }>(`SELECT address FROM solidata_auth.audit WHERE account = $1 ORDER BY id DESC LIMIT 1`, [nom])).rows[0].address;
    };
    expect(await address(await appWith({ https: true }), 'proxy-a')).toBe('127.0.0.1');
    expect(await address(await appWith({ https: true, trustedProxies: ['10.0.0.0/8'] }), 'proxy-b')).toBe('127.0.0.1');
    expect(await address(await appWith({ https: true, trustedProxies: ['127.0.0.1'] }), 'proxy-c')).toBe('203.0.113.9');
  });

  it('checks the setting: addresses or CIDR ranges, in French', () => {
    expect(configSchema.safeParse({ serveur: { mandataires: ['10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'] } }).success).toBe(true);
    for (const bad of ['tout', '10.0.0.0/33', '10.0.0.1/8/2', 'proxy.cd41.local', '*']) {
      const parsed = configSchema.safeParse({ serveur: { mandataires: [bad] } });
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error!.issues[0].message).toContain('attendu : une adresse IP');
    }
  });
});

describe('sessions and passwords', () => {
  it('ends a session left idle longer than serveur.inactivite_minutes', async () => {
    const app = await appWith({ idleMinutes: 5 });
    await addAccount(pool, 'dormeur', 'lecteur', PASSWORD);
    const cookie = await login(app, 'dormeur');
    expect((await app.inject({ url: '/', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(200);
    await pool.query(`UPDATE solidata_auth.sessions SET last_seen_at = now() - interval '4 minutes' WHERE account = 'dormeur'`);
    expect((await app.inject({ url: '/', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(200);
    // That request counted as activity.
    await pool.query(`UPDATE solidata_auth.sessions SET last_seen_at = last_seen_at - interval '2 minutes' WHERE account = 'dormeur'`);
    expect((await app.inject({ url: '/', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(200);
    await pool.query(`UPDATE solidata_auth.sessions SET last_seen_at = now() - interval '6 minutes' WHERE account = 'dormeur'`);
    const idle = await app.inject({ url: '/', headers: { cookie, accept: 'text/html' } });
    expect(idle.statusCode).toBe(303);
    expect(idle.headers.location).toMatch(/^\/connexion/);
  });

  it('a password handed over must be changed before anything else, and the change closes the other sessions', async () => {
    const app = await appWith();
    await addAccount(pool, 'nouveau', 'import', PASSWORD);
    await setPassword(pool, 'nouveau', PASSWORD, { mustChange: true });
    const first = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'nouveau', mot_de_passe: PASSWORD, suite: '/import' } });
    expect(first.headers.location).toBe('/compte/mot-de-passe');
    const cookie = `solidata_session=${first.cookies.find((c) => c.name === 'solidata_session')!.value}`;
    const other = await login(app, 'nouveau');
    expect((await app.inject({ url: '/', headers: { cookie, accept: 'text/html' } })).headers.location).toBe('/compte/mot-de-passe');
    expect((await app.inject({ url: '/_app/start.js', headers: { cookie } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/import', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(303);
    const page = await app.inject({ url: '/compte/mot-de-passe', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('choisissez le vôtre avant de continuer');
    const change = (payload: Record<string, string>) => app.inject({ method: 'POST', url: '/compte/mot-de-passe', headers: { cookie }, payload });
    expect((await change({ actuel: 'faux', nouveau: 'une phrase bien longue', confirmation: 'une phrase bien longue' })).body).toContain('Mot de passe actuel incorrect.');
    expect((await change({ actuel: PASSWORD, nouveau: 'une phrase bien longue', confirmation: 'une autre phrase' })).body).toContain('diffèrent');
    expect((await change({ actuel: PASSWORD, nouveau: 'court', confirmation: 'court' })).body).toContain('Mot de passe trop court');
    expect((await change({ actuel: PASSWORD, nouveau: PASSWORD, confirmation: PASSWORD })).body).toContain('doit différer');
    const done = await change({ actuel: PASSWORD, nouveau: 'une phrase bien longue', confirmation: 'une phrase bien longue' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Mot de passe changé');
    expect((await app.inject({ url: '/import', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(200);
    // The session opened elsewhere with the old password is closed; the old password opens nothing.
    expect((await app.inject({ url: '/', headers: { cookie: other, accept: 'text/html' } })).headers.location).toMatch(/^\/connexion/);
    expect((await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'nouveau', mot_de_passe: PASSWORD } })).statusCode).toBe(401);
    expect(await login(app, 'nouveau', 'une phrase bien longue')).toMatch(/^solidata_session=/);
  });
});

describe('bodies refused before they are read', () => {
  it('answers 401 to an anonymous 600 MB upload and 413 to a signed-in one, having received a few bytes of it', async () => {
    const app = await appWith();
    const port = await listen(app);
    const big = { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(600 * 1024 * 1024) };
    // Only the headers and 16 bytes are sent: an answer proves the rest was not waited for.
    const anonymous = await rawRequest(port, 'POST', '/import', big, '--x\r\nContent-Di');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers).toMatch(/connection: close/i);
    const cookie = await login(app, 'ines');
    const signed = await rawRequest(port, 'POST', '/import', { ...big, cookie, 'sec-fetch-site': 'same-origin' }, '--x\r\nContent-Di');
    expect(signed.status).toBe(413);
    expect(signed.body).toContain('Envoi trop volumineux');
    const form = await rawRequest(port, 'POST', '/admin/comptes', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(10 * 1024 * 1024), cookie, 'sec-fetch-site': 'same-origin' }, 'nom=');
    expect(form.status).toBe(413);
  });
});

describe('hostile files sent from the browser', () => {
  it('refuses each in French with the file named, keeps nothing of it, and goes on answering', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const secret = readFileSync('/etc/hostname', 'utf8').trim();
    const cases: [string, string, RegExp][] = [
      ['zip bomb', await zipBombXlsx(files, 300, undefined, 'sls_demandes_bombe_2025-02.xlsx'), /une fois décompressée/],
      ['lying zip bomb', await zipBombXlsx(files, 300, 1000, 'sls_demandes_menteur_2025-02.xlsx'), /une fois décompressée|se décompresse/],
      ['huge CSV line', hugeLineCsv(files, 3, 'sls_demandes_ligne_2025-02.csv'), /<td>3<\/td>[^]*enregistrement de plus de 2 Mo/],
    ];
    for (const [name, file, message] of cases) {
      const response = await upload(app, cookie, file);
      expect(response.statusCode, name).toBe(422);
      expect(response.body, name).toContain(`Le fichier « ${path.basename(file)} » (Demandes aux services sociaux) est refusé`);
      expect(response.body, name).toMatch(message);
      expect(response.body, name).toContain('À faire');
      expect((await app.inject({ url: '/compte', headers: { cookie } })).statusCode, `${name}: still answering`).toBe(200);
    }
    // A far cell is no harm: the table above it is what is read.
    const far = await upload(app, cookie, await farCellXlsx(files, 'sls_demandes_loin_2025-02.xlsx'));
    expect(far.statusCode, far.body).toBe(303);
    for (const file of [await billionLaughsXlsx(files), await xxeXlsx(files)]) {
      const response = await upload(app, cookie, file);
      expect([303, 422]).toContain(response.statusCode);
      const shown = response.statusCode === 303 ? (await app.inject({ url: String(response.headers.location), headers: { cookie } })).body : response.body;
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain('lollollol');
    }
    const { readdirSync } = await import('node:fs');
    // Refused files are gone; only the validated ones wait for confirmation.
    const kept = readdirSync(path.join(paths.dataDir, 'televersements')).flatMap((d) => readdirSync(path.join(paths.dataDir, 'televersements', d)));
    expect(kept.some((f) => /bombe|menteur|ligne/.test(f))).toBe(false);
  }, 120_000);

  it('answers other requests while a dry run is under way (the order of events shows it, not a clock)', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    let release = () => {};
    dryRuns.hold = new Promise<void>((resolve) => (release = resolve));
    try {
      const started = once(dryRuns, 'start');
      let finished = false;
      const sent = upload(app, cookie, await zipBombXlsx(files, 300, 1000, 'sls_demandes_attente_2025-02.xlsx')).then((r) => {
        finished = true;
        return r;
      });
      await started;
      // The dry run's process is there and its job held: the server answers meanwhile.
      const meanwhile = await app.inject({ url: '/delais/', headers: { cookie, accept: 'text/html' } });
      expect(meanwhile.statusCode).toBe(200);
      expect(meanwhile.body).toContain('Délais');
      expect(finished).toBe(false);
      release();
      const response = await sent;
      expect(response.statusCode).toBe(422);
      expect(response.body).toMatch(/une fois décompressée|se décompresse/);
    } finally {
      dryRuns.hold = undefined;
      release();
    }
  }, 60_000);

  it('ends a dry run that outlasts its budget in a French refusal, killed in the middle of DuckDB’s work, and goes on answering', async () => {
    const app = await appWith({ readLimits: { seconds: 0.001 } });
    const cookie = await login(app, 'ines');
    const response = await upload(app, cookie, await farCellXlsx(files, 'sls_demandes_lent_2025-02.xlsx'));
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('le contrôle du fichier a dépassé 0,002 secondes');
    // A large CSV, whose dry run is killed wherever it is (DuckDB's native threads included, on a
    // busy machine or not): the server must live on. (A worker thread stopped there aborts the process.)
    const big = path.join(files, 'sls_demandes_gros_2025-02.csv');
    writeFileSync(big, [SLS, ...Array.from({ length: 200_000 }, (_, i) => slsRow(String(i)))].map((r) => r.join(';')).join('\n') + '\n');
    const slow = await appWith({ readLimits: { seconds: 0.75 } });
    const outcome = await upload(slow, await login(slow, 'ines'), big);
    expect([303, 422]).toContain(outcome.statusCode);
    expect((await app.inject({ url: '/compte', headers: { cookie } })).statusCode).toBe(200);
  }, 120_000);
});

describe('files are private to the user running Solidata', () => {
  const mode = (f: string) => statSync(f).mode & 0o777;
  const dataDirMode = process.getuid?.() === 0 ? 0o711 : 0o700;

  it('an upload lands 0700/0600, is loaded by the import job, then kept in traites/ (0600) and gone from televersements/', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const file = path.join(files, 'sls_demandes_prive_2025-03.csv');
    writeFileSync(file, [SLS, slsRow('1'), slsRow('2')].map((r) => r.join(';')).join('\n') + '\n', { mode: 0o644 });
    const sent = await upload(app, cookie, file);
    expect(sent.statusCode, sent.body).toBe(303);
    const id = String(sent.headers.location).split('/').pop()!;
    const { rows: [row] } = await pool.query<{ path: string }>('SELECT path FROM solidata_auth.uploads WHERE id = $1', [id]);
    expect(mode(path.join(paths.dataDir, 'televersements'))).toBe(0o700);
    expect(mode(path.dirname(row.path))).toBe(0o700);
    expect(mode(row.path)).toBe(0o600);
    const env = { pool, paths, graph, settings: { dataDir: paths.dataDir, secretThreshold: 11 } };
    const outcome = await importThroughQueue(env, { source: 'sls_demandes', file: row.path });
    expect(outcome.status, outcome.error ?? '').toBe('success');
    expect(existsSync(path.dirname(row.path))).toBe(false);
    const kept = readdirSync(processedDir(paths)).filter((f) => f.endsWith('sls_demandes_prive_2025-03.csv'));
    expect(kept).toHaveLength(1);
    expect(mode(processedDir(paths))).toBe(0o700);
    expect(mode(path.join(processedDir(paths), kept[0]))).toBe(0o600);
    expect(mode(paths.warehouse)).toBe(0o600);
  }, 120_000);

  it('the key file, the data directory, the inbox’s processed and refused files', async () => {
    const dir = path.join(tempDir('solidata-modes-'), 'donnees');
    const own = pathsFor(dir);
    pseudonymKey(own);
    expect(mode(dir)).toBe(dataDirMode);
    expect(mode(own.keyFile)).toBe(0o600);
    // A key file left readable (copied in by hand) is made private at its next use.
    chmodSync(own.keyFile, 0o644);
    pseudonymKey(own);
    expect(mode(own.keyFile)).toBe(0o600);
    const db = await openDatabase(path.join(dir, 'essai.duckdb'));
    db.close();
    expect(mode(path.join(dir, 'essai.duckdb'))).toBe(0o600);
    const inbox = privateInbox(own);
    const good = path.join(inbox, 'sls_demandes_bon_2025-02.csv');
    writeFileSync(good, [SLS, slsRow('1')].map((r) => r.join(';')).join('\n') + '\n', { mode: 0o644 });
    const bad = path.join(inbox, 'sls_demandes_mauvais_2025-02.csv');
    writeFileSync(bad, [SLS, slsRow('1', '')].map((r) => r.join(';')).join('\n') + '\n', { mode: 0o644 });
    const warehouse = await openWarehouse(own.warehouse);
    try {
      expect((await processInboxFile(warehouse.connection, own, 'sls_demandes', good)).result).toBeDefined();
      expect((await processInboxFile(warehouse.connection, own, 'sls_demandes', bad)).refused).toBeDefined();
    } finally {
      warehouse.close();
    }
    for (const d of [processedDir(own), refusedDir(own)]) {
      expect(mode(d)).toBe(0o700);
      for (const f of readdirSync(d)) expect(mode(path.join(d, f)), f).toBe(0o600);
    }
    expect(readdirSync(refusedDir(own))).toEqual(['sls_demandes_mauvais_2025-02.csv', 'sls_demandes_mauvais_2025-02.csv.rapport.txt']);
  });
});

function privateInbox(own: Paths): string {
  mkdirSync(path.join(own.inbox, 'sls_demandes'), { recursive: true });
  return path.join(own.inbox, 'sls_demandes');
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** One raw HTTP/1.1 request, the path as given; resolves on the response, whatever was sent of the body. */
function rawRequest(port: number, method: string, target: string, headers: Record<string, string> = {}, body = ''): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      if (!headers['content-length'] && !body) lines.push('Connection: close');
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
    let text = '';
    socket.on('data', (c) => {
      text += c.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = text.slice(0, end);
      const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? -1);
      if (length >= 0 && Buffer.byteLength(text.slice(end + 4), 'latin1') >= length) {
        socket.destroy();
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), headers: head, body: Buffer.from(text.slice(end + 4), 'latin1').toString('utf8') });
      }
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const end = text.indexOf('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), headers: text.slice(0, end), body: Buffer.from(text.slice(end + 4), 'latin1').toString('utf8') });
    });
  });
}
