import { spawn } from 'node:child_process';
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

  it('recovers a server left running by a killed run', async () => {
    const dir = path.join(tempDir(), 'postgres');
    // One process (no tsx wrapper), so that SIGKILL leaves nothing behind but the Postgres server.
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/hold-postgres.ts', dir], { cwd: projectRoot });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => String(d).includes('prêt') && resolve());
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    child.kill('SIGKILL');
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
