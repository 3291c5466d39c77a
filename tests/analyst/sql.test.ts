import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { DuckDBInstance } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { frNumber } from '../../pipelines/analyst/format_table.ts';
import { isComplete } from '../../pipelines/analyst/sql_prompt.ts';
import { projectRoot } from '../../pipelines/config.ts';
import { tempDir } from '../helpers/fixtures.ts';

const bin = path.join(projectRoot, 'bin', 'solidata.js');
let dataDir: string;

const sql = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, 'sql', '--data-dir', dataDir, ...args], { cwd: projectRoot, input, encoding: 'utf8' });

const sqlBinary = (args: string[]) =>
  spawnSync(process.execPath, [bin, 'sql', '--data-dir', dataDir, ...args], { cwd: projectRoot });

async function createDatabase(file: string, statements: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run(statements);
  connection.closeSync();
  instance.closeSync();
}

beforeAll(async () => {
  dataDir = tempDir();
  await createDatabase(path.join(dataDir, 'published.duckdb'), `
    CREATE TABLE indicateurs (indicateur VARCHAR, code VARCHAR, periode DATE, valeur DOUBLE, effectif BIGINT, secret BOOLEAN, maj TIMESTAMP);
    INSERT INTO indicateurs VALUES
      ('delai_premier_rdv_median', '41018', '2025-06-01', 12.5, 1234567, false, '2025-07-01 10:30:00'),
      ('delai_premier_rdv_median', '41269', '2025-06-01', NULL, NULL, true, NULL),
      ('taux_orientation', '41', '2025-05-01', 0.25, 42, false, '2025-07-01 10:30:00');
    CREATE TABLE catalogue (indicateur VARCHAR, libelle VARCHAR);
    INSERT INTO catalogue VALUES ('delai_premier_rdv_median', 'Délai médian, jusqu’au premier rendez-vous');
    CREATE VIEW secrets AS SELECT code FROM indicateurs WHERE secret;`);
  await createDatabase(path.join(dataDir, 'warehouse.duckdb'), `
    CREATE SCHEMA marts;
    CREATE TABLE marts.fct_demandes (id_demande VARCHAR, commune VARCHAR);
    INSERT INTO marts.fct_demandes VALUES ('d1', '41018'), ('d2', '41018'), ('d3', '41269');`);
});

describe('solidata sql -c', () => {
  it('prints a French table: numbers right-aligned with spaces and commas, NULL, the row count', () => {
    const out = sql(['-c', 'SELECT code, valeur, effectif, periode FROM indicateurs ORDER BY code']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout.split('\n')).toEqual([
      'code   valeur   effectif  periode',
      '─────  ──────  ─────────  ──────────',
      '41       0,25         42  2025-05-01',
      '41018    12,5  1 234 567  2025-06-01',
      '41269    NULL       NULL  2025-06-01',
      '3 lignes',
      '',
    ]);
  });

  it('runs several statements, and counts one row in the singular', () => {
    const out = sql(['-c', 'SELECT count(*) AS n FROM indicateurs; SELECT sum(effectif) AS total, 2024 AS annee FROM indicateurs']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('n\n─\n3\n1 ligne\n');
    // Four-digit numbers stay whole (a year), larger ones are grouped.
    expect(out.stdout).toContain('    total  annee\n─────────  ─────\n1 234 609   2024\n1 ligne\n');
  });

  it('writes CSV with a decimal point and empty nulls', () => {
    const out = sql(['-c', 'SELECT code, valeur, effectif, secret FROM indicateurs ORDER BY code', '--format', 'csv']);
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('code,valeur,effectif,secret\r\n41,0.25,42,false\r\n41018,12.5,1234567,false\r\n41269,,,true\r\n');
  });

  it('writes JSON objects, big integers as numbers when safe and as strings otherwise', () => {
    const out = sql(['-c', `SELECT code, effectif, periode, 9007199254740993::BIGINT AS grand, 3.10::DECIMAL(5,2) AS d
      FROM indicateurs WHERE code <> '41269' ORDER BY code`, '--format', 'json']);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([
      { code: '41', effectif: 42, periode: '2025-05-01', grand: '9007199254740993', d: 3.1 },
      { code: '41018', effectif: 1234567, periode: '2025-06-01', grand: '9007199254740993', d: 3.1 },
    ]);
  });

  it('writes an Arrow IPC stream that apache-arrow reads back with the right types', () => {
    const out = sqlBinary(['-c', `SELECT indicateur, periode, valeur, effectif, secret, maj, sum(effectif) OVER () AS total,
      1.5::DECIMAL(4,1) AS d FROM indicateurs ORDER BY code`, '--format', 'arrow']);
    expect(out.stderr.toString()).toBe('');
    expect(out.status).toBe(0);
    const table = tableFromIPC(out.stdout);
    expect(table.numRows).toBe(3);
    expect(Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]))).toEqual({
      indicateur: 'Utf8',
      periode: 'Date32<DAY>',
      valeur: 'Float64',
      effectif: 'Int64',
      secret: 'Bool',
      maj: 'Timestamp<MICROSECOND>',
      total: 'Int64', // a HUGEINT sum that fits in 64 bits
      d: 'Float64',
    });
    const at = (name: string, row: number) => table.getChild(name)!.get(row);
    expect(['indicateur', 'valeur', 'effectif', 'secret', 'total', 'd'].map((n) => at(n, 0))).toEqual(['taux_orientation', 0.25, 42n, false, 1234609n, 1.5]);
    expect(new Date(at('periode', 0)).getTime()).toBe(Date.UTC(2025, 4, 1));
    expect(new Date(at('maj', 0)).getTime()).toBe(Date.UTC(2025, 6, 1, 10, 30));
    expect(['valeur', 'effectif', 'maj', 'secret'].map((n) => at(n, 2))).toEqual([null, null, null, true]);
  });

  it('queries the warehouse with --warehouse', () => {
    const out = sql(['--warehouse', '-c', 'SELECT commune, count(*) AS n FROM marts.fct_demandes GROUP BY commune ORDER BY commune', '--format', 'csv']);
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('commune,n\r\n41018,2\r\n41269,1\r\n');
  });
});

