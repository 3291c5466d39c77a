// Writes the generated documentation: docs/dictionnaire.md (the exchange formats, from the
// contracts) and docs/modeles.md (the tables and columns of the warehouse and of the published
// database, from the rows of the table `dictionnaire`: those the models build now, or, with
// --depuis, those of a published database). Usage: npm run docs [-- --depuis DIR/published.duckdb]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatsDocFile, formatsMarkdown } from '../pipelines/contracts/formats_doc.ts';
import { describeModels, dictionaryMarkdown, dictionaryRows, modelsDictionaryFile, type DictionaryRow } from '../pipelines/assets/models_dictionary.ts';
import { loadGraph } from '../pipelines/assets/graph.ts';
import { openDatabase, queryRows } from '../pipelines/warehouse/duckdb.ts';

const { values } = parseArgs({ options: { depuis: { type: 'string' } } });

async function publishedRows(file: string): Promise<DictionaryRow[]> {
  const db = await openDatabase(file, { readOnly: true });
  try {
    return await queryRows<DictionaryRow>(db.connection, 'SELECT * FROM dictionnaire ORDER BY rowid');
  } finally {
    db.close();
  }
}

writeFileSync(formatsDocFile, formatsMarkdown());
console.log(`Formats d’échange écrits : ${formatsDocFile}`);
const rows = values.depuis ? await publishedRows(values.depuis) : dictionaryRows(await describeModels(loadGraph()));
writeFileSync(modelsDictionaryFile, dictionaryMarkdown(rows));
console.log(`Dictionnaire des tables écrit : ${modelsDictionaryFile}${values.depuis ? ` (depuis ${values.depuis})` : ''}`);
