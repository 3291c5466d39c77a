// A worker thread running one of our TypeScript modules. Under the command line, which runs the
// JavaScript compiled from them (bin/compile.js), the thread runs the compiled module too; otherwise it
// compiles its TypeScript itself with tsx: it does not inherit the loader of whoever started it (vite
// under the tests).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;

/** The compiled module of a source module when the command line runs compiled ones (set by bin/solidata.js), else undefined. */
export function compiledModule(source: URL): string | undefined {
  const compiledUrl = (globalThis as Record<symbol, ((source: string) => string | undefined) | undefined>)[Symbol.for('solidata.compiledUrl')];
  return compiledUrl?.(source.href);
}

export function tsWorker(entry: URL, workerData: unknown, resourceLimits: ResourceLimits): Worker {
  const compiled = compiledModule(entry);
  if (compiled) return new Worker(new URL(compiled), { workerData, resourceLimits });
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

/**
 * The one message a worker sends, or a refusal when it runs out of heap or of time (it is then
 * terminated), built by `limit`.
 */
export async function replyOf<T>(worker: Worker, seconds: number, limit: (why: 'memoire' | 'temps') => Error): Promise<T> {
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(limit('temps')), seconds * 1000);
      worker.once('message', (message: T) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? limit('memoire') : error);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`le travail s’est arrêté (code ${code})`));
      });
    });
  } finally {
    await worker.terminate();
  }
}
