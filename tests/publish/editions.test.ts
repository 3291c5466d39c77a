// Frozen editions: an immutable, checkable copy of the published database.
import { appendFileSync, chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathsFor } from '../../pipelines/config.ts';
import { checkEdition, EditionError, freezeEdition, listEditions, sha256File } from '../../pipelines/publish/editions.ts';
import { openDatabase } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';

async function fakePublished(file: string) {
  const db = await openDatabase(file);
  await db.connection.run(`CREATE TABLE livraisons AS SELECT * FROM (VALUES
    ('sls_demandes', 'departement-41', '2025-06', 'a.csv', repeat('a', 64), 10, true),
    ('sites', 'departement-41', '2025', 'b.csv', repeat('b', 64), 3, true),
    ('sites', 'departement-41', '2024', 'c.csv', repeat('c', 64), 3, false)) t(source, producteur, periode, fichier, sha256, lignes, active)`);
  await db.connection.run(`CREATE TABLE indicateurs AS SELECT 'x' AS indicateur, 1.5 AS valeur`);
  db.close();
}

describe('solidata freeze', () => {
  it('copies the published database with its checksum and the active deliveries behind it', async () => {
    const paths = pathsFor(tempDir());
    await fakePublished(paths.published);
    const m = await freezeEdition(paths, 'vote-2025-10', new Date('2025-10-14T09:00:00Z'));
    const copy = path.join(paths.dataDir, 'editions', 'vote-2025-10', 'published.duckdb');
    expect(existsSync(copy)).toBe(true);
    expect(m.sha256).toBe(await sha256File(copy));
    expect(m.sha256).toBe(await sha256File(paths.published));
    expect(m.livraisons.map((l) => l.fichier)).toEqual(['b.csv', 'a.csv']);
    expect(JSON.parse(readFileSync(path.join(path.dirname(copy), 'edition.json'), 'utf8'))).toMatchObject({ edition: 'vote-2025-10', gelee_le: '2025-10-14T09:00:00.000Z' });
    expect(listEditions(paths).map((e) => e.edition)).toEqual(['vote-2025-10']);
    expect((await checkEdition(paths, 'vote-2025-10')).intact).toBe(true);

    // Never replaced, even when the published figures have changed since.
    await expect(freezeEdition(paths, 'vote-2025-10')).rejects.toThrow(/existe déjà/);
    // A modified copy is found out.
    chmodSync(copy, 0o644);
    appendFileSync(copy, 'x');
    expect((await checkEdition(paths, 'vote-2025-10')).intact).toBe(false);
  });

  it('refuses a bad label or a missing publication, in French, leaving nothing behind', async () => {
    const paths = pathsFor(tempDir());
    await expect(freezeEdition(paths, 'vote-2025')).rejects.toThrow(/aucune base publiée/);
    await fakePublished(paths.published);
    await expect(freezeEdition(paths, 'Vote 2025!')).rejects.toThrow(EditionError);
    expect(listEditions(paths)).toEqual([]);
    await expect(checkEdition(paths, 'absente')).rejects.toThrow(/aucune édition « absente »/);
  });
});
