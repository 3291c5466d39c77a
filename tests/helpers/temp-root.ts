// Vitest global setup: every temporary folder of a test run (the tests' tempDir, the commands they
// start, Postgres, Chromium) goes under one folder, removed when the run ends: runs that cleaned up
// after themselves one by one still left tens of gigabytes in /tmp.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup() {
  // Both test projects list this setup: the first one makes the folder, and removes it at the end.
  if (process.env.SOLIDATA_TEST_TMP_ROOT) return;
  const root = mkdtempSync(path.join(tmpdir(), 'solidata-tests-'));
  // Open to Postgres, run as `postgres` under root.
  chmodSync(root, 0o755);
  process.env.SOLIDATA_TEST_TMP_ROOT = root;
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
