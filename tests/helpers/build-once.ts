// Vitest global setup: run the README's main job once per test run, with the network cut,
// and share its data directory (published database and built dashboard) with every test.
// SOLIDATA_TEST_DATA_DIR reuses an existing one, for quick local loops.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../../pipelines/config.ts';
import { tempDir } from './fixtures.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dataDir: string;
    buildLog: string;
    networkCut: boolean;
  }
}

/** `unshare -n` gives a network namespace with nothing but a loopback, which must be brought up. */
export function offlinePrefix(): string[] | undefined {
  const probe = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  return probe.status === 0 ? ['unshare', '-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"'] : undefined;
}

export default function setup(project: TestProject) {
  const reuse = process.env.SOLIDATA_TEST_DATA_DIR;
  if (reuse) {
    project.provide('dataDir', reuse);
    project.provide('buildLog', '');
    project.provide('networkCut', false);
    return;
  }
  const dataDir = tempDir('solidata-e2e-');
  const offline = offlinePrefix();
  const command = [...(offline ?? []), process.execPath, path.join(projectRoot, 'bin', 'solidata.js'), 'run', '--data-dir', dataDir];
  console.log(`Construction du tableau de bord partagé par les tests${offline ? ', réseau coupé' : ''} : ${dataDir}`);
  const result = spawnSync(command[0], command.slice(1), { cwd: projectRoot, encoding: 'utf8', timeout: 15 * 60_000, env: { ...process.env, DATABASE_URL: '' } });
  const buildLog = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(`solidata run a échoué (code ${result.status}) :\n${buildLog}`);
  project.provide('dataDir', dataDir);
  project.provide('buildLog', buildLog);
  project.provide('networkCut', Boolean(offline));
  return () => rmSync(dataDir, { recursive: true, force: true });
}
