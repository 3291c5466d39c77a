// The inbox, one folder per source: loaded files go to traites/, refused ones to refuses/ with
// their report, files with identifying data are deleted; re-importing changes nothing; a new
// delivery replaces the old one and history keeps both. And the command line waits for the lock.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pathsFor, projectRoot, type Paths } from '../../pipelines/config.ts';
import { inboxDir, processInboxFile, inboxFiles } from '../../pipelines/ingest/inbox.ts';
import { openDatabase, openWarehouse, queryRows, type Database } from '../../pipelines/warehouse/duckdb.ts';
import { demoLines, demoRequests, tempDir, writeDelivery } from '../helpers/fixtures.ts';

describe('the inbox', () => {
  let paths: Paths;
  let db: Database;
  beforeEach(async () => {
    paths = pathsFor(tempDir());
    mkdirSync(inboxDir(paths, 'sls_demandes'), { recursive: true });
    db = await openWarehouse(':memory:');
  });
  afterEach(() => db.close());
  const drop = (name: string, lines: string[]) => writeDelivery(inboxDir(paths, 'sls_demandes'), name, lines);
  const run = async () => {
    const out = [];
    for (const f of inboxFiles(paths, 'sls_demandes')) out.push(await processInboxFile(db.connection, paths, 'sls_demandes', f));
    return out;
  };

  it('imports a file of the source folder, named without its source, and moves it to traites/', async () => {
    drop('departement-41_2025-06.csv', demoLines(demoRequests));
    const [o] = await run();
    expect(o.result).toMatchObject({ source: 'sls_demandes', producer: 'departement-41', period: '2025-06', rows: 693 });
    expect(readdirSync(inboxDir(paths, 'sls_demandes'))).toEqual([]);
    expect(readdirSync(path.join(paths.dataDir, 'traites'))).toHaveLength(1);
  });

  it('says nothing changed when the same file comes again, and replaces a new delivery keeping the history', async () => {
    const lines = demoLines(demoRequests);
    drop('departement-41_2025-06.csv', lines);
    await run();
    drop('departement-41_2025-06.csv', lines);
    const [again] = await run();
    expect(again.result?.unchanged).toBe(true);
    expect(again.result?.notes.join()).toContain('rien n’a changé');
    drop('departement-41_2025-06.csv', lines.slice(0, 11));
    const [replaced] = await run();
    expect(replaced.result).toMatchObject({ replaced: 1, rows: 10 });
    const history = await queryRows<{ active: boolean }>(db.connection, `SELECT active FROM meta.livraisons ORDER BY recue_le`);
    expect(history.map((h) => h.active)).toEqual([false, true]);
    expect(Number((await queryRows<{ n: string }>(db.connection, 'SELECT count(*) AS n FROM raw.sls_demandes'))[0].n)).toBe(10);
  });

  it('keeps a refused file with its report, but deletes one holding identifying data', async () => {
    const lines = demoLines(demoRequests);
    drop('a_2025-06.csv', [lines[0], lines[1].replace(/;\d\d\/\d\d\/2025;/, ';hier;')]);
    drop('b_2025-06.csv', [`${lines[0]};courriel`, `${lines[1]};x@y.fr`]);
    const outcomes = await run();
    expect(outcomes.every((o) => o.refused)).toBe(true);
    const refused = readdirSync(path.join(paths.dataDir, 'refuses')).sort();
    expect(refused).toEqual(['a_2025-06.csv', 'a_2025-06.csv.rapport.txt', 'b_2025-06.csv.rapport.txt']);
    expect(readFileSync(path.join(paths.dataDir, 'refuses', 'b_2025-06.csv.rapport.txt'), 'utf8')).not.toContain('x@y.fr');
    expect(readdirSync(inboxDir(paths, 'sls_demandes'))).toEqual([]);
  });
});

describe('solidata import', () => {
  it('waits while another process holds the warehouse, then loads and leaves the file in place', async () => {
    const dataDir = tempDir();
    const paths = pathsFor(dataDir);
    const holder = await openDatabase(paths.warehouse);
    const file = writeDelivery(tempDir(), 'sls_demandes_departement-41_2025-06.csv', demoLines(demoRequests));
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), 'import', 'sls_demandes', file, '--data-dir', dataDir], { cwd: projectRoot });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    // The first command may set up its embedded Postgres first: wait for the message, not a fixed time.
    for (let waited = 0; waited < 90_000 && !out.includes('En attente de l’entrepôt'); waited += 250) await new Promise((r) => setTimeout(r, 250));
    expect(out).toContain('En attente de l’entrepôt, occupé par');
    holder.close();
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(out).toContain('sls_demandes, departement-41, 2025-06 : 693 lignes chargées');
    expect(existsSync(file)).toBe(true);
  });

  it('exits non-zero with the French report on refusal', async () => {
    const dataDir = tempDir();
    const file = writeDelivery(tempDir(), 'sls_demandes_x_2025-06.csv', [demoLines(demoRequests)[0], 'D1;u;S;hier;;logement;accueil;41018;25_39;clos']);
    const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), 'import', 'sls_demandes', file, '--data-dir', dataDir], { cwd: projectRoot });
    let out = '';
    child.stderr.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.on('close', r));
    expect(code).toBe(1);
    expect(out).toContain('ligne 2, colonne « date_demande » : « hier » n’est pas valide');
    expect(existsSync(file)).toBe(true);
  });
});
