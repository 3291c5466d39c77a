// The secret key that re-hashes partners' pseudonyms. It never enters the repository: it comes
// from SOLIDATA_PSEUDONYM_KEY, or from a key file created in the data directory at first use.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Paths } from '../config.ts';
import { privateDataDir, privateFile } from '../private_files.ts';

export function pseudonymKey(paths: Paths): string {
  const fromEnv = process.env.SOLIDATA_PSEUDONYM_KEY;
  if (fromEnv) return fromEnv;
  if (!existsSync(paths.keyFile)) {
    privateDataDir(path.dirname(paths.keyFile));
    writeFileSync(paths.keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  // A key file copied in by hand, or made before files were private, is made private too.
  privateFile(paths.keyFile);
  return readFileSync(paths.keyFile, 'utf8').trim();
}
