// solidata opendata: the package validates with a maintained Table Schema validator (Frictionless'
// own JavaScript library: the descriptor and every row of every CSV), reloads in DuckDB identical to
// the published tables, declares the true SHA-256 of every file, keeps masked cells empty, and
// carries nothing the dashboard does not show. Run on a copy of a real demo published database.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Package } from 'datapackage';
import { beforeAll, describe, expect, it } from 'vitest';
import { pathsFor, projectRoot } from '../../pipelines/config.ts';
import { dashboardTables } from '../../pipelines/opendata/tables.ts';
import type { Descriptor } from '../../pipelines/opendata/package.ts';
import { InvalidPackage, verifyPackage } from '../../pipelines/opendata/verify.ts';
import { freezeEdition, sha256File } from '../../pipelines/publish/editions.ts';
import { openDatabase, queryRows, sqlIdent, sqlString } from '../../pipelines/warehouse/duckdb.ts';
import { tempDir } from '../helpers/fixtures.ts';
import { demoPublication } from '../helpers/demo-publication.ts';

// Asynchronous, so that vitest's worker keeps answering while the command runs on a busy machine.
function solidata(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'bin', 'solidata.js'), ...args], { cwd: projectRoot });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

let dataDir: string;
let out: string;
let descriptor: Descriptor;

beforeAll(async () => {
  dataDir = tempDir('solidata-opendata-');
  copyFileSync(path.join(await demoPublication(), 'published.duckdb'), pathsFor(dataDir).published);
  out = path.join(dataDir, 'paquet');
  const run = await solidata('opendata', '--data-dir', dataDir, '--sortie', out);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/département Loir-et-Cher \(41\)/);
  descriptor = JSON.parse(readFileSync(path.join(out, 'datapackage.json'), 'utf8'));
}, 600_000);

async function published<T>(sql: string): Promise<T[]> {
  const db = await openDatabase(pathsFor(dataDir).published, { readOnly: true });
  try {
    return await queryRows<T>(db.connection, sql);
  } finally {
    db.close();
  }
}

