// The command line runs the JavaScript compiled from pipelines/ (bin/compile.js), and never stale code:
// in a copy of the project, a source edited, added, removed or broken after the compilation, and a
// compilation held by another process, each still give the current code's behaviour.
import { cpSync, existsSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../pipelines/config.ts';
import { childProcess, solidataCli, tempDir } from '../helpers/fixtures.ts';

let project: string;
const help = (env: NodeJS.ProcessEnv = {}) => solidataCli(['--help'], { cwd: project, bin: path.join(project, 'bin', 'solidata.js'), env: { ...process.env, ...env } });
const source = (relative: string) => path.join(project, 'pipelines', relative);
const compiled = (relative: string) => path.join(project, '.compiled', 'pipelines', relative.replace(/\.ts$/, '.js'));
// An edit with a later modification time, even within the filesystem's clock tick.
let clock = Date.now() / 1000;
function edit(relative: string, change: (text: string) => string) {
  const file = source(relative);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
  clock += 2;
  utimesSync(file, clock, clock);
}

beforeAll(() => {
  project = tempDir('solidata-compile-');
  for (const entry of ['bin', 'pipelines', 'package.json', 'tsconfig.json']) cpSync(path.join(projectRoot, entry), path.join(project, entry), { recursive: true });
  symlinkSync(path.join(projectRoot, 'node_modules'), path.join(project, 'node_modules'));
});

describe('the compiled command line', () => {
  it('compiles on first use, then recompiles only an edited source, and runs its new code', async () => {
    expect(existsSync(path.join(project, '.compiled'))).toBe(false);
    const first = await help();
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Usage : solidata <commande>');
    expect(readFileSync(compiled('cli/main.ts'), 'utf8')).toContain('Usage : solidata <commande>');
    const untouched = statSync(compiled('config.ts')).mtimeMs;

    edit('cli/main.ts', (t) => t.replace('Usage : solidata <commande>', 'Usage modifié : solidata <commande>'));
    const second = await help();
    expect(second.stdout).toContain('Usage modifié : solidata <commande>');
    // Through the compiled file, not tsx; and only the edited file was compiled again.
    expect(readFileSync(compiled('cli/main.ts'), 'utf8')).toContain('Usage modifié');
    expect(statSync(compiled('config.ts')).mtimeMs).toBe(untouched);
  });

  it('compiles a new source, forgets a removed one', async () => {
    writeFileSync(source('cli/salutation.ts'), "export const salutation = 'Bonjour depuis un nouveau fichier';\n");
    edit('cli/main.ts', (t) => `import { salutation } from './salutation.ts';\n${t.replace('console.log(usage);', 'console.log(salutation);\n    console.log(usage);')}`);
    const added = await help();
    expect(added.stdout).toContain('Bonjour depuis un nouveau fichier');
    expect(existsSync(compiled('cli/salutation.ts'))).toBe(true);

    edit('cli/main.ts', (t) => t.replace("import { salutation } from './salutation.ts';\n", '').replace('console.log(salutation);\n    ', ''));
    rmSync(source('cli/salutation.ts'));
    const removed = await help();
    expect(removed.status).toBe(0);
    expect(removed.stdout).not.toContain('Bonjour');
    expect(existsSync(compiled('cli/salutation.ts'))).toBe(false);
    expect(existsSync(`${compiled('cli/salutation.ts')}.map`)).toBe(false);
  });

  it('runs the TypeScript through tsx when a source does not compile, then compiles again once it does', async () => {
    const good = readFileSync(source('cli/pdf.ts'), 'utf8');
    writeFileSync(source('cli/pdf.ts'), `${good}\nexport const cassé = ;\n`);
    edit('cli/main.ts', (t) => t.replace('Usage modifié', 'Usage malgré une erreur'));
    const broken = await help({ SOLIDATA_DEBUG: '1' });
    // The help loads no command module: it answers, with the new code, through tsx.
    expect(broken.status).toBe(0);
    expect(broken.stdout).toContain('Usage malgré une erreur');
    expect(broken.stderr).toContain('le TypeScript sera lu par tsx');
    expect(readFileSync(compiled('cli/main.ts'), 'utf8')).not.toContain('Usage malgré une erreur');
    // The broken command itself fails as it would have under tsx.
    const pdf = await solidataCli(['pdf', '--data-dir', project], { cwd: project, bin: path.join(project, 'bin', 'solidata.js') });
    expect(pdf.status).not.toBe(0);

    writeFileSync(source('cli/pdf.ts'), good);
    expect((await help()).stdout).toContain('Usage malgré une erreur');
    expect(readFileSync(compiled('cli/main.ts'), 'utf8')).toContain('Usage malgré une erreur');
  });

  it('does not wait for another process compiling: it runs tsx meanwhile, and takes over a dead or stuck one’s lock', async () => {
    const lock = path.join(project, '.compiled', 'compile.lock');
    writeFileSync(lock, String(process.pid)); // alive: this test's own process
    edit('cli/main.ts', (t) => t.replace('Usage malgré une erreur', 'Usage pendant une compilation'));
    const meanwhile = await help();
    expect(meanwhile.stdout).toContain('Usage pendant une compilation');
    expect(readFileSync(compiled('cli/main.ts'), 'utf8')).not.toContain('Usage pendant une compilation');
    expect(existsSync(lock)).toBe(true);

    const dead = await childProcess(process.execPath, ['-e', 'console.log(process.pid)']);
    writeFileSync(lock, dead.stdout.trim());
    expect((await help()).stdout).toContain('Usage pendant une compilation');
    expect(readFileSync(compiled('cli/main.ts'), 'utf8')).toContain('Usage pendant une compilation');
    expect(existsSync(lock)).toBe(false);

    // A live process's number, but a lock left long ago: that number now belongs to someone else.
    writeFileSync(lock, String(process.pid));
    const longAgo = Date.now() / 1000 - 3600;
    utimesSync(lock, longAgo, longAgo);
    edit('cli/main.ts', (t) => t.replace('Usage pendant une compilation', 'Usage après un verrou oublié'));
    expect((await help()).stdout).toContain('Usage après un verrou oublié');
    expect(readFileSync(compiled('cli/main.ts'), 'utf8')).toContain('Usage après un verrou oublié');
    expect(existsSync(lock)).toBe(false);
  });

  it('starts a worker thread on the compiled module, which reads its source’s URL', async () => {
    writeFileSync(source('probe_worker.ts'), [
      "import { parentPort } from 'node:worker_threads';",
      "parentPort!.postMessage({ url: import.meta.url, file: import.meta.filename, dir: import.meta.dirname, stack: new Error('ici').stack, marque: 'v1' });",
    ].join('\n'));
    // What bin/solidata.js does before it loads the command line, then ts_worker.ts as the CLI calls it.
    const probe = path.join(project, 'probe.mjs');
    writeFileSync(probe, [
      "import { compile, compiledUrl } from './bin/compile.js';",
      'if (!(await compile())) throw new Error("not compiled");',
      "globalThis[Symbol.for('solidata.compiledUrl')] = compiledUrl;",
      "const { tsWorker, replyOf } = await import(compiledUrl(new URL('./pipelines/ts_worker.ts', import.meta.url).href));",
      "const worker = tsWorker(new URL('./pipelines/probe_worker.ts', import.meta.url), {});",
      'console.log(JSON.stringify(await replyOf(worker, 30, () => new Error("limite"))));',
    ].join('\n'));
    const first = await childProcess(process.execPath, [probe], { cwd: project });
    expect(first.stderr).toBe('');
    const reply = JSON.parse(first.stdout) as { url: string; file: string; dir: string; stack: string; marque: string };
    expect(reply.url).toBe(pathToFileURL(source('probe_worker.ts')).href);
    expect(reply.file).toBe(source('probe_worker.ts'));
    expect(reply.dir).toBe(path.join(project, 'pipelines'));
    expect(reply.stack).toContain(path.join('.compiled', 'pipelines', 'probe_worker.js'));
    expect(reply.marque).toBe('v1');

    edit('probe_worker.ts', (t) => t.replace("'v1'", "'v2'"));
    const second = await childProcess(process.execPath, [probe], { cwd: project });
    expect((JSON.parse(second.stdout) as { marque: string }).marque).toBe('v2');
  });
});
