// Writes the generated documentation: docs/dictionnaire.md (the exchange formats, from the
// contracts) and docs/modeles.md (the tables and columns of the warehouse and of the published
// database, from the assets). Usage: npm run docs
import { writeFileSync } from 'node:fs';
import { formatsDocFile, formatsMarkdown } from '../pipelines/contracts/formats_doc.ts';
import { describeModels, dictionaryMarkdown, modelsDictionaryFile } from '../pipelines/assets/models_dictionary.ts';
import { loadGraph } from '../pipelines/assets/graph.ts';

writeFileSync(formatsDocFile, formatsMarkdown());
console.log(`Formats d’échange écrits : ${formatsDocFile}`);
writeFileSync(modelsDictionaryFile, dictionaryMarkdown(await describeModels(loadGraph())));
console.log(`Dictionnaire des tables écrit : ${modelsDictionaryFile}`);
