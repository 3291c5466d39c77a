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

/** A thread running `entry`, which takes its work by messages. */
export function tsWorker(entry: URL, resourceLimits: ResourceLimits): Worker {
  const compiled = compiledModule(entry);
  if (compiled) return new Worker(new URL(compiled), { resourceLimits });
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}

/**
 * The worker's next message, or a refusal when it runs out of heap or of time, built by `limit`. A
 * worker that failed to answer is terminated; one that answered is left running, for its owner to
 * give it more work or terminate it.
 */
export async function replyOf<T>(worker: Worker, seconds: number, limit: (why: 'memoire' | 'temps') => Error): Promise<T> {
  let answered = false;
  let timer: NodeJS.Timeout | undefined;
  const listeners: Partial<Record<'message' | 'error' | 'exit', (...args: never[]) => void>> = {};
  try {
    const reply = await new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => reject(limit('temps')), seconds * 1000);
      worker.once('message', (listeners.message = (message: T) => resolve(message)));
      worker.once('error', (listeners.error = (error: Error & { code?: string }) => reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? limit('memoire') : error)));
      worker.once('exit', (listeners.exit = (code: number) => reject(new Error(`le travail s’est arrêté (code ${code})`))));
    });
    answered = true;
    return reply;
  } finally {
    clearTimeout(timer);
    for (const [event, listener] of Object.entries(listeners)) worker.off(event, listener as (...args: unknown[]) => void);
    if (!answered) await worker.terminate();
  }
}
