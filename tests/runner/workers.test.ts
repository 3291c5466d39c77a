// Several workers on one queue: every asset of a plan runs exactly once, and warehouse jobs
// one at a time, whichever worker takes them.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { seedMiniDemo } from '../../pipelines/cli/runtime.ts';
import { ofRun, type Materialisation } from '../../pipelines/runner/history.ts';
import { startPostgres } from '../../pipelines/runner/postgres.ts';
import { enqueuePlan, prepareDatabase } from '../../pipelines/runner/worker.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { loadGraph } from '../../pipelines/assets/graph.ts';

// Everything the publication needs, short of the dashboard build.
const graph = loadGraph();
const PLAN = [...graph.upstream('publication'), 'publication'];

function startWorker(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), 'worker', '--data-dir', dataDir], {
    cwd: projectRoot, env: { ...process.env, DATABASE_URL: '' },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      output += d;
      if (output.includes('Travailleur prêt')) resolve(child);
    });
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => reject(new Error(`solidata worker s’est arrêté (code ${code}) :\n${output}`)));
  });
}

describe('two worker processes on one Postgres', () => {
  const dataDir = tempDir();
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('run every asset of a plan exactly once, then stop cleanly', async () => {
    seedMiniDemo(dataDir);
    const postgres = await startPostgres(undefined, pathsFor(dataDir).postgresDir);
    const pool = await prepareDatabase(postgres.connectionString);
    try {
      children.push(await startWorker(dataDir), await startWorker(dataDir));
      const runId = await enqueuePlan(pool, PLAN);
      let rows: Materialisation[] = [];
      for (let i = 0; i < 600 && !rows.some((r) => r.asset === 'publication' && r.status !== 'running'); i++) {
        await new Promise((r) => setTimeout(r, 200));
        rows = await ofRun(pool, runId);
      }
      expect(rows.map((r) => r.asset).sort()).toEqual([...PLAN].sort());
      expect(rows.filter((r) => r.status !== 'success').map((r) => `${r.asset} : ${r.error}`)).toEqual([]);
      // Warehouse jobs never overlapped.
      const spans = rows.map((r) => [new Date(r.started_at).getTime(), new Date(r.ended_at!).getTime()]).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);

      const exits = children.map((c) => new Promise((resolve) => c.once('exit', resolve)));
      children.forEach((c) => c.kill('SIGINT'));
      expect(await Promise.all(exits)).toEqual([0, 0]);
    } finally {
      await pool.end();
      await postgres.stop();
    }
  }, 180_000);
});
