// The dictionary of the warehouse and the published database: generated from the real models into
// the table `dictionnaire`, from whose rows docs/modeles.md is written (`npm run docs`, never checked
// in). It covers every table and column of the graph and of the real published database, and gives
// a meaning to every column.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { describeModels, dictionaryMarkdown, dictionaryRows } from '../../pipelines/assets/models_dictionary.ts';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { EDITION_TABLES, publishedTables } from '../../pipelines/publish/publish.ts';
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';
import { SHARED_BUILD_WAIT, sharedDashboard } from '../helpers/shared-dashboard.ts';

// The published database of the shared run (built in the background while other files run).
beforeAll(() => sharedDashboard(), SHARED_BUILD_WAIT);

/** The tables and columns a markdown dictionary lists, read back from its text. */
function listed(markdown: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^### `([^`]+)`$/.exec(line);
    if (heading) tables.set(heading[1], (current = []));
    const column = /^\| `([^`]+)` \| /.exec(line);
    if (column && current) current.push(column[1]);
  }
  return tables;
}

describe('the dictionary of models', async () => {
  const graph = loadGraph();
  const tables = await describeModels(graph);
  const markdown = dictionaryMarkdown(dictionaryRows(tables));
  const inMarkdown = listed(markdown);

  it('lists every table of the graph and of the published database, each once', () => {
    // An asset that only writes other tables (ref.drees → ref.drees_*) has no columns of its own.
    const writers = tables.filter((t) => t.columns.length === 0).map((t) => t.name);
    expect(writers.filter((name) => !graph.assets.get(name)?.provides?.length), 'tables sans colonnes').toEqual([]);
    const expected = [
      // Not yet described: the answers and questionnaires a consultation also writes (adding them
      // changes the published dictionary).
      ...[...graph.assets.values()].flatMap((a) => [a.name, ...(a.provides ?? []).filter((p) => !p.startsWith('raw.'))])
        .filter((n) => n.includes('.') && !writers.includes(n)),
      ...publishedTables().map((t) => `publie.${t}`),
      ...Object.keys(EDITION_TABLES).map((t) => `publie.${t}`),
    ];
    const missing = [...new Set(expected)].filter((t) => !inMarkdown.has(t));
    expect(missing, 'tables absentes du dictionnaire').toEqual([]);
    expect(markdown.match(/^### /gm)!.length).toBe(inMarkdown.size);
    expect(tables.find((t) => t.name === 'intermediate.int_demandes')!.origin).toEqual(expect.arrayContaining(['staging.stg_sls__demandes', 'staging.stg_sls__sites']));
    expect(tables.find((t) => t.name === 'marts.fct_demandes')!.origin).toEqual(expect.arrayContaining(['intermediate.int_demandes']));
  });

  it('lists every column of every table, in order, as the models build it', () => {
    for (const t of tables.filter((x) => x.columns.length > 0)) expect(inMarkdown.get(t.name), t.name).toEqual(t.columns.map((c) => c.name));
    expect(tables.reduce((n, t) => n + t.columns.length, 0)).toBe(dictionaryRows(tables).length);
  });

  it('lists every table and column of a real published database', async () => {
    const file = path.join(inject('dataDir'), 'published.duckdb');
    expect(existsSync(file), file).toBe(true);
    const db = await openDatabase(file, { readOnly: true });
    try {
      const columns = await queryRows<{ t: string; c: string }>(db.connection,
        `SELECT table_name AS t, column_name AS c FROM duckdb_columns() WHERE database_name = current_database() AND NOT internal ORDER BY table_name, column_index`);
      expect(columns.length).toBeGreaterThan(50);
      const missing = columns.filter(({ t, c }) => !inMarkdown.get(`publie.${t}`)?.includes(c)).map(({ t, c }) => `${t}.${c}`);
      expect(missing, 'colonnes publiées absentes du dictionnaire').toEqual([]);
      // The published dictionary itself is rendered by the same function.
      const published = await queryRows<Parameters<typeof dictionaryMarkdown>[0][number]>(db.connection, 'SELECT * FROM dictionnaire ORDER BY rowid');
      expect(listed(dictionaryMarkdown(published)).get('publie.indicateurs')).toEqual(inMarkdown.get('publie.indicateurs'));
    } finally {
      db.close();
    }
  });

  it('gives a meaning to every column', () => {
    const missing = tables.flatMap((t) => t.columns.filter((c) => !c.doc).map((c) => `${t.name}.${c.name}`));
    expect(missing).toEqual([]);
    const published = tables.find((t) => t.name === 'publie.indicateurs')!;
    expect(published.columns.map((c) => c.name)).toEqual(expect.arrayContaining(['valeur', 'numerateur', 'denominateur', 'secret', 'dimension', 'modalite']));
    // Why a cell is masked is never published (it would tell which masked cells are small).
    expect(published.columns.map((c) => c.name).filter((c) => /motif|suppression/.test(c))).toEqual([]);
  });
});
