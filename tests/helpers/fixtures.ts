// Small helpers shared by the tests: temporary folders and the demo files.
import { spawn } from 'node:child_process';
import { DuckDBInstance } from '@duckdb/node-api';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../pipelines/config.ts';
import { isAlive } from '../../pipelines/runner/postgres.ts';

export const demoDir = path.join(projectRoot, 'reference', 'demo');
export const demoRequests = path.join(demoDir, 'sls_demandes_departement-41_2025-06.csv');
export const demoSites = path.join(demoDir, 'sites_departement-41_2025-06.csv');

export function tempDir(prefix = 'solidata-test-'): string {
  // mkdtemp makes it private (0700): open it so that Postgres, run as `postgres` under root, gets through.
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** Writes a delivery from lines of text, in the given encoding. */
export function writeDelivery(dir: string, name: string, lines: string[], encoding: 'utf-8' | 'windows-1252' = 'utf-8'): string {
  const file = path.join(dir, name);
  const text = lines.join('\r\n') + '\r\n';
  writeFileSync(file, encoding === 'utf-8' ? Buffer.from(text, 'utf8') : encodeWindows1252(text));
  return file;
}

const CP1252_EXTRA: Record<string, number> = { '€': 0x80, '–': 0x96, '’': 0x92, 'œ': 0x9c, '—': 0x97, '‘': 0x91, '«': 0xab, '»': 0xbb };

function encodeWindows1252(text: string): Buffer {
  return Buffer.from([...text].map((ch) => CP1252_EXTRA[ch] ?? (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 0x3f)));
}

export const demoLines = (file: string) => readFileSync(file, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/);

/** The records of a CSV text given as lines: a quoted cell may hold line breaks. */
export function csvRecords(lines: string[]): string[] {
  const records: string[] = [];
  let open = '';
  for (const line of lines) {
    open = open ? `${open}\n${line}` : line;
    if ((open.match(/"/g)?.length ?? 0) % 2 === 0) {
      records.push(open);
      open = '';
    }
  }
  return records;
}


/** Writes a workbook whose first sheet holds these rows (row 1 first); null leaves a cell empty. */
export async function writeXlsx(dir: string, name: string, rows: (string | number | Date | null)[][]): Promise<string> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Feuille1');
  rows.forEach((r, i) => r.forEach((v, c) => {
    if (v !== null) sheet.getCell(i + 1, c + 1).value = v;
  }));
  const file = path.join(dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** A NIR with its valid key (97 - the 13 digits mod 97). */
export function nirWithKey(body13: string): string {
  return `${body13}${String(97 - Number(BigInt(body13) % 97n)).padStart(2, '0')}`;
}

/**
 * A copy of a data directory (the shared one, built once per run), but for its dashboard. With `atelier`, its dashboard workshop too
 * (the bundles of its last full build), so that a run in the copy rebuilds the pages from new data
 * instead of building everything again, as an installation that has already built once does.
 */
export async function copyDataDirectory(shared: string, prefix = 'solidata-copie-', options: { atelier?: boolean } = {}): Promise<string> {
  const pid = path.join(shared, 'postgres', 'postmaster.pid');
  if (existsSync(pid) && isAlive(Number(readFileSync(pid, 'utf8').split('\n')[0]))) throw new Error(`Le Postgres de ${shared} tourne encore : impossible d’en copier le dossier.`);
  const work = tempDir(prefix);
  for (const entry of readdirSync(shared).filter((e) => !e.startsWith('dashboard') || (options.atelier && e === 'dashboard-atelier'))) {
    // cp -a keeps the owner of Postgres' files (the `postgres` user when run as root).
    // Without blocking the worker: a copy of a big directory on a busy machine can be long.
    const copied = await childProcess('cp', ['-a', path.join(shared, entry), work]);
    if (copied.status !== 0) throw new Error(`cp ${entry} : ${copied.stderr}`);
  }
  return work;
}

/**
 * Runs `solidata <args>` in a child process, without blocking the test's worker: a worker silent
 * for a minute (spawnSync of a long run) misses vitest's own messages, and the run then fails.
 */
export function solidataCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; bin?: string } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return childProcess(process.execPath, [options.bin ?? path.join(projectRoot, 'bin', 'solidata.js'), ...args], {
    cwd: options.cwd ?? projectRoot, env: options.env ?? { ...process.env, DATABASE_URL: '' },
  });
}

/** A command in a child process, its output gathered, awaited without blocking the test's worker. */
export function childProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    // Input only when given (a command may exit without reading it: its pipe then closes early).
    if (options.input !== undefined) {
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }
  });
}

/** The rows of a query on a DuckDB file opened read-only, as JavaScript values (numbers stay numbers). */
export async function readDuckdb(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
