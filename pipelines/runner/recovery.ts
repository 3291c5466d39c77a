// After a crash (SIGKILL, power cut), a job may stay locked for hours and its history row stay
// "running". When this process is the only user of the embedded Postgres, whatever is still
// locked or running belongs to a dead process: release it, so that this run finishes the work.
// The data itself needs no repair: every warehouse write is one transaction, and publication
// and the dashboard are swapped in whole.
import { makeWorkerUtils } from 'graphile-worker';
import type pg from 'pg';
import { log } from '../log.ts';

export async function recoverInterrupted(pool: pg.Pool, exclusive: boolean): Promise<void> {
  if (!exclusive) return;
  const { rows } = await pool.query<{ locked_by: string }>('SELECT DISTINCT locked_by FROM graphile_worker.jobs WHERE locked_by IS NOT NULL');
  if (rows.length > 0) {
    const utils = await makeWorkerUtils({ pgPool: pool });
    try {
      await utils.forceUnlockWorkers(rows.map((r) => r.locked_by));
    } finally {
      await utils.release();
    }
  }
  const interrupted = await pool.query<{ asset: string }>(
    `UPDATE solidata.materialisations SET status = 'failed', ended_at = now(),
       error = 'Interrompu : le processus s’est arrêté brutalement pendant ce travail.'
     WHERE status = 'running' RETURNING asset`,
  );
  if (interrupted.rowCount) {
    log.warn(`Reprise après un arrêt brutal : ${interrupted.rows.map((r) => r.asset).join(', ')} sera refait.`);
  }
}
