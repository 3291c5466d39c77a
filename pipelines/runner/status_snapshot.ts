// The run history's summary, written to the data directory whenever a command that ran jobs ends, so
// that `solidata status` answers without starting Postgres. Postgres stays the record: the file is a
// copy, read only while no Postgres serves this data directory (a running one is asked directly).
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Paths } from '../config.ts';
import { latest, loadedPartitions, type Materialisation } from './history.ts';

const FILE = 'etat-des-actifs.json';

export interface StatusSnapshot {
  /** When it was written (ISO). */
  ecrit_le: string;
  last: Map<string, Materialisation>;
  lastSuccess: Map<string, Materialisation>;
  partitions: Map<string, string[]>;
}

interface Stored {
  ecrit_le: string;
  last: Materialisation[];
  lastSuccess: Materialisation[];
  partitions: [string, string[]][];
}

export async function writeStatusSnapshot(pool: pg.Pool, paths: Paths): Promise<void> {
  const history = await latest(pool);
  const partitions = await loadedPartitions(pool);
  // What status shows, not what a materialisation read (deliveries can be long lists).
  const slim = (m: Materialisation): Materialisation => ({ ...m, deliveries: [], etapes: [] });
  const stored: Stored = {
    ecrit_le: new Date().toISOString(),
    last: [...history.last.values()].map(slim),
    lastSuccess: [...history.lastSuccess.values()].map(slim),
    partitions: [...partitions],
  };
  const file = path.join(paths.dataDir, FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify(stored));
  renameSync(`${file}.tmp`, file);
}

export function readStatusSnapshot(paths: Paths): StatusSnapshot | undefined {
  let stored: Stored;
  try {
    stored = JSON.parse(readFileSync(path.join(paths.dataDir, FILE), 'utf8')) as Stored;
  } catch {
    return undefined;
  }
  const revive = (m: Materialisation): Materialisation => ({
    ...m, started_at: new Date(m.started_at), ended_at: m.ended_at === null ? null : new Date(m.ended_at),
  });
  return {
    ecrit_le: stored.ecrit_le,
    last: new Map(stored.last.map((m) => [m.asset, revive(m)])),
    lastSuccess: new Map(stored.lastSuccess.map((m) => [m.asset, revive(m)])),
    partitions: new Map(stored.partitions),
  };
}
