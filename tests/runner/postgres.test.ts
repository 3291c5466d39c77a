import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { isAlive, startPostgres } from '../../pipelines/runner/postgres.ts';
import { tempDir } from '../helpers/fixtures.ts';

async function version(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return Number((await client.query('SHOW server_version_num')).rows[0].server_version_num);
  } finally {
    await client.end();
  }
}

/** A separate process that starts the server of `dir` and holds it until killed. */
async function holdPostgres(dir: string): Promise<ChildProcess> {
  // One process (no tsx wrapper), so that SIGKILL leaves nothing behind but the Postgres server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/hold-postgres.ts', dir], { cwd: projectRoot });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('prêt') && resolve());
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  return child;
}

describe('embedded Postgres', () => {
  it('starts under the data directory, also as root, and answers', async () => {
    const dir = path.join(tempDir(), 'postgres');
    const server = await startPostgres(undefined, dir);
    try {
      expect(server.embedded).toBe(true);
      expect(await version(server.connectionString)).toBeGreaterThanOrEqual(120000);
      expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('shares the server another live command of the same data directory started', async () => {
    const dir = path.join(tempDir(), 'postgres');
    const child = await holdPostgres(dir);
    try {
      const server = await startPostgres(undefined, dir);
      expect(await version(server.connectionString)).toBeGreaterThanOrEqual(120000);
      await server.stop();
      // Stopping a shared handle leaves the owner's server running.
      expect(isAlive(Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]))).toBe(true);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      // Recovers the server the killed owner left, then stops it: no server outlives the test.
      await startPostgres(undefined, dir).then((s) => s.stop());
    }
  });

  it('recovers a server left running by a killed run', async () => {
    const dir = path.join(tempDir(), 'postgres');
    const child = await holdPostgres(dir);
    const killed = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await killed;
    const orphan = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isAlive(orphan)).toBe(true);

    const server = await startPostgres(undefined, dir);
    try {
      expect(await version(server.connectionString)).toBeGreaterThanOrEqual(120000);
      expect(isAlive(orphan)).toBe(false);
    } finally {
      await server.stop();
    }
  });
});