describe('French errors, DuckDB’s message kept after', () => {
  it('unknown table: lists the tables there are', () => {
    const out = sql(['-c', 'SELECT * FROM indicateur']);
    expect(out.status).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('La table « indicateur » n’existe pas. Tables disponibles : catalogue, indicateurs, secrets.');
    expect(out.stderr).toContain('DuckDB : Catalog Error: Table with name indicateur does not exist!');
  });

  it('unknown column: lists the columns of the table the query reads', () => {
    const out = sql(['-c', 'SELECT valeurs FROM indicateurs']);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('La colonne « valeurs » n’existe pas.');
    expect(out.stderr).toContain('Colonnes de la table « indicateurs » : indicateur, code, periode, valeur, effectif, secret, maj.');
    expect(out.stderr).not.toContain('Colonnes de la table « catalogue »');
    expect(out.stderr).toContain('DuckDB : Binder Error: Referenced column "valeurs" not found');
  });

  it('syntax error: says near what, and DuckDB’s caret shows where', () => {
    const out = sql(['-c', 'SELECT code FORM indicateurs']);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('Erreur de syntaxe près de « indicateurs »');
    expect(out.stderr).toMatch(/LINE 1: SELECT code FORM indicateurs\n\s+\^/);
  });

  it('a statement that would write: the base is read-only', () => {
    const out = sql(['-c', 'DELETE FROM indicateurs']);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('La base est ouverte en lecture seule');
  });

  it('no published database yet: says to run solidata run first', () => {
    const out = spawnSync(process.execPath, [bin, 'sql', '--data-dir', tempDir(), '-c', 'SELECT 1'], { cwd: projectRoot, encoding: 'utf8' });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('Aucune base publiée : lancez d’abord solidata run.');
  });

  it('results before the failing statement are shown', () => {
    const out = sql(['-c', 'SELECT 7 AS sept; SELECT nope FROM catalogue']);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('sept\n────\n   7\n1 ligne');
    expect(out.stderr).toContain('Colonnes de la table « catalogue » : indicateur, libelle.');
  });

  it('usage mistakes exit with 2', () => {
    const format = sql(['-c', 'SELECT 1', '--format', 'xml']);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain('--format : attendu : table, csv, json ou arrow');
    const arrow = sql(['--format', 'arrow'], '');
    expect(arrow.status).toBe(2);
    expect(arrow.stderr).toContain('--format arrow va avec -c');
  });
});

describe('the interactive prompt (statements on stdin)', () => {
  it('answers dot-commands and multi-line statements, and keeps a history', () => {
    const input = [
      '.tables',
      '.schema indicateurs',
      '.schema inconnue',
      'SELECT code,',
      '       effectif  -- a comment; not the end',
      'FROM indicateurs',
      "WHERE code <> '41;269'",
      'ORDER BY effectif DESC;',
      '.help',
      '.quit',
      'SELECT 1;',
    ].join('\n');
    const out = sql([], `${input}\n`);
    expect(out.status).toBe(1); // a script whose statement failed (.schema inconnue)
    const stdout = out.stdout;
    expect(stdout).toContain('catalogue\nindicateurs\nsecrets\n');
    expect(stdout).toContain('indicateurs\n  indicateur  VARCHAR\n  code        VARCHAR\n  periode     DATE\n  valeur      DOUBLE\n  effectif    BIGINT\n');
    expect(stdout).toContain('code    effectif\n─────  ─────────\n41018  1 234 567\n41            42\n41269       NULL\n3 lignes\n');
    expect(stdout).toContain('.schema [table]');
    expect(stdout).not.toContain('solidata>'); // no prompt when stdin is not a terminal
    // .quit leaves: the statement after it is not run.
    expect(stdout.match(/^\d+ lignes?$/gm)).toEqual(['3 lignes']);
    expect(out.stderr).toContain('La table « inconnue » n’existe pas. Tables disponibles : catalogue, indicateurs, secrets.');
    const history = readFileSync(path.join(dataDir, '.sql_history'), 'utf8').trim().split('\n');
    expect(history).toContain("SELECT code, effectif  -- a comment; not the end FROM indicateurs WHERE code <> '41;269' ORDER BY effectif DESC;");
    expect(history.at(-1)).toBe('.quit');
  });

  it('a last statement without « ; » is still run at the end of the input', () => {
    const out = sql(['--format', 'json'], 'SELECT 41 AS code');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([{ code: 41 }]);
  });

  it('lists the warehouse tables with their schema', () => {
    const out = sql(['--warehouse'], '.tables\n.schema marts.fct_demandes\n');
    expect(out.status).toBe(0);
    expect(out.stdout).toBe('marts.fct_demandes\nmarts.fct_demandes\n  id_demande  VARCHAR\n  commune     VARCHAR\n');
  });
});

