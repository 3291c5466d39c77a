// The SQL files' YAML headers, parsed once and kept between processes (.compiled/en-tetes-sql.json,
// not checked in): parsing a hundred headers was a third of what `solidata status` cost. An entry is
// keyed by the hash of the header's text, so that it can never be stale: an edited header is a new key.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config.ts';

const FILE = path.join(projectRoot, '.compiled', 'en-tetes-sql.json');
// Beyond this many entries (old headers pile up as files are edited), only those read last are kept.
const MAX_ENTRIES = 2000;

/** Header hash → its value as JSON text (parsed again at each read: callers may change what they get). */
let stored: Record<string, string> | undefined;
const added = new Map<string, string>();
const used = new Set<string>();

function entries(): Record<string, string> {
  if (!stored) {
    try {
      stored = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>;
    } catch {
      stored = {};
    }
  }
  return stored;
}

/** The parsed value of a header's YAML text, from the cache or from `parse`. */
export function cachedHeader(yaml: string, parse: (yaml: string) => unknown): unknown {
  const key = createHash('sha256').update(yaml).digest('base64url').slice(0, 22);
  used.add(key);
  const json = added.get(key) ?? entries()[key];
  if (json !== undefined) return JSON.parse(json);
  const value = parse(yaml);
  // What JSON would change (an undefined, an infinity) is parsed again each time rather than cached.
  const text = JSON.stringify(value);
  if (text !== undefined && isJson(value)) added.set(key, text);
  return value;
}

/** Writes the headers parsed since the cache was read, if any; quietly nothing in a read-only installation. */
export function saveHeaderCache(): void {
  if (added.size === 0) return;
  const all: Record<string, string> = { ...entries(), ...Object.fromEntries(added) };
  const kept = Object.keys(all).length > MAX_ENTRIES ? Object.fromEntries(Object.entries(all).filter(([k]) => used.has(k))) : all;
  try {
    mkdirSync(path.dirname(FILE), { recursive: true });
    // Another process may read it meanwhile: it sees the old file or the new one, whole.
    const temporary = `${FILE}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(kept));
    renameSync(temporary, FILE);
    stored = kept;
    added.clear();
  } catch {
    // A cache: without it, headers are parsed as before.
  }
}

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  if (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) return Object.values(value).every(isJson);
  return false;
}
