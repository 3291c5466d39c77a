// The schedules of solidata.config.yaml really fire: graphile-worker's cron reads our crontab,
// queues the plan, and the plan refreshes or publishes, through the worker `solidata start` runs.
import path from 'node:path';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor, type Settings } from '../../pipelines/config.ts';
import { seedMiniDemo, withRuntime } from '../../pipelines/cli/runtime.ts';
import { inboxDir } from '../../pipelines/ingest/inbox.ts';
import type { Materialisation } from '../../pipelines/runner/history.ts';
import { withoutAssets } from '../../pipelines/runner/plan.ts';
import { DASHBOARD_ASSETS } from '../../pipelines/assets/graph.ts';
import type { RunnerEnv } from '../../pipelines/runner/tasks.ts';
import { runStaleOnce, startWorker } from '../../pipelines/runner/worker.ts';
import { configSchema, crontabOf } from '../../pipelines/settings.ts';
import { demoLines, demoRequests, tempDir, writeDelivery } from '../helpers/fixtures.ts';

const settings: Settings = { dataDir: tempDir(), secretThreshold: 11 };
// Everything `solidata start` would do, short of the dashboard build.
const short = (env: RunnerEnv): RunnerEnv => ({ ...env, graph: withoutAssets(env.graph, DASHBOARD_ASSETS) });

/** The materialisations of the first run started since `since` that reached `asset`, once it ended. */
async function runReaching(pool: pg.Pool, since: Date, asset: string, timeout: number): Promise<Materialisation[]> {
  for (const deadline = Date.now() + timeout; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const { rows } = await pool.query<Materialisation>('SELECT * FROM solidata.materialisations WHERE started_at >= $1 ORDER BY id', [since]);
    const target = rows.find((r) => r.asset === asset && r.status !== 'running');
    if (target) return rows.filter((r) => r.run_id === target.run_id);
  }
  throw new Error(`${asset} n’a pas été matérialisé en ${timeout / 1000} s`);
}

describe('the schedules', () => {
  beforeAll(async () => {
    seedMiniDemo(settings.dataDir);
    const results = await withRuntime(settings, (env) => runStaleOnce(short(env)));
    expect(results.every((r) => r.status === 'success')).toBe(true);
  });

  it('publish a month missed while no worker ran as soon as one starts, even with nothing stale', async () => {
    const crontab = crontabOf(configSchema.parse({}));
    await withRuntime(settings, async (env) => {
      // The monthly schedule known for 40 days and never run: a 1st at 6 a.m. was missed. (The
      // way graphile-worker's own tests of backfilling set it up; the live timer is tested below.)
      await env.pool.query(
        `INSERT INTO graphile_worker._private_known_crontabs (identifier, known_since) VALUES ('publication', now() - interval '40 days')
         ON CONFLICT (identifier) DO UPDATE SET known_since = excluded.known_since, last_execution = NULL`,
      );
      const since = new Date();
      const runner = await startWorker(short(env), crontab);
      try {
        const run = await runReaching(env.pool, since, 'publication', 60_000);
        // Nothing was stale upstream: the publication alone, made again.
        expect(run.map((r) => [r.asset, r.status])).toEqual([['publication', 'success']]);
      } finally {
        await runner.stop();
      }
    });
  });

  it('refresh on the refresh schedule (every minute here) what a new delivery made stale, up to the publication', async () => {
    // Dropped without the inbox sensor: only the schedule can pick it up.
    const lines = demoLines(demoRequests).filter((_, i) => i === 0 || i % 2 === 1);
    writeDelivery(inboxDir(pathsFor(settings.dataDir), 'sls_demandes'), path.basename(demoRequests), lines);
    const crontab = crontabOf(configSchema.parse({ planification: { rafraichissement: '* * * * *' } }));
    await withRuntime(settings, async (env) => {
      const since = new Date();
      const runner = await startWorker(short(env), crontab);
      try {
        // graphile-worker's cron has a one-minute grain: the next minute, then the run itself.
        const run = await runReaching(env.pool, since, 'publication', 110_000);
        expect(run.every((r) => r.status === 'success')).toBe(true);
        const raw = run.find((r) => r.asset === 'raw.sls_demandes')!;
        expect(Number(raw.rows)).toBe(lines.length - 1);
        // A monthly source: the months of the rows it loaded.
        expect(raw.partitions).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
        expect(run.map((r) => r.asset)).toContain('marts.fct_demandes');
      } finally {
        await runner.stop();
      }
    });
  }, 150_000);
});
