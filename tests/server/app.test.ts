// The server over HTTP (Fastify's inject, no socket), with a real embedded Postgres and a small
// stand-in for the built dashboard: who sees what, cookies, headers, brakes, uploads.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { resolveFile } from '../../pipelines/dashboard/serve.ts';
import { inlineScriptHashes } from '../../pipelines/server/dashboard_routes.ts';
import { pathsFor, type Paths } from '../../pipelines/config.ts';
import { questionnaireOf } from '../../pipelines/demo/deliveries/consultation.ts';
import { questionnairesDir, uploadsDir } from '../../pipelines/ingest/inbox.ts';
import { begin, beginStage, end } from '../../pipelines/runner/history.ts';
import { addAccount } from '../../pipelines/server/accounts.ts';
import { followImport } from '../../pipelines/server/follow.ts';
import { buildApp } from '../../pipelines/server/app.ts';
import { purgeStale } from '../../pipelines/server/uploads.ts';
import { resultsPages } from '../../pipelines/server/results_link.ts';
import { openDatabase } from '../../pipelines/warehouse/duckdb.ts';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from '../../pipelines/server/context.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { testPostgres } from './postgres.ts';

const graph = loadGraph();
const PASSWORD = 'mot de passe de test 2025';
const questionnaire = questionnaireOf('41', 2025);
const HEADER = ['reponse_id', 'date_reponse', 'code_postal', 'profil', 'tranche_age', ...questionnaire.questions.map((q) => `${q.id} - ${q.libelle}`)];
const ROWS = [
  ['R1', '2025-02-15', '41000', 'usager', '25_39', 'CAF|France Services', 'Oui', 'Moins de 15 minutes', 'Santé', '3', 'Le samedi matin', 'Plus de permanences'],
  ['R2', '2025-02-16', '41100', 'elu', '55_64', 'CAF', 'Non', '', 'Logement|Mobilité', '5', '', ''],
  ['R3', '2025-02-17', '41200', 'autre', '40_54', '', 'Ne sait pas', 'Plus de 30 minutes', '', '', 'Sans préférence', ''],
];
const csv = (rows: string[][]) => [HEADER, ...rows].map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(';')).join('\n') + '\n';

let pool: pg.Pool;
let stop: () => Promise<void>;
let paths: Paths;
const apps: FastifyInstance[] = [];

async function appWith(settings: Partial<ServerSettings> = {}): Promise<FastifyInstance> {
  const app = await buildApp({ pool, paths, graph, settings: { ...DEFAULT_SERVER_SETTINGS, loginsPerMinute: 1000, ...settings } });
  apps.push(app);
  return app;
}

/** Logs in and returns the cookie header to send. */
async function login(app: FastifyInstance, name: string, password = PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: name, mot_de_passe: password, suite: '/' } });
  expect(response.statusCode).toBe(303);
  const cookie = response.cookies.find((c) => c.name === 'solidata_session')!;
  return `solidata_session=${cookie.value}`;
}

