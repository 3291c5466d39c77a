// A worker thread running one of our TypeScript modules. The thread compiles its TypeScript
// itself, as bin/solidata.js does: it does not inherit the loader of whoever started it (tsx on
// the command line, vite under the tests).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;

export function tsWorker(entry: URL, workerData: unknown, resourceLimits: ResourceLimits): Worker {
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
