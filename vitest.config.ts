import { defineConfig } from 'vitest/config';

/** The files that read the shared run's dashboard (built by the global setup) or build one themselves. */
const DASHBOARD = ['tests/e2e/**/*.test.ts', 'tests/analyst/new-indicator.test.ts', 'tests/engagements/editions.test.ts', 'tests/server/browser.test.ts'];

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
        test: { name: 'sans-tableau', include: ['tests/**/*.test.ts'], exclude: DASHBOARD, sequence: { groupOrder: 0 } },
      },
      {
        // Then the dashboard's files, one at a time: Evidence, Postgres and Chromium each want the machine.
        // The dashboard is built once per test run (real Evidence build, network cut) and shared.
        extends: true,
        test: { name: 'tableau', include: DASHBOARD, globalSetup: ['tests/helpers/build-once.ts'], poolOptions: { forks: { singleFork: true } }, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
