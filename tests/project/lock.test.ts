import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';

it('package-lock.json lists every platform package, so that `npm ci` accepts it on a fresh machine', () => {
  const result = spawnSync(process.execPath, ['scripts/lock-platforms.mjs', '--check'], { cwd: projectRoot, encoding: 'utf8' });
  expect(result.stdout.trim()).toBe('package-lock.json complet');
  expect(result.status).toBe(0);
});
