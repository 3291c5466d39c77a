// What Solidata writes is its own: deliveries, the warehouse, the key, uploads hold data about
// people. Folders are created 0700 and files 0600, for the user running Solidata alone; the data
// directory itself is 0711 under root, where Postgres runs as the `postgres` user and must only
// pass through it to reach its own folder.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;
/** Every file and folder the process creates from then on: readable by its user alone. */
export const PRIVATE_UMASK = 0o077;

const isRoot = () => process.getuid?.() === 0;

/** Creates the folder (and its parents) if needed and makes it private. */
export function privateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  chmodSync(dir, PRIVATE_DIR);
  return dir;
}

/** Makes an existing file private (a no-op when it is not there). */
export function privateFile(file: string): string {
  if (existsSync(file)) chmodSync(file, PRIVATE_FILE);
  return file;
}

/** The data directory: private, but traversable when Postgres runs under another user (root). */
export function privateDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  chmodSync(dir, isRoot() ? 0o711 : PRIVATE_DIR);
  return dir;
}
