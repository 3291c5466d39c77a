// The command line's TypeScript (pipelines/) compiled to JavaScript in .compiled/ (not checked in), one
// file for each, by esbuild: at install (`postinstall`), then at run time again for the files changed
// since, so that a start loads no TypeScript compiler and that someone who edits a .ts file need not
// reinstall. A manifest of the sources' sizes and modification times says in a few milliseconds
// whether the compiled files are those of the sources. Whenever they cannot be made so (another
// process is compiling, a source does not compile, a read-only installation), the caller runs the
// TypeScript through tsx, as before: never stale code.
//   node bin/compile.js   compiles what changed (what `postinstall` runs)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = 'pipelines';
export const compiledDir = path.join(projectRoot, '.compiled');
const manifestFile = path.join(compiledDir, 'manifest.json');
const lockFile = path.join(compiledDir, 'compile.lock');
// A change of this file (its options, its banner) compiles everything again.
const compilerFile = fileURLToPath(import.meta.url);

/**
 * A compiled module sees its source's URL as `import.meta.url` (and its path as `import.meta.filename`,
 * its folder as `import.meta.dirname`): the project root, SQL files, the hashes of the assets' own code
 * and the workers' entries are all found from it, the same whether the TypeScript runs through tsx,
 * vitest or compiled.
 */
const BANNER = [
  'const __solidataSourceUrl = import.meta.url.replace(/\\/\\.compiled\\/(pipelines\\/.*)\\.js$/, "/$1.ts");',
  'const __solidataSourceFile = decodeURIComponent(new URL(__solidataSourceUrl).pathname);',
  'const __solidataSourceDir = __solidataSourceFile.slice(0, __solidataSourceFile.lastIndexOf("/"));',
].join('\n');
// A lock older than this is a dead process's, whatever its number says (numbers are reused).
const LOCK_MAX_AGE_MS = 5 * 60_000;

/** `pipelines/…/x.ts` → `size:mtime` of every source. */
function sourceStamps() {
  const stamps = new Map();
  // By hand: readdirSync's `recursive` costs ten times as much (Node 20), at every start.
  const walk = (relative) => {
    for (const entry of readdirSync(path.join(projectRoot, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts')) stamps.set(child, stamp(path.join(projectRoot, child)));
    }
  };
  walk(SOURCES);
  return stamps;
}

function stamp(file) {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return { compiler: '', files: {} };
  }
}

/** The sources whose compiled file is missing or older than them, and compiled files without a source. */
function differences(stamps, manifest) {
  const all = manifest.compiler !== stamp(compilerFile);
  const changed = [...stamps].filter(([file, s]) => all || manifest.files[file] !== s).map(([file]) => file);
  const removed = Object.keys(manifest.files).filter((file) => !stamps.has(file));
  return { changed, removed };
}

const outputOf = (source) => path.join(compiledDir, source.replace(/\.ts$/, '.js'));

/**
 * Makes .compiled/ match the sources; true when it does. Compiles only what changed, under a lock:
 * when another process holds it, answers false at once rather than wait (its caller then runs tsx).
 */
export async function compile({ quiet = true } = {}) {
  try {
    if (isFresh(sourceStamps())) return true;
    mkdirSync(compiledDir, { recursive: true });
  } catch (error) {
    return failed(error, quiet); // a source removed while it was listed, a read-only installation
  }
  if (!lock()) return false;
  try {
    // Taken before reading the sources: a file edited during the compilation is compiled again next time.
    const stamps = sourceStamps();
    const manifest = readManifest();
    const { changed, removed } = differences(stamps, manifest);
    const started = performance.now();
    if (changed.length > 0) await build(changed);
    for (const file of removed) for (const output of [outputOf(file), `${outputOf(file)}.map`]) rmSync(output, { force: true });
    writeFileSync(path.join(compiledDir, 'package.json'), '{ "type": "module", "private": true }\n');
    const compiled = new Set(changed);
    const files = Object.fromEntries([...stamps].filter(([file, s]) => compiled.has(file) || manifest.files[file] === s));
    writeAtomically(manifestFile, JSON.stringify({ compiler: stamp(compilerFile), files }, null, 1));
    if (!quiet) console.log(`Ligne de commande compilée : ${changed.length} fichier(s) sur ${stamps.size} en ${((performance.now() - started) / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 2 })} s (${path.relative(projectRoot, compiledDir)}/).`);
    return true;
  } catch (error) {
    return failed(error, quiet);
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function failed(error, quiet) {
  if (!quiet || process.env.SOLIDATA_DEBUG === '1') console.error(`Compilation de la ligne de commande impossible, le TypeScript sera lu par tsx : ${error.message}`);
  return false;
}

function isFresh(stamps) {
  const { changed, removed } = differences(stamps, readManifest());
  return changed.length === 0 && removed.length === 0 && existsSync(path.join(compiledDir, 'package.json'));
}

async function build(sources) {
  // tsx's own esbuild: the compiled modules and those tsx compiles on the fly come from one compiler.
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const esbuild = await import(pathToFileURL(createRequire(tsx).resolve('esbuild')).href);
  const result = await esbuild.build({
    entryPoints: sources.map((s) => path.join(projectRoot, s)),
    outbase: path.join(projectRoot, SOURCES),
    outdir: path.join(compiledDir, SOURCES),
    write: false,
    // Each file alone: every import stays an import, of the compiled sibling for our own files.
    bundle: true,
    plugins: [{
      name: 'each-file-alone',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (args.kind === 'entry-point') return undefined;
          const ours = args.path.startsWith('.') && args.path.endsWith('.ts');
          return { path: ours ? `${args.path.slice(0, -3)}.js` : args.path, external: true };
        });
      },
    }],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    charset: 'utf8',
    define: { 'import.meta.url': '__solidataSourceUrl', 'import.meta.filename': '__solidataSourceFile', 'import.meta.dirname': '__solidataSourceDir' },
    banner: { js: BANNER },
    // Read only with SOLIDATA_DEBUG=1 (bin/solidata.js), when stacks are printed.
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  for (const output of result.outputFiles) {
    mkdirSync(path.dirname(output.path), { recursive: true });
    writeAtomically(output.path, output.contents);
  }
}

// A process that imports a file while another rewrites it reads the old one or the new one, whole.
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

function lock() {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if (error.code !== 'EEXIST') return false;
      // A lock whose process died (killed while compiling) is taken over; an empty one is being written.
      let holder;
      let age;
      try {
        holder = readFileSync(lockFile, 'utf8');
        age = Date.now() - statSync(lockFile).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age < LOCK_MAX_AGE_MS && (holder === '' || alive(Number(holder)))) return false;
      rmSync(lockFile, { force: true });
    }
  }
  return false;
}

function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** The URL of a source's compiled module (`file:///…/pipelines/x.ts` → `file:///…/.compiled/pipelines/x.js`), or undefined outside pipelines/. */
export function compiledUrl(sourceUrl) {
  const root = `${pathToFileURL(path.join(projectRoot, SOURCES)).href}/`;
  if (!sourceUrl.startsWith(root) || !sourceUrl.endsWith('.ts')) return undefined;
  return `${pathToFileURL(path.join(compiledDir, SOURCES)).href}/${sourceUrl.slice(root.length, -3)}.js`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === compilerFile) {
  // At install: a failure leaves the command line on tsx, it does not fail the installation.
  await compile({ quiet: false });
}
