// The dictionary of the warehouse and the published database: generated from the real models,
// kept in sync with the repository, and with a meaning for every column.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeModels, dictionaryMarkdown, modelsDictionaryFile } from '../../pipelines/assets/models_dictionary.ts';
import { loadGraph } from '../../pipelines/assets/graph.ts';
import { publishedTables } from '../../pipelines/publish/publish.ts';

describe('the dictionary of models', async () => {
  const tables = await describeModels(loadGraph());

  it('is the one in docs/modeles.md (regenerate: npm run docs)', () => {
    expect(readFileSync(modelsDictionaryFile, 'utf8')).toBe(dictionaryMarkdown(tables));
  });

  it('covers every table of the warehouse and of the published database', () => {
    const names = tables.map((t) => t.name);
    for (const asset of loadGraph().assets.keys()) if (asset.includes('.')) expect(names).toContain(asset);
    for (const t of publishedTables()) expect(names).toContain(`publie.${t}`);
    expect(tables.find((t) => t.name === 'marts.fct_demandes')!.origin).toEqual(expect.arrayContaining(['staging.stg_sls__demandes', 'staging.stg_sls__sites']));
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
