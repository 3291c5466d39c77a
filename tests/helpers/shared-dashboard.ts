// The data directory of the shared run (published database and built dashboard), once the run has
// ended: the global setup starts it in the background (build-once.ts).
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';

/** Long enough for a build on a busy machine; the wait ends as soon as the run does. */
export const SHARED_BUILD_WAIT = 30 * 60_000;

export async function sharedDashboard(): Promise<string> {
  const dataDir = inject('dataDir');
  const statusFile = inject('buildStatus');
  if (!statusFile) return dataDir;
  while (!existsSync(statusFile)) await sleep(500);
  const { code, output } = JSON.parse(readFileSync(statusFile, 'utf8')) as { code: number | null; output: string };
  if (code !== 0) throw new Error(`solidata run (le tableau de bord partagé des tests) a échoué (code ${code}) :\n${output}`);
  return dataDir;
}
