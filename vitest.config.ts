import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The files that read the shared run (its published database and dashboard, built by the global setup):
 * those that wait for it with sharedDashboard(), so that a file says it by itself.
 */
const TESTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tests');
const DASHBOARD = readdirSync(TESTS, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts') && readFileSync(path.join(TESTS, f), 'utf8').includes('sharedDashboard()'))
  .map((f) => path.posix.join('tests', f.split(path.sep).join('/')));

export default defineConfig({
  test: {
    testTimeout: 120_000,
    // Two files at a time on two cores (the « tableau » project runs its own one at a time).
    maxWorkers: 2,
    minWorkers: 1,
    hookTimeout: 600_000,
    projects: [
      {
        // Two files at a time on two cores, while the shared dashboard builds in the background: most of
        // them wait on Postgres, child processes and disks rather than compute.
        extends: true,
        test: { name: 'sans-tableau', include: ['tests/**/*.test.ts'], exclude: DASHBOARD, globalSetup: ['tests/helpers/temp-root.ts'], sequence: { groupOrder: 0 } },
      },
      {
        // Then the dashboard's files, one at a time: Evidence, Postgres and Chromium each want the machine.
        // The dashboard is built once per test run (real Evidence build, network cut) and shared.
        extends: true,
        test: { name: 'tableau', include: DASHBOARD, globalSetup: ['tests/helpers/temp-root.ts', 'tests/helpers/build-once.ts'], poolOptions: { forks: { singleFork: true } }, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
