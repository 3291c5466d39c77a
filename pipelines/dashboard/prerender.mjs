// Prerenders the dashboard's pages from the data, with the Vite bundles made earlier from the same code
// (pages, components and packages): SvelteKit's own prerender step, without its bundling. Run with Node
// in the workshop's .evidence/template, after `evidence sources` has written the data files. The
// bundling saved the routes' analysis it needs (patches/@sveltejs+kit+*.patch).
//   node prerender.mjs <path of @sveltejs/kit>
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const kit = process.argv[2];
const out = '.svelte-kit/output';
const saved = JSON.parse(readFileSync(path.join(out, 'solidata-metadata.json'), 'utf8'));
const metadata = { nodes: saved.nodes, routes: new Map(saved.routes) };
const { default: prerender } = await import(pathToFileURL(path.join(kit, 'src/core/postbuild/prerender.js')).href);
const env = Object.fromEntries(Object.entries(process.env).filter(([, v]) => typeof v === 'string'));
const { prerendered } = await prerender({ out, manifest_path: `${out}/server/manifest-full.js`, metadata, verbose: false, env });
console.log(`${prerendered.paths.length} pages prérendues`);
