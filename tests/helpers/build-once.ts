// Vitest global setup: run the README's main job once per test run, with the network cut,
// and share its data directory (published database and built dashboard) with every test.
// SOLIDATA_TEST_DATA_DIR reuses an existing one, for quick local loops.
import { spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../../pipelines/config.ts';
import { tempDir } from './fixtures.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dataDir: string;
    /** A file written when the shared run ends (its code and output); empty when a data directory is reused. */
    buildStatus: string;
    networkCut: boolean;
  }
}

/** `unshare -n` gives a network namespace with nothing but a loopback, which must be brought up. */
export function offlinePrefix(): string[] | undefined {
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  return probe.status === 0 ? ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"'] : undefined;
}

/**
 * The run starts in the background: the files that do not need the dashboard test meanwhile (the
 * test projects of vitest.config.ts), and those that do wait for it with `sharedDashboard()`.
 */
export default function setup(project: TestProject) {
  const reuse = process.env.SOLIDATA_TEST_DATA_DIR;
  if (reuse) {
    project.provide('dataDir', reuse);
    project.provide('buildStatus', '');
    project.provide('networkCut', false);
    return;
  }
  const dataDir = tempDir('solidata-e2e-');
  const statusFile = `${dataDir}.statut.json`;
  const offline = offlinePrefix();
  const command = [...(offline ?? []), process.execPath, path.join(projectRoot, 'bin', 'solidata.js'), 'run', '--data-dir', dataDir];
  console.log(`Construction du tableau de bord partagé par les tests${offline ? ', réseau coupé' : ''}, en arrière-plan : ${dataDir}`);
  const child = spawn(command[0], command.slice(1), { cwd: projectRoot, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const done = new Promise<void>((resolve) => {
    child.on('close', (code) => {
      writeFileSync(statusFile, JSON.stringify({ code, output }));
      resolve();
    });
  });
  project.provide('dataDir', dataDir);
  project.provide('buildStatus', statusFile);
  project.provide('networkCut', Boolean(offline));
  return async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await done;
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(statusFile, { force: true });
  };
}
