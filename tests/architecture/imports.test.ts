// The arrows between the rooms of pipelines/ point one way: no import cycle between folders
// (a file at the root counts as a room of its own), and none between files. Every import counts,
// type-only ones included. Files over 300 lines are reported, not failed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { cycles, fileGraph, folderGraph, importsOf, tsFilesUnder } from './import_graph.ts';

const ROOT = path.join(projectRoot, 'pipelines');
const LONG_FILE = 300;

const sources = Object.fromEntries(tsFilesUnder(ROOT).map((f) => [f, readFileSync(path.join(ROOT, f), 'utf8')]));
const files = fileGraph(ROOT, sources);

/** A cycle said so that a reader can follow it, with the import that makes each arrow. */
function describeCycle(cycle: string[], witness?: Map<string, string>): string {
  const steps = cycle.slice(0, -1).map((from, i) => {
    const to = cycle[i + 1];
    return witness ? `  ${from} → ${to}   (${witness.get(`${from}→${to}`)})` : `  ${from} → ${to}`;
  });
  return [cycle.join(' → '), ...steps].join('\n');
}

describe('the import graph of pipelines/', () => {
  it('is read from every .ts file, imports of every kind included', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(100);
    // Every edge names a file that exists: a path the reader got wrong would hide arrows.
    const missing = [...files].flatMap(([from, targets]) => [...targets].filter((t) => !(t in sources)).map((t) => `${from} → ${t}`));
    expect(missing).toEqual([]);
    // Files known to import one another, by a static, a type-only and a re-export import.
    expect(files.get('server/app.ts')).toContain('server/context.ts');
    expect(files.get('runner/tasks.ts')).toContain('assets/asset.ts');
  });

  it('has no cycle between folders', () => {
    const { graph, witness } = folderGraph(files);
    const found = cycles(graph);
    expect(found.map((c) => describeCycle(c, witness)).join('\n\n'), 'cycle d’imports entre dossiers de pipelines/').toBe('');
  });

  it('keeps the shared primitives at the root free of any folder (settings.ts, the configuration, reads the contracts)', () => {
    const reaching = [...files]
      .filter(([from]) => !from.includes('/') && from !== 'settings.ts')
      .flatMap(([from, targets]) => [...targets].filter((t) => t.includes('/')).map((t) => `${from} → ${t}`));
    expect(reaching).toEqual([]);
    expect([...files.keys()].filter((f) => !f.includes('/'))).toEqual(expect.arrayContaining(['faults.ts', 'log.ts', 'random.ts']));
  });

  it('has no cycle between files', () => {
    expect(cycles(files).map((c) => describeCycle(c)).join('\n\n'), 'cycle d’imports entre fichiers de pipelines/').toBe('');
  });

  // A report, not a failure: a long file is a room that may hold more than one job.
  afterAll(() => {
    const long = Object.entries(sources)
      .map(([file, text]) => ({ file, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) }))
      .filter((f) => f.lines > LONG_FILE)
      .sort((a, b) => b.lines - a.lines);
    if (long.length > 0) console.log(`Fichiers de plus de ${LONG_FILE} lignes :\n${long.map((f) => `  ${f.lines}  pipelines/${f.file}`).join('\n')}`);
  });
});

describe('the cycle finder', () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

  it('reads every form of import, and only relative ones', () => {
    const text = [
      "import a from './a.ts';",
      "import type { B } from '../b/b.ts';",
      "import './side.ts';",
      "export { c } from './c.ts';",
      "export * from './d.ts';",
      "import fs from 'node:fs';",
      "const e = await import('./e.ts');",
      "type F = import('./f.ts').F;",
      "import g = require('./g.ts');",
      "// import h from './h.ts';",
      "const s = \"import i from './i.ts'\";",
    ].join('\n');
    expect(importsOf('x/y.ts', text)).toEqual(['./a.ts', '../b/b.ts', './side.ts', './c.ts', './d.ts', './e.ts', './f.ts', './g.ts']);
  });

  it('finds a cycle between folders made of files that do not form a cycle themselves', () => {
    const fg = fileGraph('/', {
      'a/one.ts': "import { x } from '../b/two.ts';",
      'b/two.ts': '',
      'b/three.ts': "import { y } from '../a/four.ts';",
      'a/four.ts': '',
      'log.ts': '',
    });
    expect(cycles(fg)).toEqual([]);
    const { graph: folders, witness } = folderGraph(fg);
    expect(cycles(folders)).toEqual([['a/', 'b/', 'a/']]);
    expect(describeCycle(cycles(folders)[0], witness)).toBe('a/ → b/ → a/\n  a/ → b/   (a/one.ts → b/two.ts)\n  b/ → a/   (b/three.ts → a/four.ts)');
  });

  it('names every cycle of a tangle, and none of a graph whose arrows point one way', () => {
    expect(cycles(graph({ a: ['b'], b: ['c', 'a'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'a'], ['c', 'a', 'b', 'c']]);
    expect(cycles(graph({ a: ['a'] }))).toEqual([['a', 'a']]);
    expect(cycles(graph({ a: ['b', 'c'], b: ['c'], c: [], d: ['a', 'c'] }))).toEqual([]);
  });

  it('counts a file at the root as a room of its own', () => {
    const fg = fileGraph('/', {
      'settings.ts': "import { M } from './contracts/m.ts';",
      'contracts/m.ts': "import { p } from '../config.ts';",
      'config.ts': '',
    });
    expect(cycles(folderGraph(fg).graph)).toEqual([]);
    fg.get('config.ts')!.add('contracts/m.ts');
    expect(cycles(folderGraph(fg).graph)).toEqual([['config.ts', 'contracts/', 'config.ts']]);
  });
});