describe('solidata opendata', () => {
  it('writes a package that Frictionless validates: descriptor, every row of every CSV against its schema, keys', async () => {
    const pkg = await Package.load(path.join(out, 'datapackage.json'));
    expect(pkg.errors.map(String)).toEqual([]);
    expect(pkg.valid).toBe(true);
    const tabular = pkg.resources.filter((r) => r.tabular);
    expect(tabular.map((r) => r.name)).toEqual(descriptor.resources.filter((r) => r.format === 'csv').map((r) => r.name));
    const counts = await published<{ t: string; n: number }>(
      tabular.map((r) => `SELECT ${sqlString(r.name)} AS t, count(*)::INTEGER AS n FROM ${sqlIdent(r.name)}`).join(' UNION ALL '));
    for (const r of tabular) {
      // Without forceCast the library throws at the first cell that breaks its field's type or constraints.
      const rows = await r.read({ keyed: true });
      expect(rows.length, r.name).toBe(counts.find((c) => c.t === r.name)!.n);
      expect(await r.checkRelations(), r.name).toBe(true);
    }
  }, 180_000);

  it('reloads in DuckDB, CSV and Parquet alike, equal to the published tables cell for cell', async () => {
    const db = await openDatabase(':memory:');
    const c = db.connection;
    try {
      await c.run(`ATTACH ${sqlString(pathsFor(dataDir).published)} AS pub (READ_ONLY)`);
      for (const r of descriptor.resources.filter((x) => x.format === 'csv')) {
        const columns = `{${r.schema!.fields.map((f) => `${sqlString(f.name)}: ${sqlString(f.duckdb_type)}`).join(', ')}}`;
        const csv = `read_csv(${sqlString(path.join(out, r.path))}, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, allow_quoted_nulls = false, columns = ${columns})`;
        const parquet = `read_parquet(${sqlString(path.join(out, `parquet/${r.name}.parquet`))})`;
        for (const copy of [csv, parquet]) {
          const [d] = await queryRows<{ missing: number; extra: number; n: number; m: number }>(c, `SELECT
            (SELECT count(*) FROM (SELECT * FROM pub.${sqlIdent(r.name)} EXCEPT ALL SELECT * FROM ${copy}))::INTEGER AS missing,
            (SELECT count(*) FROM (SELECT * FROM ${copy} EXCEPT ALL SELECT * FROM pub.${sqlIdent(r.name)}))::INTEGER AS extra,
            (SELECT count(*) FROM pub.${sqlIdent(r.name)})::INTEGER AS n, (SELECT count(*) FROM ${copy})::INTEGER AS m`);
          expect(d, `${r.name} ← ${copy.slice(0, 12)}`).toEqual({ missing: 0, extra: 0, n: d.n, m: d.n });
        }
        // Same columns, same order, same types.
        const [types] = await queryRows<{ a: string; b: string }>(c, `SELECT
          (SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY column_index) FROM duckdb_columns() WHERE database_name = 'pub' AND table_name = ${sqlString(r.name)}) AS a,
          (SELECT string_agg(column_name || ' ' || column_type, ',') FROM (DESCRIBE SELECT * FROM ${parquet})) AS b`);
        expect(types.b, r.name).toBe(types.a);
      }
      // The totals' empty breakdown stays an empty text, not a missing value.
      const [{ n }] = await queryRows<{ n: number }>(c, `SELECT count(*)::INTEGER AS n FROM read_csv(${sqlString(path.join(out, 'csv/indicateurs.csv'))}, allow_quoted_nulls = false, all_varchar = true) WHERE dimension = ''`);
      expect(n).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 120_000);

  it('declares the true size and SHA-256 of every file, and nothing else is in the folder', async () => {
    for (const r of descriptor.resources) {
      expect(r.hash, r.path).toBe(`sha256:${await sha256File(path.join(out, r.path))}`);
      expect(r.bytes, r.path).toBe(statSync(path.join(out, r.path)).size);
    }
    expect(descriptor.resources.filter((r) => r.format === 'parquet').map((r) => r.same_as)).toEqual(descriptor.resources.filter((r) => r.format === 'csv').map((r) => r.name));
    await expect(verifyPackage(out)).resolves.toMatchObject({ descriptor: { producteur: { code: '41' } } });
  });

  it('leaves every masked cell empty, with its secret flag, and says what an empty cell means', async () => {
    const text = readFileSync(path.join(out, 'csv/indicateurs.csv'), 'utf8').trim().split('\n');
    const header = text[0].split(',');
    const secret = header.indexOf('secret');
    const masked = ['valeur', 'numerateur', 'denominateur', 'effectif'].map((c) => header.indexOf(c));
    // No quoted commas in these rows' leading columns: indicator ids, levels and codes are plain.
    const secretRows = text.slice(1).map((l) => l.split(',')).filter((cells) => cells[secret] === 'true');
    const [{ n }] = await published<{ n: number }>('SELECT count(*)::INTEGER AS n FROM indicateurs WHERE secret');
    expect(n).toBeGreaterThan(100);
    expect(secretRows.length).toBe(n);
    // Value and numerator always empty; a share whose numerator alone is a small group keeps its
    // denominator and effectif (the package says so), any other masked row is empty throughout.
    const [valeur, numerateur, denominateur, effectif] = masked;
    expect(secretRows.filter((cells) => cells[valeur] !== '' || cells[numerateur] !== '')).toEqual([]);
    const keptDenominator = secretRows.filter((cells) => cells[denominateur] !== '' || cells[effectif] !== '');
    expect(keptDenominator.filter((cells) => cells[denominateur] === '' || cells[effectif] === '')).toEqual([]);
    const [{ shares }] = await published<{ shares: number }>('SELECT count(*)::INTEGER AS shares FROM indicateurs WHERE secret AND denominateur IS NOT NULL AND numerateur IS NULL');
    expect(keptDenominator.length).toBe(shares);
    const fields = descriptor.resources.find((r) => r.name === 'indicateurs')!.schema!;
    expect(fields.missingValues).toEqual(['']);
    expect(fields.fields.find((f) => f.name === 'valeur')!.description).toMatch(/secret statistique.*ce n’est pas un zéro.*seul le numérateur est masqué/);
    expect(descriptor.secret_statistique).toMatchObject({ seuil: 11, colonnes_masquees: ['valeur', 'numerateur', 'denominateur', 'effectif'] });
  });

  it('describes every column from the published dictionary, with allowed values and units where known', async () => {
    const dictionary = await published<{ t: string; c: string; s: string }>(`SELECT table_nom AS t, colonne AS c, signification AS s FROM dictionnaire WHERE partie = 'publiee'`);
    for (const r of descriptor.resources.filter((x) => x.format === 'csv')) {
      expect(r.description, r.name).not.toBe('');
      for (const f of r.schema!.fields) {
        const meaning = dictionary.find((d) => d.t === r.name && d.c === f.name)?.s;
        expect(meaning, `${r.name}.${f.name}`).toBeTruthy();
        expect(f.description.startsWith(meaning!), `${r.name}.${f.name}`).toBe(true);
      }
    }
    const field = (t: string, c: string) => descriptor.resources.find((r) => r.name === t)!.schema!.fields.find((f) => f.name === c)!;
    expect(field('indicateurs', 'niveau').constraints?.enum).toEqual(['commune', 'site', 'territoire', 'departement', 'france']);
    expect(field('sites', 'type').constraints?.enum).toContain('france_services');
    expect(field('indicateurs', 'date_donnees')).toMatchObject({ type: 'date' });
    expect(field('communes', 'population')).toMatchObject({ type: 'integer', unit: 'habitants' });
    expect(descriptor).toMatchObject({
      schema_version: '1.0.0', licenses: [{ name: 'etalab-2.0' }], edition: null,
      producteur: { code: '41', nom: 'Loir-et-Cher' }, couverture: { spatiale: { niveau: 'departement', code: '41' } },
    });
    expect(descriptor.couverture.temporelle.debut <= descriptor.couverture.temporelle.fin).toBe(true);
    const [dates] = await published<{ a: string; b: string }>(`SELECT strftime(min(date_donnees), '%Y-%m-%d') AS a, strftime(max(date_donnees), '%Y-%m-%d') AS b FROM indicateurs`);
    expect(descriptor.dates_donnees).toEqual({ min: dates.a, max: dates.b });
    expect(descriptor.base_publiee_sha256).toBe(await sha256File(pathsFor(dataDir).published));
  });

  it('carries only tables the dashboard shows whole, never one only published (questions)', async () => {
    const tables = (await published<{ t: string }>('SELECT table_name AS t FROM duckdb_tables() ORDER BY 1')).map((r) => r.t);
    expect(tables).toContain('questions');
    const names = descriptor.resources.filter((r) => r.format === 'csv').map((r) => r.name);
    expect(names).toEqual(dashboardTables().filter((t) => tables.includes(t)));
    expect(names).not.toContain('questions');
    expect(names).not.toContain('indicateurs_editions');
    for (const t of names) expect(readFileSync(path.join(projectRoot, 'sources', 'solidata', `${t}.sql`), 'utf8')).toMatch(new RegExp(`select \\* from ${t}\\b`, 'i'));
  });

  it('finds out a tampered file: by its checksum, and by the schema when a value breaks it', async () => {
    const copy = path.join(tempDir('solidata-opendata-tampered-'), 'paquet');
    cpSync(out, copy, { recursive: true });
    const csv = path.join(copy, 'csv/indicateurs.csv');
    const lines = readFileSync(csv, 'utf8').split('\n');
    // Same length: a masked cell's empty value becomes a digit at the cost of one letter of the label.
    const i = lines.findIndex((l) => /,,,,,true,/.test(l));
    lines[i] = lines[i].replace(/(,[^,]*?)[a-z](,[^,]*,[^,]*,[^,]*),,,,,true,/, '$1$2,7,,,,true,');
    expect(lines[i].length).toBe(readFileSync(csv, 'utf8').split('\n')[i].length);
    writeFileSync(csv, lines.join('\n'));
    const refused = await verifyPackage(copy).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidPackage);
    expect((refused as InvalidPackage).problems).toEqual([expect.stringMatching(/^csv\/indicateurs\.csv : empreinte SHA-256 .* modifié .* renvoyer le paquet/)]);
    // A value outside its allowed values is refused by the validator itself.
    writeFileSync(csv, readFileSync(path.join(out, 'csv/indicateurs.csv'), 'utf8').replace(',commune,41001,', ',quartier,41001,'));
    const pkg = await Package.load(path.join(copy, 'datapackage.json'));
    await expect(pkg.resources.find((r) => r.name === 'indicateurs')!.read({ keyed: true })).rejects.toThrow();
    // A file added to the folder, or one removed, is named.
    writeFileSync(path.join(copy, 'csv/notes.csv'), 'a\n1\n');
    await expect(verifyPackage(copy)).rejects.toThrow(/csv\/notes\.csv : fichier que datapackage\.json ne décrit pas/);
  }, 120_000);

  it('exports a frozen edition, and says in French when there is nothing to export', async () => {
    const paths = pathsFor(dataDir);
    const manifest = await freezeEdition(paths, 'vote-2026-01');
    const edition = await solidata('opendata', '--data-dir', dataDir, '--edition', 'vote-2026-01');
    expect(edition.status).toBe(0);
    const d = JSON.parse(readFileSync(path.join(dataDir, 'opendata', 'vote-2026-01', 'datapackage.json'), 'utf8')) as Descriptor;
    expect(d).toMatchObject({ edition: 'vote-2026-01', name: 'solidata-41-vote-2026-01', version: 'vote-2026-01', base_publiee_sha256: manifest.sha256 });

    const unknown = await solidata('opendata', '--data-dir', dataDir, '--edition', 'vote-1999');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('aucune édition gelée « vote-1999 »');
    expect(unknown.stderr).toContain('vote-2026-01');
    const empty = tempDir('solidata-opendata-empty-');
    const missing = await solidata('opendata', '--data-dir', empty);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/base publiée introuvable .* Lancez d’abord « solidata run »/);
    expect(existsSync(path.join(empty, 'opendata'))).toBe(false);
    // A folder that holds something else is never overwritten.
    writeFileSync(path.join(empty, 'note.txt'), 'à garder');
    const other = await solidata('opendata', '--data-dir', dataDir, '--sortie', empty);
    expect(other.status).toBe(1);
    expect(other.stderr).toContain('n’est pas vide et ne contient pas de paquet');
    expect(readFileSync(path.join(empty, 'note.txt'), 'utf8')).toBe('à garder');
  }, 120_000);
});
