// The analysts' prompt answers while a long pipeline run is in progress: the published database
// (the previous one, swapped whole) at once, the warehouse between two jobs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { generateDemo } from '../../pipelines/demo/generate.ts';
import { solidataCli, tempDir } from '../helpers/fixtures.ts';

const bin = path.join(projectRoot, 'bin', 'solidata.js');
const env = { ...process.env, DATABASE_URL: '' };

describe('solidata sql during a run', () => {
  it('answers from the published database and the warehouse while the pipeline works', async () => {
    const dataDir = tempDir();
    await generateDemo({ dir: path.join(dataDir, 'inbox'), scale: 0.05 });
    const first = await solidataCli(['run', '--sans-demo', '--sans-tableau', '--data-dir', dataDir], { env });
    expect(first.status, first.stdout + first.stderr).toBe(0);

    // Larger deliveries replace them all: a run of several tens of seconds.
    await generateDemo({ dir: path.join(dataDir, 'inbox'), scale: 0.2 });
    const run = spawn(process.execPath, [bin, 'run', '--sans-demo', '--sans-tableau', '--data-dir', dataDir], { cwd: projectRoot, env });
    let log = '';
    run.stdout.on('data', (d) => (log += d));
    let finished = false;
    const exited = once(run, 'exit').then(([code]) => {
      finished = true;
      return code;
    });
    // Wait until the run is loading deliveries (it holds the warehouse job after job).
    while (!log.includes('raw.') && !finished) await sleep(100);

    const sql = (args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, [bin, 'sql', '--data-dir', dataDir, ...args], { cwd: projectRoot, env });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (err += d));
      p.on('exit', (code) => resolve({ code, out, err }));
    });
    const published = await sql(['-c', "SELECT count(*) AS n FROM indicateurs WHERE indicateur = 'delai_premier_rdv_median'", '--format', 'json']);
    expect(published.code, published.err).toBe(0);
    expect(JSON.parse(published.out)[0].n).toBeGreaterThan(0);
    const warehouse = await sql(['--warehouse', '-c', 'SELECT count(*) AS n FROM meta.livraisons', '--format', 'json']);
    expect(warehouse.code, warehouse.err).toBe(0);
    expect(JSON.parse(warehouse.out)[0].n).toBeGreaterThanOrEqual(2);
    // Both answered before the run was over.
    expect(finished, 'the run ended before the prompt answered: the test proves nothing').toBe(false);
    expect(await exited, log).toBe(0);
    expect(existsSync(path.join(dataDir, 'published.duckdb'))).toBe(true);
  }, 300_000);
});
