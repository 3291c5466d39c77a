// The import graph of pipelines/, read with TypeScript's own parser: every `import … from`,
// `export … from`, `import type`, `import x = require()` and `import('…')` with a literal path.
// Type-only imports count: an arrow is an arrow, even when it vanishes at run time.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** The relative module paths a source text imports (bare package names are left out). */
export function importsOf(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) found.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text); // `import('./x.ts').T` in a type position
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((s) => s.startsWith('.'));
}

/** Every .ts file under `root`, as paths relative to it with forward slashes. */
export function tsFilesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export type Graph = Map<string, Set<string>>;

/** File → files it imports, both relative to `root`; imports that leave `root` are dropped. */
export function fileGraph(root: string, files: Record<string, string>): Graph {
  const graph: Graph = new Map();
  for (const [file, text] of Object.entries(files)) {
    const targets = new Set<string>();
    for (const spec of importsOf(file, text)) {
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec.replace(/\.js$/, '.ts')));
      if (resolved.startsWith('..')) continue;
      targets.add(resolved);
    }
    graph.set(file, targets);
  }
  return graph;
}

/**
 * The node of a file in the folder graph: its top-level folder under pipelines/ (`ingest/read.ts`
 * → `ingest/`), or, for a file at the root (the shared primitives and the configuration), the
 * file itself: `log.ts` and `settings.ts` are not one room.
 */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : `${file.slice(0, slash)}/`;
}

/** The folder graph: one arrow per pair of distinct folders with at least one import between them. */
export function folderGraph(files: Graph): { graph: Graph; witness: Map<string, string> } {
  const graph: Graph = new Map();
  const witness = new Map<string, string>(); // "a→b" → one import that makes the arrow
  for (const [from, targets] of files) {
    const a = folderOf(from);
    if (!graph.has(a)) graph.set(a, new Set());
    for (const to of targets) {
      const b = folderOf(to);
      if (a === b) continue;
      graph.get(a)!.add(b);
      if (!graph.has(b)) graph.set(b, new Set());
      const key = `${a}→${b}`;
      if (!witness.has(key)) witness.set(key, `${from} → ${to}`);
    }
  }
  return { graph, witness };
}

/**
 * The cycles of a graph: for each strongly connected component with more than one node (or a
 * self-loop), the shortest cycle through each of its nodes, without repeats, as paths [a, b, …, a].
 */
export function cycles(graph: Graph): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const component of stronglyConnected(graph)) {
    for (const node of component) {
      const cycle = cyclePath(graph, new Set(component), node);
      const key = canonical(cycle);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(cycle);
      }
    }
  }
  return out;
}

/** A cycle's name whatever node it starts from. */
function canonical(cycle: string[]): string {
  const ring = cycle.slice(0, -1);
  const i = ring.indexOf([...ring].sort()[0]);
  return [...ring.slice(i), ...ring.slice(0, i)].join('→');
}

/** The strongly connected components that hold a cycle (Tarjan's algorithm). */
export function stronglyConnected(graph: Graph): string[][] {
  // Tarjan's algorithm, then one concrete cycle per component found by a walk inside it.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])])].sort();
  const strong = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!indices.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) components.push(component.sort());
    }
  };
  for (const v of nodes) if (!indices.has(v)) strong(v);
  return components;
}

/** A shortest cycle through `start` inside its strongly connected component: [start, …, start]. */
function cyclePath(graph: Graph, component: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(graph.get(v) ?? [])].sort()) {
      if (!component.has(w)) continue;
      if (w === start) {
        const route = [v];
        while (route[0] !== start) route.unshift(previous.get(route[0])!);
        return [...route, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
