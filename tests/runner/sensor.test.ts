// The inbox sensor acts on arrivals only: not on files leaving the inbox, nor on copies still in
// progress, even when other files stay in the inbox for good (a GTFS feed).
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchInbox } from '../../pipelines/runner/sensor.ts';
import { tempDir } from '../helpers/fixtures.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the inbox sensor', () => {
  it('plans once per arrival, after the events settle, and never for a departure', async () => {
    const dir = tempDir();
    const inbox = path.join(dir, 'inbox');
    mkdirSync(path.join(inbox, 'sls_demandes'), { recursive: true });
    mkdirSync(path.join(inbox, 'gtfs'), { recursive: true });
    writeFileSync(path.join(inbox, 'gtfs', 'stops.txt'), 'stop_id\n');
    let plans = 0;
    const stop = watchInbox(inbox, () => plans++, 200);
    try {
      // A copy in progress under a hidden name, then renamed whole: one plan.
      const partial = path.join(inbox, 'sls_demandes', '.departement-41_2025-07.csv.partiel');
      writeFileSync(partial, 'demande_id;\n');
      await pause(400);
      expect(plans).toBe(0);
      const file = path.join(inbox, 'sls_demandes', 'departement-41_2025-07.csv');
      renameSync(partial, file);
      writeFileSync(file, 'demande_id;\nD1;\n');
      await pause(600);
      expect(plans).toBe(1);
      // Loaded, it leaves for traites/: the feed still in the inbox does not make it an arrival.
      mkdirSync(path.join(dir, 'traites'));
      renameSync(file, path.join(dir, 'traites', 'departement-41_2025-07.csv'));
      await pause(600);
      expect(plans).toBe(1);
    } finally {
      stop();
    }
  });
});