describe('the warehouse, shared with the pipeline', () => {
  const warehouse = () => path.join(dataDir, 'warehouse.duckdb');

  it('waits while a job writes the warehouse, says so once, then answers', async () => {
    // A job: holds the warehouse for writing until told to let go (or 10 s).
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const instance = await DuckDBInstance.create(process.argv[1]);
      const connection = await instance.connect();
      await connection.run("INSERT INTO marts.fct_demandes VALUES ('d4', '41269')");
      console.log('ready');
      const release = () => { connection.closeSync(); instance.closeSync(); console.log('closed'); process.exit(0); };
      process.stdin.once('data', release);
      setTimeout(release, 10000);
    `, warehouse()], { cwd: projectRoot });
    await lineFrom(holder, 'stdout', 'ready');
    const started = Date.now();
    const reader = spawn(process.execPath, [bin, 'sql', '--data-dir', dataDir, '--warehouse', '-c', 'SELECT count(*) AS n FROM marts.fct_demandes', '--format', 'csv'], { cwd: projectRoot });
    const output = collect(reader);
    await lineFrom(reader, 'stderr', 'j’attends');
    // Still waiting a while later: it did not give up nor read anything.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(reader.exitCode).toBeNull();
    holder.stdin.write('go\n');
    await lineFrom(holder, 'stdout', 'closed');
    const released = Date.now();
    const [code] = await once(reader, 'exit');
    expect(code).toBe(0);
    expect(output.stdout).toBe('n\r\n4\r\n'); // the job's row is there: it answered after the job
    expect(output.stderr.match(/L’entrepôt est en cours d’écriture par un travail ; j’attends…/g)).toHaveLength(1);
    expect(released - started).toBeGreaterThan(600);
  });

  it('an idle prompt holds no lock: a job can write the warehouse between two statements', async () => {
    const prompt = spawn(process.execPath, [bin, 'sql', '--data-dir', dataDir, '--warehouse', '--format', 'csv'], { cwd: projectRoot });
    const output = collect(prompt);
    prompt.stdin.write('SELECT count(*) AS n FROM marts.fct_demandes;\n');
    await lineFrom(prompt, 'stdout', /^n\r\n\d+\r\n/);
    const before = output.stdout;
    // Opening for writing would fail with a lock error if the prompt still held the file.
    const instance = await DuckDBInstance.create(warehouse());
    const connection = await instance.connect();
    await connection.run("INSERT INTO marts.fct_demandes VALUES ('d5', '41018')");
    connection.closeSync();
    instance.closeSync();
    prompt.stdin.end('SELECT count(*) AS n FROM marts.fct_demandes;\n');
    const [code] = await once(prompt, 'exit');
    expect(code).toBe(0);
    expect(before).toMatch(/^n\r\n\d+\r\n$/);
    expect(Number(output.stdout.split('\r\n')[3])).toBe(Number(before.split('\r\n')[1]) + 1);
  });
});

describe('pieces', () => {
  it('tells a complete statement from one still being typed', () => {
    expect(isComplete('SELECT 1;')).toBe(true);
    expect(isComplete('SELECT 1; -- fin')).toBe(true);
    expect(isComplete("SELECT ';'")).toBe(false);
    expect(isComplete('SELECT 1 /* ; */')).toBe(false);
    expect(isComplete('SELECT "a;b"')).toBe(false);
    expect(isComplete("SELECT 'it''s';")).toBe(true);
  });

  it('writes numbers the French way', () => {
    expect(frNumber(1234567.5)).toBe('1 234 567,5');
    expect(frNumber(-0.125)).toBe('-0,125');
    expect(frNumber(2024)).toBe('2024');
    expect(frNumber(12345)).toBe('12 345');
    expect(frNumber(1 / 3)).toBe('0,333333');
  });
});

/** Resolves once `text` has appeared on the stream. */
function lineFrom(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr', text: string | RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`« ${text} » jamais lu ; reçu : ${seen}`)), 30_000);
    child[stream].on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (typeof text === 'string' ? seen.includes(text) : text.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

function collect(child: ChildProcessWithoutNullStreams): { stdout: string; stderr: string } {
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return output;
}
