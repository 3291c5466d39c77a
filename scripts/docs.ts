// Writes docs/modeles.md, the dictionary of the warehouse and of the published database, from the
// assets themselves. Usage: npm run docs
import { writeFileSync } from 'node:fs';
import { describeModels, dictionaryMarkdown, modelsDictionaryFile } from '../pipelines/assets/dictionary.ts';
import { loadGraph } from '../pipelines/assets/graph.ts';

writeFileSync(modelsDictionaryFile, dictionaryMarkdown(await describeModels(loadGraph())));
console.log(`Dictionnaire écrit : ${modelsDictionaryFile}`);
