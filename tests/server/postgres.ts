// A real embedded Postgres for the server's tests, with the job queue, the history and the
// accounts' tables ready, under a temporary folder; stopped by the returned function.
import path from 'node:path';
import type pg from 'pg';
import { startPostgres } from '../../pipelines/runner/postgres.ts';
import { prepareDatabase } from '../../pipelines/runner/worker.ts';
import { migrateAuth } from '../../pipelines/server/accounts.ts';
import { tempDir } from '../helpers/fixtures.ts';

export async function testPostgres(dir = tempDir()): Promise<{ pool: pg.Pool; stop(): Promise<void> }> {
  const server = await startPostgres(undefined, path.join(dir, 'postgres'));
  const pool = await prepareDatabase(server.connectionString);
  await migrateAuth(pool);
  return {
    pool,
    async stop() {
      await pool.end();
      await server.stop();
    },
  };
}
