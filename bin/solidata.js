#!/usr/bin/env node
// The command line is TypeScript, run as the JavaScript that bin/compile.js made of it (at install, and
// again for the files edited since); when that cannot be had, tsx compiles it on the fly, as it used to.
import { compile, compiledUrl } from './compile.js';

const source = new URL('../pipelines/cli/main.ts', import.meta.url).href;
let entry = source;
if (process.env.SOLIDATA_TSX !== '1' && (await compile())) {
  entry = compiledUrl(source);
  // ts_worker.ts starts its workers on the compiled modules too.
  globalThis[Symbol.for('solidata.compiledUrl')] = compiledUrl;
  if (process.env.SOLIDATA_DEBUG === '1') process.setSourceMapsEnabled(true);
} else {
  (await import('tsx/esm/api')).register();
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