function multipart(fields: Record<string, string>, files: { field: string; name: string; content: string | Buffer }[]) {
  const boundary = `----solidata${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: text/csv\r\n\r\n`));
    chunks.push(Buffer.from(f.content), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

beforeAll(async () => {
  const dir = tempDir();
  ({ pool, stop } = await testPostgres(dir));
  paths = { ...pathsFor(path.join(dir, 'donnees')), dashboardDir: path.join(dir, 'dashboard') };
  // A stand-in for Evidence's build: a home page, a theme page, a script.
  mkdirSync(path.join(paths.dashboardDir, 'delais'), { recursive: true });
  mkdirSync(path.join(paths.dashboardDir, '_app'), { recursive: true });
  writeFileSync(path.join(paths.dashboardDir, 'index.html'), '<!doctype html><html lang="fr"><title>Observatoire</title><h1>Tableau de bord</h1><script type="application/json" data-sveltekit-fetched>{}</script><script>\n\twindow.demarre = true;\n</script></html>');
  writeFileSync(path.join(paths.dashboardDir, 'delais', 'index.html'), '<h1>Délais</h1>');
  writeFileSync(path.join(paths.dashboardDir, '_app', 'start.js'), 'console.log("chiffres")');
  mkdirSync(questionnairesDir(paths), { recursive: true });
  writeFileSync(path.join(questionnairesDir(paths), `${questionnaire.questionnaire}.yaml`), stringify(questionnaire));
  for (const [name, role] of [['louis', 'lecteur'], ['ines', 'import'], ['chef', 'admin'], ['devine', 'lecteur']] as const) await addAccount(pool, name, role, PASSWORD);
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await stop?.();
});

describe('an anonymous visitor', () => {
  it('gets the login page and nothing else: pages redirect to it, files and actions answer 401', async () => {
    const app = await appWith();
    for (const url of ['/', '/delais/', '/import', '/admin', '/compte', '/index.html']) {
      const response = await app.inject({ url, headers: { accept: 'text/html,*/*' } });
      expect(response.statusCode, url).toBe(303);
      expect(response.headers.location).toBe(`/connexion?suite=${encodeURIComponent(url)}`);
      expect(response.body).not.toContain('Tableau de bord');
    }
    for (const url of ['/_app/start.js', '/delais/index.html', '/import/00000000-0000-0000-0000-000000000000/etat']) {
      const response = await app.inject({ url, headers: { accept: '*/*' } });
      expect(response.statusCode, url).toBe(401);
      expect(response.body).toBe('Connexion requise.');
    }
    expect((await app.inject({ method: 'POST', url: '/import', ...multipart({ source: 'consultation' }, []) })).statusCode).toBe(401);
    const page = await app.inject({ url: '/connexion?suite=%2Fdelais%2F' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="fr">');
    expect(page.body).toContain('name="suite" value="/delais/"');
    expect((await app.inject({ url: '/_solidata/style.css' })).statusCode).toBe(200);
  });
});

/** One raw HTTP/1.1 request over a socket, the path sent exactly as given (curl --path-as-is). */
function rawGet(port: number, target: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      const lines = [`GET ${target} HTTP/1.1`, `Host: ${headers.host ?? `127.0.0.1:${port}`}`, 'Connection: close',
        ...Object.entries(headers).filter(([k]) => k !== 'host').map(([k, v]) => `${k}: ${v}`)];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

describe('paths that try to get around the login (attacker\'s corpus)', () => {
  const SECRET = 'DONNEES-PROTEGEES';
  const TRICKS = [
    '/_solidata/../data/manifest.json', '/_solidata/./../data/manifest.json', '/_solidata/x/..%2f..%2fdata/manifest.json',
    '/_solidata/x/..%2F..%2Fdata%2Fmanifest.json', '/_solidata/%2e%2e/data/manifest.json', '/_solidata/%2E%2E/data/manifest.json',
    '/_solidata/..%5cdata%5cmanifest.json', '/_solidata/..\\data\\manifest.json', '/_solidata//../data/manifest.json',
    '/_solidata/style.css/../../data/manifest.json', '/_solidata/%252e%252e/data/manifest.json', '/connexion/../data/manifest.json',
    '/connexion/..%2fdata/manifest.json', '/connexion%2f..%2fdata/manifest.json', '/connexion;/../data/manifest.json',
    '/_solidata/%c0%ae%c0%ae/data/manifest.json', '/_solidata/..%00/data/manifest.json', '/_solidata/%2e%2e%2f%2e%2e%2fdata/manifest.json',
    '/data/manifest.json', '/%64ata/manifest.json', '/data/./manifest.json', '//data/manifest.json', '/data/manifest.json?/connexion',
    '/data/manifest.json#/connexion', '/_SOLIDATA/../data/manifest.json', '/_solidata%2f..%2fdata/manifest.json',
  ];

  it('never serves a protected file without a session, whatever the encoding of the path', async () => {
    mkdirSync(path.join(paths.dashboardDir, 'data'), { recursive: true });
    writeFileSync(path.join(paths.dashboardDir, 'data', 'manifest.json'), `{"secret":"${SECRET}"}`);
    const app = await appWith();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    for (const target of TRICKS) {
      const response = await rawGet(port, target, { accept: 'text/html,*/*' });
      expect([303, 400, 401, 404], target).toContain(response.status);
      expect(response.body, target).not.toContain(SECRET);
    }
    // The same file with a session: the corpus still names nothing outside the rules, the plain path works.
    const cookie = await login(app, 'louis');
    expect((await rawGet(port, '/data/manifest.json', { cookie })).body).toContain(SECRET);
    expect((await rawGet(port, '/_solidata/../data/manifest.json', { cookie })).status).toBe(400);
  });

  it('serves nothing outside the dashboard folder, even to a signed-in account', async () => {
    const sibling = `${paths.dashboardDir}-ancien`;
    mkdirSync(sibling, { recursive: true });
    writeFileSync(path.join(sibling, 'index.html'), SECRET);
    const app = await appWith();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const cookie = await login(app, 'louis');
    for (const target of ['/../dashboard-ancien/index.html', '/..%2fdashboard-ancien/', '/%2e%2e/dashboard-ancien/index.html', '/../../../../etc/passwd', `/${'..%2f'.repeat(12)}etc/passwd`]) {
      const response = await rawGet(port, target, { cookie });
      expect([400, 404], target).toContain(response.status);
      expect(response.body, target).not.toContain(SECRET);
      expect(response.body, target).not.toContain('root:');
    }
    expect(resolveFile(paths.dashboardDir, '/../dashboard-ancien/index.html')).toBeUndefined();
    expect(resolveFile(paths.dashboardDir, '/delais/')).toBe(path.join(paths.dashboardDir, 'delais', 'index.html'));
  });

  it('answers only to the host names it knows (no DNS rebinding)', async () => {
    const app = await appWith({ allowedHosts: ['localhost', '127.0.0.1', '::1', 'observatoire.cd41.local'] });
    for (const host of ['evil.example', 'evil.example:3000', '127.0.0.1.evil.example', 'localhost.evil.example']) {
      const response = await app.inject({ url: '/connexion', headers: { host } });
      expect(response.statusCode, host).toBe(421);
      expect(response.body).toContain('serveur.hotes_autorises');
    }
    for (const host of ['localhost:3000', '127.0.0.1', '[::1]:3000', 'OBSERVATOIRE.cd41.local', 'observatoire.cd41.local:443']) {
      expect((await app.inject({ url: '/connexion', headers: { host } })).statusCode, host).toBe(200);
    }
  });
});

describe('logging in', () => {
  it('sets an HttpOnly, SameSite=Strict session cookie, Secure over HTTPS, and goes where it was asked', async () => {
    const app = await appWith();
    const response = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'Louis ', mot_de_passe: PASSWORD, suite: '/delais/' } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/delais/');
    const cookie = response.cookies.find((c) => c.name === 'solidata_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const page = await app.inject({ url: '/delais/', headers: { cookie: `solidata_session=${cookie.value}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Délais</h1>');

    const secure = await appWith({ https: true });
    const overHttps = await secure.inject({ method: 'POST', url: '/connexion', payload: { nom: 'louis', mot_de_passe: PASSWORD } });
    expect(overHttps.cookies.find((c) => c.name === 'solidata_session')!.secure).toBe(true);
    expect(overHttps.headers['strict-transport-security']).toMatch(/max-age=31536000/);
  });

  it('never sends anyone elsewhere after login', async () => {
    const app = await appWith();
    for (const suite of ['//ailleurs.example/', 'https://ailleurs.example/', '/\\ailleurs.example', '/connexion']) {
      const response = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'louis', mot_de_passe: PASSWORD, suite } });
      expect(response.headers.location, suite).toBe('/');
    }
  });

  it('refuses a wrong password in French, records every attempt, and bars guessing after 5 refusals', async () => {
    const app = await appWith();
    for (let i = 0; i < 5; i++) {
      const refused = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'devine', mot_de_passe: `essai ${i}` } });
      expect(refused.statusCode).toBe(401);
      expect(refused.body).toContain('Nom de compte ou mot de passe incorrect.');
      expect(refused.cookies).toEqual([]);
    }
    // Even the right password is not checked now, from this address.
    const barred = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'devine', mot_de_passe: PASSWORD } });
    expect(barred.statusCode).toBe(429);
    expect(barred.body).toContain('Trop d’essais infructueux pour ce compte depuis cette adresse');
    expect(barred.cookies).toEqual([]);
    const { rows } = await pool.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM solidata_auth.audit WHERE account = 'devine' GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([{ action: 'login_refused', n: 5 }, { action: 'login_throttled', n: 1 }]);
  });

  it('caps login requests per name, address and minute before checking any password; other names from the address still get in', async () => {
    const app = await appWith({ loginsPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'louis', mot_de_passe: 'faux' } })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    const capped = await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'louis', mot_de_passe: PASSWORD } });
    expect(capped.statusCode).toBe(429);
    expect(capped.body).toMatch(/Trop de tentatives de connexion à ce compte depuis cette adresse : réessayez dans \d+ secondes/);
    // The same office (address), another person: the flood for « louis » does not stop her.
    expect((await app.inject({ method: 'POST', url: '/connexion', payload: { nom: 'ines', mot_de_passe: PASSWORD } })).statusCode).toBe(303);
  });

  it('logging out ends the session on the server, not only in the browser', async () => {
    const app = await appWith();
    const cookie = await login(app, 'louis');
    expect((await app.inject({ url: '/', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/deconnexion', headers: { cookie } });
    expect(out.statusCode).toBe(303);
    expect(out.cookies.find((c) => c.name === 'solidata_session')!.value).toBe('');
    expect((await app.inject({ url: '/', headers: { cookie, accept: 'text/html' } })).statusCode).toBe(303);
  });
});

describe('security headers and cross-site requests', () => {
  it('sends strict headers on its own pages and a CSP fit for Evidence on the dashboard', async () => {
    const app = await appWith();
    const page = await app.inject({ url: '/connexion' });
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(page.headers['strict-transport-security']).toBeUndefined();
    const dashboard = await app.inject({ url: '/', headers: { cookie: await login(app, 'louis') } });
    expect(dashboard.headers['content-security-policy']).toContain("'wasm-unsafe-eval'");
    expect(dashboard.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(dashboard.headers['cache-control']).toBe('no-store');
    // Inline scripts by their hashes only: each one of the page, and nothing else inline.
    const scriptSrc = /script-src ([^;]*)/.exec(String(dashboard.headers['content-security-policy']))![1];
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc.match(/'sha256-[A-Za-z0-9+/=]+'/g)).toEqual(inlineScriptHashes(dashboard.body));
    expect(inlineScriptHashes(dashboard.body)).toHaveLength(1);
  });

  it('refuses a form posted from another site', async () => {
    const app = await appWith();
    const cookie = await login(app, 'chef');
    const response = await app.inject({ method: 'POST', url: '/admin/comptes', headers: { cookie, origin: 'https://ailleurs.example' }, payload: { nom: 'intrus', role: 'admin' } });
    expect(response.statusCode).toBe(403);
    const fetched = await app.inject({ method: 'POST', url: '/admin/comptes', headers: { cookie, origin: 'null', 'sec-fetch-site': 'cross-site' }, payload: { nom: 'intrus', role: 'admin' } });
    expect(fetched.statusCode).toBe(403);
    expect((await pool.query(`SELECT 1 FROM solidata_auth.accounts WHERE name = 'intrus'`)).rowCount).toBe(0);
    // This site's own form, as a browser posts it under Referrer-Policy: no-referrer.
    const own = await app.inject({ method: 'POST', url: '/admin/comptes', headers: { cookie, origin: 'null', 'sec-fetch-site': 'same-origin' }, payload: { nom: 'invite', role: 'lecteur' } });
    expect(own.statusCode).toBe(201);
  });
});

describe('roles', () => {
  it('a lecteur reads the dashboard but reaches neither the import nor the administration', async () => {
    const app = await appWith();
    const cookie = await login(app, 'louis');
    const form = await app.inject({ url: '/import', headers: { cookie } });
    expect(form.statusCode).toBe(403);
    expect(form.body).toContain('Votre compte « louis » (lecteur) permet de lire le tableau de bord, pas d’importer des fichiers.');
    expect(form.body).not.toContain('type="file"');
    expect(form.body).not.toContain('href="/import"');
    const upload = await app.inject({ method: 'POST', url: '/import', headers: { cookie, ...multipart({ source: 'consultation' }, [{ field: 'fichier', name: 'c.csv', content: csv(ROWS) }]).headers },
      payload: multipart({ source: 'consultation' }, [{ field: 'fichier', name: 'c.csv', content: csv(ROWS) }]).payload });
    expect(upload.statusCode).toBe(403);
    expect((await app.inject({ url: '/admin', headers: { cookie } })).statusCode).toBe(403);
    const account = await app.inject({ url: '/compte', headers: { cookie } });
    expect(account.body).toContain('Vous êtes connecté en tant que « louis », rôle lecteur (lit le tableau de bord).');
    expect(account.body).not.toContain('href="/import"');
    expect(account.body).toContain('action="/deconnexion"');
  });

  it('an admin manages accounts: a new one gets a password shown once; the last admin stays', async () => {
    const app = await appWith();
    const cookie = await login(app, 'chef');
    const created = await app.inject({ method: 'POST', url: '/admin/comptes', headers: { cookie }, payload: { nom: 'zoe', role: 'import' } });
    expect(created.statusCode).toBe(201);
    const password = /data-mot-de-passe>([^<]+)</.exec(created.body)![1];
    expect(await login(app, 'zoe', password)).toMatch(/^solidata_session=/);
    expect((await app.inject({ method: 'POST', url: '/admin/comptes/zoe/supprimer', headers: { cookie } })).statusCode).toBe(303);
    const last = await app.inject({ method: 'POST', url: '/admin/comptes/chef/supprimer', headers: { cookie } });
    expect(last.statusCode).toBe(400);
    expect(last.body).toContain('seul compte admin');
    const page = await app.inject({ url: '/admin', headers: { cookie } });
    expect(page.body).toContain('compte créé');
    expect(page.body).toContain('compte supprimé');
    expect(page.body).toContain('connexion refusée');
  });
});

describe('uploads', () => {
  const send = async (app: FastifyInstance, cookie: string, fields: Record<string, string>, files: { field: string; name: string; content: string | Buffer }[]) => {
    const body = multipart(fields, files);
    return app.inject({ method: 'POST', url: '/import', headers: { cookie, ...body.headers }, payload: body.payload });
  };
  const left = () => (existsSync(uploadsDir(paths)) ? readdirSync(uploadsDir(paths)) : []);

  it('refuses a file over the size limit, in French, and keeps nothing of it', async () => {
    const app = await appWith({ maxUploadMo: 0.001 });
    const cookie = await login(app, 'ines');
    const before = left();
    const response = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'gros.csv', content: csv(Array.from({ length: 100 }, () => ROWS[0])) }]);
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('Fichier trop volumineux : 0 Mo au plus');
    expect(left()).toEqual(before);
  });

  it('refuses what is not a CSV or XLSX before validating anything', async () => {
    const app = await appWith();
    const response = await send(app, await login(app, 'ines'), { source: 'consultation' }, [{ field: 'fichier', name: 'export.xls', content: 'x' }]);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('n’est ni un CSV ni un classeur XLSX');
  });

  it('offers the schéma’s other fields by their French names, and refuses a FSL file whose decision precedes its request', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const form = await app.inject({ method: 'GET', url: '/import', headers: { cookie } });
    for (const label of ['Demandes d’APA', 'Demandes à la MDPH', 'Informations préoccupantes', 'Mesures de protection de l’enfance', 'Aides du FSL']) expect(form.body).toContain(label);
    const fsl = ['aide_id;usager_pseudo;commune_residence;date_demande;date_decision;type_aide;decision;montant_eur',
      'F1;p1;41018;03/03/2025;20/03/2025;acces;accordee;450', 'F2;p2;41018;20/03/2025;03/03/2025;energie;accordee;120'].join('\n');
    const response = await send(app, cookie, { source: 'fsl_aides' }, [{ field: 'fichier', name: 'fsl_aides_fsl-41_2025-03.csv', content: fsl }]);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('est refusé : rien n’en a été chargé');
    expect(response.body).toMatch(/<tr><td>3<\/td><td>date_decision<\/td><td>[^<]*date_decision précède date_demande/);
    expect(left()).toEqual([]);
  });

  it('shows the report of a refused file by line and column, and keeps nothing of it', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const bad = ROWS.map((r) => [...r]);
    bad[1][3] = 'voisin';
    bad[2][1] = '2025-02-30';
    const response = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_mon-avis-citoyen_2025.csv', content: csv(bad) }]);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Le fichier « consultation_mon-avis-citoyen_2025.csv »');
    expect(response.body).toContain('est refusé : rien n’en a été chargé');
    expect(response.body).toMatch(/<tr><td>3<\/td><td>profil<\/td><td>[^<]*voisin[^<]*<\/td>/);
    expect(response.body).toMatch(/<tr><td>4<\/td><td>date_reponse<\/td>/);
    expect(response.body).toContain('À faire :');
    expect(left()).toEqual([]);
    const { rows } = await pool.query(`SELECT detail FROM solidata_auth.audit WHERE action = 'upload_refused' ORDER BY id DESC LIMIT 1`);
    expect(rows[0].detail).toMatchObject({ source: 'consultation', fichier: 'consultation_mon-avis-citoyen_2025.csv' });
  });

  it('keeps a file under DIR/televersements whatever its name says, maps a consultation to its questions, and queues the import on confirmation', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const response = await send(app, cookie, { source: 'consultation', producteur: '', periode: '' }, [
      { field: 'fichier', name: '../../../../tmp/consultation_mon-avis-citoyen_2025.csv', content: csv(ROWS) },
      { field: 'questionnaire', name: '', content: '' },
    ]);
    expect(response.statusCode).toBe(303);
    const id = /^\/import\/([0-9a-f-]{36})$/.exec(response.headers.location as string)![1];
    const { rows: [upload] } = await pool.query(`SELECT * FROM solidata_auth.uploads WHERE id = $1`, [id]);
    expect(upload.path).toBe(path.join(uploadsDir(paths), id, 'consultation_mon-avis-citoyen_2025.csv'));
    expect(upload.state).toBe('validated');

    const page = await app.inject({ url: `/import/${id}`, headers: { cookie } });
    expect(page.body).toContain('a passé tous les contrôles');
    expect(page.body).toContain('3 ligne(s), producteur « mon-avis-citoyen », période 2025');
    expect(page.body).toContain(`Correspondance des colonnes avec le questionnaire « ${questionnaire.titre} »`);
    for (const q of questionnaire.questions) expect(page.body).toContain(`data-question="${q.id}"`);
    expect(page.body).toMatch(/data-question="Q1"><td>Q1 - Quels services d’aide connaissez-vous \?<\/td><td><strong>Q1<\/strong>[^]*?choix multiple[^]*?<td>3<\/td>/);

    const confirmed = await app.inject({ method: 'POST', url: `/import/${id}/confirmer`, headers: { cookie } });
    expect(confirmed.headers.location).toBe(`/import/${id}`);
    // Pressed twice: one job.
    await app.inject({ method: 'POST', url: `/import/${id}/confirmer`, headers: { cookie } });
    const { rows: [{ run_id: runId }] } = await pool.query(`SELECT run_id FROM solidata_auth.uploads WHERE id = $1`, [id]);
    const { rows: jobs } = await pool.query(`SELECT queue_name, key FROM graphile_worker.jobs WHERE task_identifier = 'importer'`);
    expect(jobs).toEqual([{ queue_name: 'entrepot', key: `import:${runId}` }]);
    const state = await app.inject({ url: `/import/${id}/etat`, headers: { cookie, accept: 'application/json' } });
    expect(state.json()).toMatchObject({ stage: 'queued', done: false });
    expect((await app.inject({ url: `/import/${id}`, headers: { cookie } })).body).toContain('En file d’attente');
    const { rows: audit } = await pool.query(`SELECT action, detail FROM solidata_auth.audit WHERE account = 'ines' AND action IN ('upload_validated', 'import') ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['upload_validated', 'import']);
  });

  it('offers the consultation team a questionnaire template that the import accepts as it is', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const form = await app.inject({ url: '/import', headers: { cookie } });
    expect(form.body).toContain('href="/import/modele-questionnaire.yaml"');
    const template = await app.inject({ url: '/import/modele-questionnaire.yaml', headers: { cookie } });
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-disposition']).toContain('modele-questionnaire.yaml');
    expect(template.body).toMatch(/^# Modèle de description de questionnaire/);
    // Through the form, with an export of its questions: the description is read and the columns mapped.
    const description = parse(template.body) as { questions: { id: string; type: string; reponses?: string[]; min?: number }[] };
    const header = ['reponse_id', 'date_reponse', 'code_postal', 'profil', 'tranche_age', ...description.questions.map((q) => `${q.id} - question`)];
    const answer = (q: (typeof description.questions)[number]) => (q.type === 'echelle' ? String(q.min) : q.type === 'texte_libre' ? 'rien' : q.reponses![0]);
    const row = ['R1', ROWS[1][1], ROWS[1][2], ROWS[1][3], ROWS[1][4], ...description.questions.map(answer)];
    const response = await send(app, cookie, { source: 'consultation' }, [
      { field: 'fichier', name: 'consultation_modele_2025.csv', content: [header, row].map((r) => r.join(';')).join('\n') + '\n' },
      { field: 'questionnaire', name: 'modele-questionnaire.yaml', content: template.body },
    ]);
    expect(response.statusCode, response.body).toBe(303);
  });

  it('reads a consultation with the questionnaire description sent beside it, and keeps that description once confirmed', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const other = { ...questionnaire, questionnaire: 'enquete-aidants-2026', titre: 'Enquête auprès des aidants' };
    const invalid = await send(app, cookie, { source: 'consultation' }, [
      { field: 'fichier', name: 'consultation_mon-avis-citoyen_2026.csv', content: csv(ROWS) },
      { field: 'questionnaire', name: 'aidants.yaml', content: 'questionnaire: Enquête Aidants\ntitre: x\nquestions: []\n' },
    ]);
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toMatch(/description du questionnaire « questionnaire_aidants\.yaml » non valide : questionnaire : un identifiant en minuscules/);

    const response = await send(app, cookie, { source: 'consultation' }, [
      { field: 'fichier', name: 'consultation_mon-avis-citoyen_2026.csv', content: csv(ROWS) },
      { field: 'questionnaire', name: 'aidants.yaml', content: stringify(other) },
    ]);
    expect(response.statusCode).toBe(303);
    const id = (response.headers.location as string).split('/').pop()!;
    expect((await app.inject({ url: `/import/${id}`, headers: { cookie } })).body).toContain('questionnaire « Enquête auprès des aidants »');
    expect(existsSync(path.join(questionnairesDir(paths), 'enquete-aidants-2026.yaml'))).toBe(false);
    await app.inject({ method: 'POST', url: `/import/${id}/confirmer`, headers: { cookie } });
    expect(existsSync(path.join(questionnairesDir(paths), 'enquete-aidants-2026.yaml'))).toBe(true);
  });

  describe('a consultation whose questionnaire is not registered', () => {
    // Another questionnaire's export: four questions, none of them the registered questionnaire's seven.
    const NEW_HEADER = ['reponse_id', 'date_reponse', 'code_postal', 'profil', 'tranche_age',
      'Q1 - Quels lieux fréquentez-vous ?', 'Q2 - Votre satisfaction, de 1 à 4', 'Q3 - Seriez-vous prêt à revenir ?', 'Q4 - Vos remarques'];
    const LONG = 'Il faudrait vraiment des permanences le soir dans les villages, écrivez-moi à jeanne.martin@example.org pour en parler';
    const newRows = [
      ['A1', '2026-03-01', '41000', 'usager', '25_39', 'Mairie|CCAS', '4', 'Oui', LONG],
      ['A2', '2026-03-02', '41100', 'elu', '55_64', 'CCAS', '2', 'Non', 'Rien à dire'],
      ['A3', '2026-03-03', '41200', 'autre', '40_54', '', '3', 'Oui', ''],
    ];
    const newCsv = [NEW_HEADER, ...newRows].map((r) => r.join(';')).join('\n') + '\n';
    const field = (body: string, name: string) => new RegExp(`id="${name}"[^>]*>`).exec(body)?.[0] ?? '';
    const textarea = (body: string, name: string) => new RegExp(`id="${name}"[^>]*>([^<]*)</textarea>`).exec(body)?.[1];
    /** The form as the page drafted it, with `changes` typed in. */
    const filled = (changes: Record<string, string>) => {
      const base: Record<string, string> = {
        questionnaire: 'lieux-accueil-2026', titre: 'Enquête sur les lieux d’accueil (2026)',
        Q1_libelle: 'Quels lieux fréquentez-vous ?', Q1_type: 'choix_multiple', Q1_reponses: 'Mairie\nCCAS\nFrance Services',
        Q2_libelle: 'Votre satisfaction', Q2_type: 'echelle', Q2_min: '1', Q2_max: '4',
        Q3_libelle: 'Seriez-vous prêt à revenir ?', Q3_type: 'choix_unique', Q3_reponses: 'Oui\nNon',
        Q4_libelle: 'Vos remarques', Q4_type: 'texte_libre',
      };
      return Object.fromEntries(Object.entries({ ...base, ...changes }).filter(([, v]) => v !== undefined));
    };

    it('drafts its description from the headers and the answers read, never showing a free answer', async () => {
      const app = await appWith();
      const cookie = await login(app, 'ines');
      const sent = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2026.csv', content: newCsv }]);
      expect(sent.statusCode, sent.body).toBe(303);
      const id = /^\/import\/([0-9a-f-]{36})$/.exec(sent.headers.location as string)![1];
      const { rows: [upload] } = await pool.query(`SELECT state, questionnaire FROM solidata_auth.uploads WHERE id = $1`, [id]);
      expect(upload).toEqual({ state: 'questionnaire', questionnaire: null });
      expect(existsSync(path.join(uploadsDir(paths), id, 'consultation_lieux_2026.csv'))).toBe(true);

      const page = (await app.inject({ url: `/import/${id}`, headers: { cookie } })).body;
      expect(page).toContain('<h1>Décrire le questionnaire</h1>');
      expect([...page.matchAll(/data-question="(Q\d+)"/g)].map((m) => m[1])).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
      expect(field(page, 'Q1_libelle')).toContain('value="Quels lieux fréquentez-vous ?"');
      // Types guessed: several answers in a cell, whole numbers, few answers, a long answer.
      expect(page).toMatch(/id="Q1_type"[^]*?<option value="choix_multiple" selected>/);
      expect(page).toMatch(/id="Q2_type"[^]*?<option value="echelle" selected>/);
      expect(page).toMatch(/id="Q3_type"[^]*?<option value="choix_unique" selected>/);
      expect(page).toMatch(/id="Q4_type"[^]*?<option value="texte_libre" selected>/);
      expect(textarea(page, 'Q1_reponses')).toBe('CCAS\nMairie');
      expect(textarea(page, 'Q3_reponses')).toBe('Oui\nNon');
      expect(field(page, 'Q2_min')).toContain('value="2"');
      expect(field(page, 'Q2_max')).toContain('value="4"');
      expect(textarea(page, 'Q4_reponses')).toBe('');
      expect(page).not.toContain('jeanne.martin');
      expect(page).not.toContain('Rien à dire');
      // The upload of a description file stays offered, with its template.
      expect(page).toContain('href="/import?source=consultation#questionnaire"');
      expect(page).toContain('href="/import/modele-questionnaire.yaml"');
      // Nobody else's.
      expect((await app.inject({ url: `/import/${id}`, headers: { cookie: await login(app, 'chef') } })).statusCode).toBe(200);
      await addAccount(pool, 'autre-import', 'import', PASSWORD).catch(() => undefined);
      expect((await app.inject({ url: `/import/${id}`, headers: { cookie: await login(app, 'autre-import') } })).statusCode).toBe(404);
      const other = await app.inject({ method: 'POST', url: `/import/${id}/questionnaire`, headers: { cookie: await login(app, 'autre-import') }, payload: filled({}) });
      expect(other.statusCode).toBe(404);
    });

    it('says what is wrong beside each field, in French, keeps what was typed, and registers nothing', async () => {
      const app = await appWith();
      const cookie = await login(app, 'ines');
      const sent = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2026.csv', content: newCsv }]);
      const id = (sent.headers.location as string).split('/').pop()!;
      const registered = readdirSync(questionnairesDir(paths));
      const bad = await app.inject({ method: 'POST', url: `/import/${id}/questionnaire`, headers: { cookie },
        payload: filled({ titre: '', questionnaire: 'Lieux 2026', Q3_reponses: '', Q2_min: 'un', Q2_max: '4', Q1_libelle: 'Quels lieux ?', Q4_type: 'roman' }) });
      expect(bad.statusCode).toBe(400);
      const errorOf = (name: string) => new RegExp(`<span class="erreur-champ" id="${name}-erreur">([^<]*)</span>`).exec(bad.body)?.[1];
      expect(errorOf('titre')).toBe('le titre est à remplir');
      expect(errorOf('questionnaire')).toBe('un identifiant en minuscules, chiffres, - ou _');
      expect(errorOf('Q3_reponses')).toBe('la question Q3 (choix_unique) doit lister ses réponses admises');
      expect(errorOf('Q2_min')).toBe('un nombre entier');
      expect(errorOf('Q4_type')).toBe('un type parmi choix_unique, choix_multiple, echelle, texte_libre');
      expect(errorOf('Q1_libelle')).toBeUndefined();
      expect(field(bad.body, 'Q3_reponses')).toContain('aria-invalid="true"');
      expect(field(bad.body, 'Q3_reponses')).toContain('aria-describedby="Q3_reponses-erreur"');
      expect(bad.body).toMatch(/role="alert"[^]*5 champ\(s\) à corriger[^]*<a href="#Q3_reponses">Q3, réponses admises<\/a>/);
      // What was typed is there again.
      expect(field(bad.body, 'Q1_libelle')).toContain('value="Quels lieux ?"');
      expect(field(bad.body, 'questionnaire')).toContain('value="Lieux 2026"');
      // An identifier already registered for another questionnaire is refused, not overwritten.
      const taken = await app.inject({ method: 'POST', url: `/import/${id}/questionnaire`, headers: { cookie }, payload: filled({ questionnaire: questionnaire.questionnaire }) });
      expect(taken.statusCode).toBe(400);
      expect(taken.body).toContain(`un questionnaire « ${questionnaire.titre} » est déjà enregistré sous cet identifiant`);
      expect(readdirSync(questionnairesDir(paths))).toEqual(registered);
      expect((await pool.query(`SELECT state FROM solidata_auth.uploads WHERE id = $1`, [id])).rows[0].state).toBe('questionnaire');
      // Given up: the file goes.
      await app.inject({ method: 'POST', url: `/import/${id}/annuler`, headers: { cookie } });
      expect(existsSync(path.join(uploadsDir(paths), id))).toBe(false);
      expect((await pool.query(`SELECT state FROM solidata_auth.uploads WHERE id = $1`, [id])).rows[0].state).toBe('cancelled');
    });

    it('forgets a file still waiting for its description after a day, with its folder', async () => {
      const app = await appWith();
      const cookie = await login(app, 'ines');
      const sent = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2026.csv', content: newCsv }]);
      const id = (sent.headers.location as string).split('/').pop()!;
      await purgeStale(pool, paths);
      expect(existsSync(path.join(uploadsDir(paths), id))).toBe(true);
      await pool.query(`UPDATE solidata_auth.uploads SET created_at = now() - interval '25 hours' WHERE id = $1`, [id]);
      await purgeStale(pool, paths);
      expect(existsSync(path.join(uploadsDir(paths), id))).toBe(false);
      expect((await app.inject({ url: `/import/${id}`, headers: { cookie } })).body).toContain('Import annulé');
      expect((await app.inject({ method: 'POST', url: `/import/${id}/questionnaire`, headers: { cookie }, payload: filled({}) })).headers.location).toBe(`/import/${id}`);
    });

    it('keeps nothing of a file refused, once described, for what no description fixes', async () => {
      const app = await appWith();
      const cookie = await login(app, 'ines');
      const content = newCsv.replace(';elu;', ';voisin;');
      const sent = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2026.csv', content }]);
      const id = (sent.headers.location as string).split('/').pop()!;
      const refused = await app.inject({ method: 'POST', url: `/import/${id}/questionnaire`, headers: { cookie }, payload: filled({}) });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toMatch(/<td>profil<\/td><td>[^<]*voisin/);
      expect(refused.body).not.toContain('Corriger la description du questionnaire');
      expect(existsSync(path.join(uploadsDir(paths), id))).toBe(false);
      expect((await pool.query(`SELECT state FROM solidata_auth.uploads WHERE id = $1`, [id])).rows[0].state).toBe('cancelled');
      expect(readdirSync(questionnairesDir(paths))).not.toContain('lieux-accueil-2026.yaml');
    });

    it('reads a multiple choice by its choices, however long its cells', async () => {
      const app = await appWith();
      const cookie = await login(app, 'ines');
      const choices = ['Maison départementale de la cohésion sociale', 'CCAS de ma commune', 'France Services du canton'];
      const rows = newRows.map((r, i) => [...r.slice(0, 5), i === 2 ? choices[1] : choices.join('|'), ...r.slice(6)]);
      const content = [NEW_HEADER, ...rows].map((r) => r.join(';')).join('\n') + '\n';
      const sent = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2026.csv', content }]);
      const page = (await app.inject({ url: sent.headers.location as string, headers: { cookie } })).body;
      expect(page).toMatch(/id="Q1_type"[^]*?<option value="choix_multiple" selected>/);
      expect(textarea(page, 'Q1_reponses')).toBe('CCAS de ma commune\nFrance Services du canton\nMaison départementale de la cohésion sociale');
    });

    it('refuses an export with no question column, with nothing to describe', async () => {
      const app = await appWith();
      const cookie = await login(app, 'ines');
      const plain = newCsv.split('\n').map((l) => l.split(';').slice(0, 5).join(';')).join('\n');
      const response = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2026.csv', content: plain }]);
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('Aucune colonne de question');
      expect(response.body).toContain('« Q1 - … », « Q2 - … »');
    });

    it('checks the file again with a completed description: refused on an answer the description lacks, then valid, and the questionnaire registered on confirmation', async () => {
      const app = await appWith();
      const cookie = await login(app, 'ines');
      const sent = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2026.csv', content: newCsv }]);
      const id = (sent.headers.location as string).split('/').pop()!;
      // « Mairie » removed from the admitted answers: the file holds it.
      const refused = await app.inject({ method: 'POST', url: `/import/${id}/questionnaire`, headers: { cookie }, payload: filled({ Q1_reponses: 'CCAS\nFrance Services' }) });
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('est refusé : rien n’en a été chargé');
      expect(refused.body).toMatch(/<td>Q1 - Quels lieux fréquentez-vous \?<\/td><td>[^<]*Mairie/);
      expect(refused.body).toContain(`<a class="bouton" href="/import/${id}">Corriger la description du questionnaire</a>`);
      expect(refused.body).toContain(`<strong>À faire :</strong> Si la réponse est juste, ajoutez-la aux <a href="/import/${id}#Q1_reponses">« Réponses admises » de Q1</a>`);
      // The file waits for the corrected description, which shows what was typed.
      expect((await pool.query(`SELECT state FROM solidata_auth.uploads WHERE id = $1`, [id])).rows[0].state).toBe('questionnaire');
      const again = (await app.inject({ url: `/import/${id}`, headers: { cookie } })).body;
      expect(textarea(again, 'Q1_reponses')).toBe('CCAS\nFrance Services');

      const accepted = await app.inject({ method: 'POST', url: `/import/${id}/questionnaire`, headers: { cookie }, payload: filled({ Q3_obligatoire: 'oui' }) });
      expect(accepted.statusCode, accepted.body).toBe(303);
      expect(accepted.headers.location).toBe(`/import/${id}`);
      const validated = (await app.inject({ url: `/import/${id}`, headers: { cookie } })).body;
      expect(validated).toContain('a passé tous les contrôles');
      expect(validated).toContain('Correspondance des colonnes avec le questionnaire « Enquête sur les lieux d’accueil (2026) »');
      expect(validated).toMatch(/data-question="Q2"><td>Q2 - Votre satisfaction, de 1 à 4<\/td><td><strong>Q2<\/strong> — Votre satisfaction<\/td><td>échelle<\/td><td>de 1 à 4<\/td>/);
      expect(validated).toMatch(/data-question="Q1">[^]*?Mairie · CCAS · France Services/);
      // Registered with the import, not before.
      const registered = path.join(questionnairesDir(paths), 'lieux-accueil-2026.yaml');
      expect(existsSync(registered)).toBe(false);
      await app.inject({ method: 'POST', url: `/import/${id}/confirmer`, headers: { cookie } });
      expect(parse(readFileSync(registered, 'utf8'))).toEqual({
        questionnaire: 'lieux-accueil-2026', titre: 'Enquête sur les lieux d’accueil (2026)',
        questions: [
          { id: 'Q1', libelle: 'Quels lieux fréquentez-vous ?', type: 'choix_multiple', reponses: ['Mairie', 'CCAS', 'France Services'], obligatoire: false },
          { id: 'Q2', libelle: 'Votre satisfaction', type: 'echelle', min: 1, max: 4, obligatoire: false },
          { id: 'Q3', libelle: 'Seriez-vous prêt à revenir ?', type: 'choix_unique', reponses: ['Oui', 'Non'], obligatoire: true },
          { id: 'Q4', libelle: 'Vos remarques', type: 'texte_libre', obligatoire: false },
        ],
      });
      // Once registered, the next export of this questionnaire needs no description.
      const next = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2027.csv', content: newCsv.replaceAll('2026-03', '2027-03') }]);
      const nextId = (next.headers.location as string).split('/').pop()!;
      expect((await app.inject({ url: `/import/${nextId}`, headers: { cookie } })).body).toContain('questionnaire « Enquête sur les lieux d’accueil (2026) »');
      rmSync(registered);
    });

    it('refuses a file whose column names a direct identifier without keeping it for a description', async () => {
      const app = await appWith();
      const cookie = await login(app, 'ines');
      const before = left();
      const named = newCsv.replace('tranche_age;', 'tranche_age;nom;').replace(/\n(A\d;[^;]*;[^;]*;[^;]*;[^;]*;)/g, '\n$1Dupont;');
      const response = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_lieux_2026.csv', content: named }]);
      expect(response.statusCode).toBe(422);
      expect(response.body).toContain('données directement identifiantes');
      expect(response.body).toContain('Colonne « nom »');
      expect(left()).toEqual(before);
    });
  });

  it('forgets a cancelled upload and its file', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const response = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_mon-avis-citoyen_2025.csv', content: csv(ROWS) }]);
    const id = (response.headers.location as string).split('/').pop()!;
    expect(existsSync(path.join(uploadsDir(paths), id))).toBe(true);
    await app.inject({ method: 'POST', url: `/import/${id}/annuler`, headers: { cookie } });
    expect(existsSync(path.join(uploadsDir(paths), id))).toBe(false);
    expect((await app.inject({ url: `/import/${id}`, headers: { cookie } })).body).toContain('Import annulé');
    expect((await app.inject({ method: 'POST', url: `/import/${id}/confirmer`, headers: { cookie } })).headers.location).toBe(`/import/${id}`);
  });
});

describe('what the pages say around an import: replaced or added, how long, where to look', () => {
  const send = async (app: FastifyInstance, cookie: string, fields: Record<string, string>, files: { field: string; name: string; content: string | Buffer }[]) => {
    const body = multipart(fields, files);
    return app.inject({ method: 'POST', url: '/import', headers: { cookie, ...body.headers }, payload: body.payload });
  };
  /** A materialisation of the history, with its own start and end (seconds before now). */
  const past = async (runId: string, asset: string, startedAgo: number, endedAgo: number, deliveries: unknown[] = []) => {
    const id = await begin(pool, runId, asset, 'x');
    await end(pool, id, { status: 'success', deliveries });
    await pool.query(`UPDATE solidata.materialisations SET started_at = now() - make_interval(secs => $2), ended_at = now() - make_interval(secs => $3) WHERE id = $1`, [id, startedAgo, endedAgo]);
    return id;
  };
  // The questionnaire sent along: the one the export answers, whatever other tests registered.
  const validated = async (app: FastifyInstance, cookie: string, name: string, fields: Record<string, string> = {}) => {
    const response = await send(app, cookie, { source: 'consultation', ...fields }, [
      { field: 'fichier', name, content: csv(ROWS) }, { field: 'questionnaire', name: 'q.yaml', content: stringify(questionnaire) }]);
    expect(response.statusCode, response.body).toBe(303);
    return { id: (response.headers.location as string).split('/').pop()!, body: (await app.inject({ url: response.headers.location as string, headers: { cookie } })).body };
  };
  const text = (body: string) => body.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
  const ids: number[] = [];
  afterAll(async () => {
    await pool.query('DELETE FROM solidata.materialisations WHERE id = ANY($1)', [ids]);
    rmSync(paths.published, { force: true });
  });

  it('says whether a consultation file replaces a loaded delivery or adds respondents as a new period, from the published deliveries and the loads since', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    // Nothing loaded yet.
    expect((await validated(app, cookie, 'consultation_mon-avis-citoyen_2025.csv')).body).toContain('data-effet="premiere"');
    // The publication lists the 2025 export and the questionnaire's year of answers.
    const db = await openDatabase(paths.published);
    await db.connection.run(`CREATE TABLE livraisons AS SELECT * FROM (VALUES
      ('consultation', 'mon-avis-citoyen', '2025', 'consultation_mon-avis-citoyen_2025.csv', 800, TIMESTAMP '2025-04-02 10:00:00', true),
      ('consultation', 'mon-avis-citoyen', '2024', 'consultation_mon-avis-citoyen_2024.csv', 500, TIMESTAMP '2024-04-02 10:00:00', false),
      ('sls_demandes', 'cd41', '2026', 'sls_demandes_cd41_2026.csv', 9000, TIMESTAMP '2026-01-02 10:00:00', true)
    ) AS t(source, producteur, periode, fichier, lignes, recue_le, active)`);
    await db.connection.run(`CREATE TABLE questions AS SELECT * FROM (VALUES ('${questionnaire.questionnaire}', 'Q1', '2025'), ('autre', 'Q1', '2023')) AS t(questionnaire, question_id, annee)`);
    db.close();

    const replacing = text((await validated(app, cookie, 'consultation_mon-avis-citoyen_2025.csv')).body);
    expect(replacing).toContain('Ce fichier remplace la livraison du 02/04/2025 (« consultation_mon-avis-citoyen_2025.csv », 800 ligne(s)) de même producteur et même période');
    expect(replacing).not.toContain('nouvelle période');

    const adding = await validated(app, cookie, 'consultation_mon-avis-citoyen_2026.csv');
    expect(adding.body).toContain('data-effet="ajoute"');
    expect(text(adding.body)).toContain('Ces répondants s’ajoutent comme une nouvelle période de consultation (2026) : ils ne remplacent pas ceux déjà chargés. Période(s) de consultation déjà chargée(s) : 2025 (mon-avis-citoyen, 800 ligne(s), chargée le 02/04/2025).');
    expect(text(adding.body)).toContain(`Le questionnaire « ${questionnaire.titre} » a déjà des réponses en 2025.`);
    expect(text(adding.body)).not.toContain('2024 (');
    expect(adding.body).toContain('href="/import?source=consultation&amp;champ=periode#periode"');
    // Another producer, same period: a delivery of its own, added too.
    expect((await validated(app, cookie, 'consultation_ateliers_2025.csv')).body).toContain('data-effet="ajoute"');

    // Loaded since the last publication (the history knows it, the publication not yet): now replaced.
    const run = crypto.randomUUID();
    ids.push(await past(run, 'raw.consultation', 30, 20, [{ deliveryId: 'x', source: 'consultation', producer: 'mon-avis-citoyen', period: '2026', rows: 3, unchanged: false, notes: [] }]));
    const { utimesSync } = await import('node:fs');
    utimesSync(paths.published, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    const now = text((await validated(app, cookie, 'consultation_mon-avis-citoyen_2026.csv')).body);
    expect(now).toMatch(/Ce fichier remplace la livraison du \d{2}\/\d{2}\/\d{4} \(3 ligne\(s\)\)/);
  });

  it('estimates the time to the dashboard from the last runs, and says so when there is no history', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    // Only this test's history.
    await pool.query(`DELETE FROM solidata.materialisations WHERE asset IN ('raw.consultation', 'publication', 'dashboard')`);
    expect((await validated(app, cookie, 'consultation_mon-avis-citoyen_2027.csv')).body).toContain('data-estimation="inconnue"');
    // Five publications whose runs took 100 to 500 s, five builds of 400 to 2 000 s: medians 120 s and 430 s.
    for (const [i, [refresh, build]] of [[100, 400], [110, 420], [120, 430], [130, 440], [500, 2000]].entries()) {
      const run = crypto.randomUUID();
      const t = 86_400 * (i + 2);
      ids.push(await past(run, 'staging.stg_consultation__repondants', t, t - 10));
      ids.push(await past(run, 'publication', t - 50, t - refresh));
      ids.push(await past(run, 'dashboard', t - refresh - 5, t - refresh - 5 - build));
    }
    // Loads of consultation: 10 s and 40 s, median 25 s.
    ids.push(await past(crypto.randomUUID(), 'raw.consultation', 40 * 86_400, 40 * 86_400 - 40));
    ids.push(await past(crypto.randomUUID(), 'raw.consultation', 41 * 86_400, 41 * 86_400 - 10));
    const page = await validated(app, cookie, 'consultation_mon-avis-citoyen_2027.csv');
    expect(page.body).toContain('data-estimation="575"');
    expect(text(page.body)).toContain('D’après les dernières reconstructions, comptez environ 10 min après le début du chargement (chargement environ 30 s, recalcul et publication environ 2 min, tableau de bord environ 7 min)');
    expect(text(page.body)).not.toContain('quelques minutes');
    expect(page.body).toContain('Les nouveaux chiffres paraîtront alors sur la page <a href="/parole-citoyenne/">« Parole citoyenne »</a> du tableau de bord');
  });

  it('links the follow page, once the dashboard is up to date, to the page where the results appear', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    const { id } = await validated(app, cookie, 'consultation_mon-avis-citoyen_2028.csv');
    await app.inject({ method: 'POST', url: `/import/${id}/confirmer`, headers: { cookie } });
    const { rows: [{ run_id: runId }] } = await pool.query(`SELECT run_id FROM solidata_auth.uploads WHERE id = $1`, [id]);
    expect((await app.inject({ url: `/import/${id}`, headers: { cookie } })).body).not.toContain('class="resultats"');
    ids.push(await past(runId, 'raw.consultation', 3, 2, [{ producer: 'mon-avis-citoyen', period: '2028', rows: 3, unchanged: false, notes: [] }]));
    const refresh = crypto.randomUUID();
    ids.push(await past(refresh, 'publication', 1.5, 1));
    expect((await app.inject({ url: `/import/${id}`, headers: { cookie } })).body).not.toContain('class="resultats"');
    ids.push(await past(refresh, 'dashboard', 0.9, 0.5));
    const page = await app.inject({ url: `/import/${id}`, headers: { cookie } });
    expect(text(page.body)).toContain('Les nouveaux chiffres sont sur la page « Parole citoyenne » du tableau de bord : choisissez la consultation 2028 dans la liste « Consultation » de la page');
    expect(page.body).toContain('<a href="/parole-citoyenne/">« Parole citoyenne »</a>');
    const state = (await app.inject({ url: `/import/${id}/etat`, headers: { cookie } })).json();
    expect(state).toMatchObject({ stage: 'dashboard', done: true });
    expect(state.html).toContain('<a href="/parole-citoyenne/">« Parole citoyenne »</a>');
  });

  it('names the pages of the themes whose indicators read a source', () => {
    expect(resultsPages('consultation')).toEqual([{ titre: 'Parole citoyenne', page: '/parole-citoyenne/' }]);
    expect(resultsPages('fsl_aides')).toEqual([{ titre: 'Logement', page: '/logement/' }]);
    expect(resultsPages('sls_demandes').map((p) => p.titre)).toEqual(expect.arrayContaining(['Délais', 'Activité']));
  });

  it('points refusal advice to the form’s field, never to a command-line option', async () => {
    const app = await appWith();
    const cookie = await login(app, 'ines');
    // A bad period: said beside the field, whose section is open, with what was typed.
    const period = await send(app, cookie, { source: 'consultation', periode: '2025-13', producteur: 'mon-avis' }, [{ field: 'fichier', name: 'c.csv', content: csv(ROWS) }]);
    expect(period.statusCode).toBe(400);
    expect(period.body).toMatch(/<span class="erreur-champ" id="periode-erreur">Période « 2025-13 » non valide[^<]*Corrigez le champ « Période »/);
    expect(period.body).toMatch(/<input id="periode" name="periode" value="2025-13" aria-invalid="true" aria-describedby="periode-aide periode-erreur">/);
    expect(period.body).toMatch(/<details open>\s*<summary>Producteur et période/);
    expect(period.body).toContain('<a href="#periode">Aller au champ</a>');
    const producer = await send(app, cookie, { source: 'consultation', producteur: 'mon avis!' }, [{ field: 'fichier', name: 'c.csv', content: csv(ROWS) }]);
    expect(producer.body).toMatch(/<span class="erreur-champ" id="producteur-erreur">Producteur « mon avis! » non valide/);
    // A link to a field opens its section.
    const form = (await app.inject({ url: '/import?source=consultation&champ=periode', headers: { cookie } })).body;
    expect(form).toMatch(/<details open>\s*<summary>Producteur et période/);
    expect((await app.inject({ url: '/import?source=consultation', headers: { cookie } })).body).not.toContain('<details open>');
    // A description that does not fit the export: the advice names the page's field and links to it.
    const partial = { ...questionnaire, questionnaire: 'incomplet', questions: questionnaire.questions.slice(0, 3) };
    const refused = await send(app, cookie, { source: 'consultation' }, [
      { field: 'fichier', name: 'consultation_mon-avis-citoyen_2025.csv', content: csv(ROWS) },
      { field: 'questionnaire', name: 'q.yaml', content: stringify(partial) },
    ]);
    expect(refused.statusCode).toBe(422);
    const advice = [...refused.body.matchAll(/<p class="a-faire"><strong>À faire :<\/strong>([^]*?)<\/p>/g)].map((m) => m[1]);
    expect(advice.some((a) => a.includes('<a href="/import?source=consultation&amp;champ=questionnaire#questionnaire">« Description du questionnaire »</a>'))).toBe(true);
    // Whatever the refusal, no command-line option on the page.
    const extra = await send(app, cookie, { source: 'consultation' }, [{ field: 'fichier', name: 'consultation_x_2025.csv', content: csv(ROWS).replace('tranche_age;', 'tranche_age;commentaire;').replace(/\n(R\d;[^;]*;[^;]*;[^;]*;[^;]*;)/g, '\n$1rien;') }]);
    expect(extra.statusCode).toBe(422);
    expect(extra.body).toContain('colonne non prévue');
    for (const body of [period.body, producer.body, refused.body, extra.body]) expect(text(body)).not.toMatch(/--[a-z]/);
    // The name gave no period (« export » is read as the producer), then no producer: the valid file's page says where to give it.
    expect((await validated(app, cookie, 'export.csv')).body).toMatch(/<p data-preciser>Pour préciser la période, annulez puis\s+renvoyez le fichier en remplissant le champ <a href="\/import\?source=consultation&amp;champ=periode#periode">« Période »<\/a>\.<\/p>/);
    expect((await validated(app, cookie, '2025.csv')).body).toMatch(/<p data-preciser>Pour préciser le producteur, annulez puis\s+renvoyez le fichier en remplissant le champ <a href="\/import\?source=consultation&amp;champ=producteur#producteur">« Producteur »<\/a>\.<\/p>/);
    expect((await validated(app, cookie, 'consultation_mon-avis-citoyen_2025.csv')).body).not.toContain('data-preciser');
  });
});

describe('following an import', () => {
  /** One materialisation in the history, as the runner writes it. */
  const step = async (runId: string, asset: string, status: 'running' | 'success' | 'failed' | 'skipped', extra: { error?: string; deliveries?: unknown[] } = {}) => {
    const id = await begin(pool, runId, asset, 'x');
    if (status !== 'running') await end(pool, id, { status, ...extra });
  };
  const follow = (runId: string) => followImport(pool, graph, { run_id: runId, source: 'consultation' });
  const loaded = { rows: 400, unchanged: false, notes: ['14 réponse(s) en texte libre nettoyée(s)'] };

  it('reads each stage from the history: loading, refreshing, published, dashboard rebuilt', async () => {
    const importRun = crypto.randomUUID();
    const refresh = crypto.randomUUID();
    expect(await follow(importRun)).toMatchObject({ stage: 'queued', done: false });
    await step(importRun, 'raw.consultation', 'running');
    expect(await follow(importRun)).toMatchObject({ stage: 'loading', done: false });
    await pool.query(`DELETE FROM solidata.materialisations WHERE run_id = $1`, [importRun]);
    await step(importRun, 'raw.consultation', 'success', { deliveries: [loaded] });
    expect(await follow(importRun)).toMatchObject({ stage: 'refreshing', done: false, lignes: 400, notes: loaded.notes });
    await step(refresh, 'staging.stg_consultation__repondants', 'success');
    expect((await follow(importRun)).message).toContain('(1 étape(s) terminée(s))');
    await step(refresh, 'publication', 'success');
    expect(await follow(importRun)).toMatchObject({ stage: 'published', done: false });
    // The dashboard's build, stage by stage: the page says which one runs, the admin page lists them with their durations.
    const build = await begin(pool, refresh, 'dashboard', 'x');
    await beginStage(pool, build, 'extraction des tables publiées');
    await beginStage(pool, build, 'construction complète des pages');
    expect((await follow(importRun)).message).toMatch(/^Publié : le tableau de bord est en cours de reconstruction \(construction complète des pages, depuis \d{2}:\d{2}\)…$/);
    const app = await appWith();
    const admin = await login(app, 'chef');
    const running = (await app.inject({ url: '/admin', headers: { cookie: admin } })).body;
    expect(running).toMatch(/data-sous-etape="extraction des tables publiées"><td>↳ extraction des tables publiées<\/td><td>[\d:]+<\/td><td>(moins d’1 s|\d+ s)<\/td><td><\/td>/);
    expect(running).toContain('data-sous-etape="construction complète des pages"><td>↳ construction complète des pages</td>');
    expect(running).toMatch(/construction complète des pages<\/td><td>[\d:]+<\/td><td>en cours<\/td>/);
    await end(pool, build, { status: 'success' });
    expect(await follow(importRun)).toMatchObject({ stage: 'dashboard', done: true });
    const ended = (await app.inject({ url: '/admin', headers: { cookie: admin } })).body;
    expect(ended).not.toMatch(/construction complète des pages<\/td><td>[\d:]+<\/td><td>en cours/);
  });

  it('follows an import whose refresh was merged with another delivery’s, across run ids', async () => {
    // Two deliveries at once: the runner merges their plans, and the jobs carry either run id.
    const importRun = crypto.randomUUID();
    const other = crypto.randomUUID();
    const merged = crypto.randomUUID();
    await step(importRun, 'raw.consultation', 'success', { deliveries: [loaded] });
    await step(other, 'raw.sls_demandes', 'success');
    await step(other, 'staging.stg_consultation__repondants', 'success');
    expect(await follow(importRun)).toMatchObject({ stage: 'refreshing', done: false });
    await step(merged, 'marts.fct_repondants', 'success');
    await step(merged, 'publication', 'success');
    expect(await follow(importRun)).toMatchObject({ stage: 'published', done: false });
    await step(merged, 'dashboard', 'success');
    expect(await follow(importRun)).toMatchObject({ stage: 'dashboard', done: true });
  });

  it('says when the file was refused at loading, already loaded, or when the refresh failed', async () => {
    const refused = crypto.randomUUID();
    await step(refused, 'raw.consultation', 'failed', { error: 'Fichier « x.csv » refusé' });
    expect(await follow(refused)).toMatchObject({ stage: 'refused', done: true, error: 'Fichier « x.csv » refusé' });

    const same = crypto.randomUUID();
    await step(same, 'raw.consultation', 'success', { deliveries: [{ ...loaded, unchanged: true }] });
    expect(await follow(same)).toMatchObject({ stage: 'unchanged', done: true });

    // A failure anywhere upstream of the publication, even not downstream of this source, skips it.
    const importRun = crypto.randomUUID();
    const refresh = crypto.randomUUID();
    await step(importRun, 'raw.consultation', 'success', { deliveries: [loaded] });
    await step(refresh, 'staging.stg_consultation__repondants', 'success');
    await step(refresh, 'marts.fct_demandes', 'failed', { error: 'Contrôle unique en échec' });
    await step(refresh, 'publication', 'skipped', { error: 'Amont en échec : marts.fct_demandes' });
    expect(await follow(importRun)).toMatchObject({ stage: 'failed', done: true, error: 'marts.fct_demandes : Contrôle unique en échec' });
  });
});
