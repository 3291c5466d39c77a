import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The dashboard is built once per test run (real Evidence build, network cut) and shared.
    globalSetup: ['tests/helpers/build-once.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    // Two cores: one heavy file at a time keeps Evidence, Postgres and Chromium from starving.
    fileParallelism: false,
  },
});
