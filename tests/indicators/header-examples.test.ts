// The expected cells each indicator declares in its own header (`tests:`), run against real DuckDB on
// empty tables with the warehouse's own columns and types, filled with the example's rows only.
// A new indicator brings its examples in its file: nothing to add here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeModels } from '../../pipelines/assets/models_dictionary.ts';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { compareExample, exampleProblems, loadExample, type WarehouseSchema } from '../../pipelines/assets/indicator_examples.ts';
import { indicatorExamples, indicatorHeaderSchema, loadIndicators } from '../../pipelines/assets/indicators.ts';
import { modelSelect, parseHeader, readSqlModel } from '../../pipelines/assets/sql_model.ts';
import { projectRoot } from '../../pipelines/config.ts';
import { openDatabase } from '../../pipelines/warehouse/duckdb.ts';

type Example = Parameters<typeof loadExample>[1];

/** Loads an example's rows into empty tables of a database of its own and compares the cells `select` returns. */
async function runExample(select: string, example: Example, schema: WarehouseSchema): Promise<string[]> {
  const db = await openDatabase(':memory:');
  try {
    await loadExample(db.connection, example, schema);
    return await compareExample(db.connection, select, example);
  } finally {
    db.close();
  }
}

// The warehouse's tables, built empty from the real models (as the data dictionary does): once for the file.
const warehouse: Promise<WarehouseSchema> = describeModels(loadGraph()).then((tables) => new Map(tables.map((t) => [t.name, t.columns.map(({ name, type }) => ({ name, type }))])));
import { tempDir } from '../helpers/fixtures.ts';

describe('the expected cells in each indicator\'s header', async () => {
  const schema = await warehouse;
  const indicators = loadIndicators();

  it('are written for every indicator', () => {
    const without = indicators.filter((i) => !indicatorExamples(i.model).length).map((i) => `sql/indicators/${i.entry.id}.sql`);
    expect(without, 'un indicateur sans cases attendues dans son en-tête (clé tests:, voir le README, « Ajouter un indicateur »)').toEqual([]);
  });

  for (const { entry, model } of indicators) {
    for (const example of indicatorExamples(model)) {
      it(`${entry.id} — ${example.nom}`, async () => {
        expect(exampleProblems(example, model.references, schema)).toEqual([]);
        expect(await runExample(modelSelect(model), example, schema)).toEqual([]);
      });
    }
  }
});

describe('the comparison of expected cells', () => {
  // A runner that accepted anything would make every example pass: it must see each kind of difference.
  const schema: WarehouseSchema = new Map([['marts.fct_demandes', [{ name: 'site_id', type: 'VARCHAR' }, { name: 'mois_demande', type: 'VARCHAR' }]]]);
  const select = `SELECT 'site' AS niveau, site_id AS code, mois_demande AS periode, count(*) AS valeur, count(*) AS effectif FROM marts.fct_demandes GROUP BY ALL`;
  const example = (attendu: unknown[]) => ({
    nom: 'essai', variables: {},
    donnees: { 'marts.fct_demandes': [{ site_id: 'S1', mois_demande: '2025-01' }, { site_id: 'S1', mois_demande: '2025-01' }, { site_id: 'S2', mois_demande: '2025-01' }] },
    attendu: attendu as never,
  });
  const run = (attendu: unknown[]) => runExample(select, example(attendu), schema);
  const s1 = { niveau: 'site', code: 'S1', periode: '2025-01', dimension: '', modalite: '', valeur: 2, effectif: 2 };
  const s2 = { ...s1, code: 'S2', valeur: 1, effectif: 1 };

  it('passes the right cells, and names a missing, an unexpected or a wrong cell', async () => {
    expect(await run([s1, s2])).toEqual([]);
    expect(await run([s1])).toEqual(['case inattendue : site | S2 | 2025-01 |  |  (valeur 1)']);
    expect(await run([s1, s2, { ...s1, code: 'S3' }])).toEqual(['case attendue absente : site | S3 | 2025-01 |  | ']);
    expect(await run([{ ...s1, valeur: 3 }, s2])).toEqual(['site | S1 | 2025-01 |  |  : valeur attendu 3, obtenu 2']);
    expect(await run([s1, { ...s2, effectif: null }])).toEqual(['site | S2 | 2025-01 |  |  : effectif attendu null, obtenu 1']);
  });

  it('refuses a table the indicator does not read, a table or a column the warehouse does not have', () => {
    const bad = { ...example([s1]), donnees: { 'marts.fct_demandes': [{ site: 'S1' }], 'marts.nulle_part': [] } };
    expect(exampleProblems(bad, ['marts.fct_demandes'], schema)).toEqual([
      'marts.fct_demandes n’a pas de colonne site (colonnes : site_id, mois_demande)',
      'la table marts.nulle_part n’existe pas dans l’entrepôt',
    ]);
    expect(exampleProblems(example([s1]), ['marts.fct_effectifs'], schema)).toEqual(['l’indicateur ne lit pas la table marts.fct_demandes (il lit : marts.fct_effectifs)']);
  });
});

describe('the README\'s walkthrough « Ajouter un indicateur »', async () => {
  // The example an analyst copies: its header must be valid and its own expected cells must pass,
  // here, without the dashboard build that tests/analyst/new-indicator.test.ts does with it.
  const schema = await warehouse;
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Ajouter un indicateur'), readme.indexOf('\n## ', readme.indexOf('## Ajouter un indicateur') + 5));
  const id = /p\. ex\. `([a-z0-9_]+)`/.exec(section)![1];
  const dir = path.join(tempDir('solidata-readme-'), 'indicators');
  mkdirSync(dir);
  writeFileSync(path.join(dir, `${id}.sql`), /```sql\n([^]*?)```/.exec(section)![1].replace(/^ {3}/gm, ''));
  const model = readSqlModel(path.join(dir, `${id}.sql`));
  // The walkthrough's header is a valid indicator header.
  parseHeader(model, indicatorHeaderSchema);

  it('lists one file to touch, and shows a tests: block that passes', async () => {
    expect(section).toContain(`| \`sql/indicators/<id>.sql\` |`);
    expect(section.match(/^\| `[^`]+` \|/gm)).toHaveLength(1);
    expect(indicatorExamples(model).length).toBeGreaterThan(0);
    for (const example of indicatorExamples(model)) {
      expect(exampleProblems(example, model.references, schema)).toEqual([]);
      expect(await runExample(modelSelect(model), example, schema)).toEqual([]);
    }
  });
});
