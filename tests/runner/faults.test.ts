// Crash safety: SIGKILL in the middle of an ingestion, of a transformation and of a publication
// leaves the warehouse and the published data as they were, and the next run finishes the work.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { seedMiniDemo } from '../../pipelines/cli/runtime.ts';
import { inboxDir } from '../../pipelines/ingest/inbox.ts';
import type { FaultPoint } from '../../pipelines/faults.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { demoLines, demoRequests, solidataCli, tempDir, writeDelivery } from '../helpers/fixtures.ts';
import { medianKM, waitsBySite } from '../helpers/median.ts';

const CLI = path.join(projectRoot, 'bin', 'solidata.js');
/** Every request's wait, whatever its site: the département's. */
const allWaits = (file: string) => [...waitsBySite(file).values()].flat();
const env = { ...process.env, DATABASE_URL: '' };

async function materialisePublication(dataDir: string): Promise<void> {
  const r = await solidataCli(['materialize', 'publication', '--data-dir', dataDir], { env });
  expect(r.status, r.stdout + r.stderr).toBe(0);
}

/** Runs until the fault point, then kills the process there with SIGKILL. */
async function killAt(dataDir: string, point: FaultPoint): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'materialize', 'publication', '--data-dir', dataDir], { cwd: projectRoot, env: { ...env, SOLIDATA_FAULT: point } });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes('Point de panne atteint')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`sorti (code ${code}) avant le point de panne :\n${output}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

async function state(dataDir: string) {
  const paths = pathsFor(dataDir);
  const warehouse = await openDatabase(paths.warehouse, { readOnly: true });
  const published = await openDatabase(paths.published, { readOnly: true });
  try {
    const [raw] = await queryRows<{ n: string; active: string }>(warehouse.connection,
      `SELECT (SELECT count(*) FROM raw.sls_demandes) AS n,
              (SELECT count(*) FROM meta.livraisons WHERE active AND source = 'sls_demandes') AS active`);
    // The département's median: a site's may be masked by the secrecy once the delivery is halved.
    const [departement] = await queryRows<{ valeur: number }>(published.connection,
      `SELECT valeur FROM indicateurs WHERE indicateur = 'delai_premier_rdv_median' AND niveau = 'departement' AND code = '41' AND periode = '2025' AND dimension = ''`);
    return { rows: Number(raw.n), activeDeliveries: Number(raw.active), median: departement.valeur };
  } finally {
    warehouse.close();
    published.close();
  }
}

describe('a SIGKILL in the middle of the work', () => {
  const points: FaultPoint[] = ['import:avant-commit', 'modele:apres-ecriture', 'publication:avant-remplacement'];

  it.each(points)('at %s leaves everything consistent, and the next run finishes the work', async (point) => {
    const dataDir = tempDir();
    seedMiniDemo(dataDir);
    await materialisePublication(dataDir);
    const before = await state(dataDir);
    expect(before).toEqual({ rows: 693, activeDeliveries: 1, median: medianKM(allWaits(demoRequests)) });

    // A new delivery of the same producer and period: every other request of the demo.
    const lines = demoLines(demoRequests).filter((_, i) => i === 0 || i % 2 === 1);
    const next = writeDelivery(inboxDir(pathsFor(dataDir), 'sls_demandes'), path.basename(demoRequests), lines);
    const expectedMedian = medianKM(allWaits(next));
    expect(expectedMedian).not.toBe(before.median);
    await killAt(dataDir, point);

    const after = await state(dataDir);
    if (point === 'import:avant-commit') expect(after).toEqual(before);
    // Later faults: the new delivery is in the warehouse, the published figures are still the old ones.
    else expect(after).toEqual({ rows: 347, activeDeliveries: 1, median: before.median });

    // Without an import committed, the file is still in the inbox: the next run loads it.
    await materialisePublication(dataDir);
    expect(await state(dataDir)).toEqual({ rows: 347, activeDeliveries: 1, median: expectedMedian });
    // Three whole runs of the pipeline: generous on a busy machine.
  }, 360_000);
});
