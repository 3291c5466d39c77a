// The worker's warehouse kept open from one job to the next, and let go for whoever waits.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { closeKeptWarehouse, keptWarehouse } from '../../pipelines/runner/kept_warehouse.ts';
import { othersWaiting, sayWaiting } from '../../pipelines/warehouse/waiting.ts';
import { tempDir } from '../helpers/fixtures.ts';

const file = path.join(tempDir('solidata-garde-'), 'warehouse.duckdb');
const kept = keptWarehouse(file);
afterEach(() => closeKeptWarehouse(file));

/** Whether another process can open the file now (DuckDB allows one writer, no reader beside it). */
function openableElsewhere(): boolean {
  const r = spawnSync(process.execPath, ['-e', `require('@duckdb/node-api').DuckDBInstance.create(${JSON.stringify(file)}, { access_mode: 'READ_ONLY' }).then(() => process.exit(0), () => process.exit(3))`]);
  return r.status === 0;
}

describe('the kept warehouse', () => {
  it('is the same connection for the next job while nobody waits, and closed after a pause', async () => {
    const first = await kept.take();
    kept.leave();
    const second = await kept.take();
    expect(second).toBe(first);
    kept.leave();
    expect(openableElsewhere()).toBe(false);
    // The idle pause lets go.
    await new Promise((r) => setTimeout(r, 600));
    expect(openableElsewhere()).toBe(true);
  });

  it('is let go at the end of a job when another live process says it waits', async () => {
    const first = await kept.take();
    // The parent process (alive, not this one) says it waits.
    const marker = `${file}.attente-${process.ppid}`;
    writeFileSync(marker, '');
    try {
      expect(othersWaiting(file)).toBe(true);
      kept.leave();
      expect(openableElsewhere()).toBe(true);
      const again = await kept.take();
      expect(again).not.toBe(first);
    } finally {
      closeKeptWarehouse(file);
      rmSync(marker, { force: true });
    }
  });

  it('ignores and removes what a dead process left, and its own', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const left = `${file}.attente-${dead}`;
    writeFileSync(left, '');
    const stop = sayWaiting(file);
    expect(existsSync(`${file}.attente-${process.pid}`)).toBe(true);
    expect(othersWaiting(file)).toBe(false);
    expect(existsSync(left)).toBe(false);
    stop();
    expect(existsSync(`${file}.attente-${process.pid}`)).toBe(false);
  });
});
