// The demo département run up to publication (no dashboard) once per test run, shared by the files
// that read a real warehouse and published database: the first file to ask runs it, the others wait.
// SOLIDATA_TEST_DATA_DIR reuses an existing data directory, for quick local loops.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { solidataCli } from './fixtures.ts';

/** The data directory; treat it as read-only (copy what a test writes). */
export async function demoPublication(): Promise<string> {
  const reuse = process.env.SOLIDATA_TEST_DATA_DIR;
  if (reuse) return reuse;
  // Every test file runs in a worker forked by the same vitest process: its pid names this run, in
  // the run's own temporary folder (removed when the run ends: tests/helpers/temp-root.ts).
  const dir = path.join(tmpdir(), `solidata-publication-${process.ppid}`);
  const status = path.join(dir, 'statut-des-tests.json');
  try {
    mkdirSync(dir);
  } catch {
    while (!existsSync(status)) await sleep(500);
    return checked(dir, status);
  }
  const run = await solidataCli(['run', '--sans-tableau', '--data-dir', dir]);
  writeFileSync(status, JSON.stringify({ code: run.status, output: `${run.stdout}\n${run.stderr}`.slice(-20_000) }));
  return checked(dir, status);
}

function checked(dir: string, status: string): string {
  const { code, output } = JSON.parse(readFileSync(status, 'utf8')) as { code: number | null; output: string };
  if (code !== 0) throw new Error(`solidata run --sans-tableau (la publication de démonstration des tests) a échoué (code ${code}) :\n${output}`);
  return dir;
}
