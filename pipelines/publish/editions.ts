// Frozen editions: an immutable copy of the published database as it is at one moment (e.g. the
// figures of a vote), with the checksums of the deliveries it came from, so that anyone can show
// and check them later. They live under <data-dir>/editions/<label>/.
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Paths } from '../config.ts';
import { openDatabase, queryRows } from '../warehouse/duckdb.ts';

export const LABEL = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const manifestSchema = z.object({
  edition: z.string(),
  gelee_le: z.string(),
  base: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  livraisons: z.array(z.object({ source: z.string(), producteur: z.string(), periode: z.string(), fichier: z.string(), sha256: z.string(), lignes: z.number() })),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const editionsDir = (paths: Paths) => path.join(paths.dataDir, 'editions');
const editionDir = (paths: Paths, label: string) => path.join(editionsDir(paths), label);

export class EditionError extends Error {}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Copies the published database into a new edition; an existing label is never overwritten. */
export async function freezeEdition(paths: Paths, label: string, now = new Date()): Promise<Manifest> {
  if (!LABEL.test(label)) throw new EditionError(`nom d’édition « ${label} » non valide : lettres minuscules, chiffres, « . », « _ » ou « - » (ex. vote-2024-10).`);
  if (!existsSync(paths.published)) throw new EditionError('aucune base publiée à geler : lancez d’abord « solidata run ».');
  const dir = editionDir(paths, label);
  if (existsSync(dir)) throw new EditionError(`l’édition « ${label} » existe déjà (${dir}) : une édition gelée ne se remplace pas ; choisissez un autre nom.`);
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  try {
    const manifest = await writeEdition(paths, label, building, now);
    renameSync(building, dir);
    return manifest;
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
}

async function writeEdition(paths: Paths, label: string, building: string, now: Date): Promise<Manifest> {
  const base = path.join(building, 'published.duckdb');
  // The published database is swapped in whole by a rename, so a plain copy is a consistent one.
  copyFileSync(paths.published, base);
  const db = await openDatabase(base, { readOnly: true });
  let livraisons: Manifest['livraisons'];
  try {
    livraisons = (await queryRows<Manifest['livraisons'][number]>(db.connection,
      'SELECT source, producteur, periode, fichier, sha256, lignes FROM livraisons WHERE active ORDER BY source, producteur, periode'))
      .map((l) => ({ ...l, lignes: Number(l.lignes) }));
  } finally {
    db.close();
  }
  const manifest: Manifest = { edition: label, gelee_le: now.toISOString(), base: 'published.duckdb', sha256: await sha256File(base), livraisons };
  writeFileSync(path.join(building, 'edition.json'), JSON.stringify(manifest, null, 2) + '\n');
  chmodSync(base, 0o444);
  return manifest;
}

export function listEditions(paths: Paths): Manifest[] {
  const root = editionsDir(paths);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && LABEL.test(e.name) && existsSync(path.join(root, e.name, 'edition.json')))
    .map((e) => manifestSchema.parse(JSON.parse(readFileSync(path.join(root, e.name, 'edition.json'), 'utf8'))))
    .sort((a, b) => a.gelee_le.localeCompare(b.gelee_le));
}

/** Whether an edition's database is still the one that was frozen. */
export async function checkEdition(paths: Paths, label: string): Promise<{ manifest: Manifest; actual: string; intact: boolean }> {
  const manifest = listEditions(paths).find((m) => m.edition === label);
  if (!manifest) throw new EditionError(`aucune édition « ${label} » (éditions : ${listEditions(paths).map((m) => m.edition).join(', ') || 'aucune'}).`);
  const actual = await sha256File(path.join(editionDir(paths, label), manifest.base));
  return { manifest, actual, intact: actual === manifest.sha256 };
}

export const editionDatabase = (paths: Paths, m: Manifest) => path.join(editionDir(paths, m.edition), m.base);
