// A workbook is read in a thread of its own, with a heap limit and a time budget: whatever a
// hostile file makes the reader do (a zip bomb, a far cell, XML that never ends), it does it
// there, and the process that asked (the server, the job runner) goes on answering. What comes
// back is the table, or a French refusal.
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { megabytes, READ_LIMITS, ReadLimitError, type ReadLimits } from './limits.ts';
import type { SheetTable } from './xlsx.ts';

export interface SheetRequest {
  sheet?: string | number;
  missing?: string[];
  /** The header is the first row naming at least half of these columns (as normalised headers). */
  wanted?: string[];
}

export type WorkerReply =
  | { ok: true; table: SheetTable }
  | { ok: false; limit?: { message: string; hint: string }; error?: string };

/**
 * Tells who listens when a workbook thread starts and ends (`start`, `end`). `hold`, when set,
 * is handed to the thread, which waits on it before reading: a test can thus see the server
 * answer while a read is under way, by the order of events rather than by a clock.
 */
export const workbookReads = new EventEmitter() as EventEmitter & { hold?: Int32Array };

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
const entry = new URL('./xlsx_worker.ts', import.meta.url).href;
// The thread compiles its TypeScript itself, as bin/solidata.js does: it does not inherit the
// loader of whoever started it (tsx on the command line, vite under the tests).
const BOOT = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;

export async function readSheetTableIsolated(file: string, request: SheetRequest, limits: ReadLimits = READ_LIMITS): Promise<SheetTable> {
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { file, request, limits, hold: workbookReads.hold },
    resourceLimits: { maxOldGenerationSizeMb: limits.memoryMo, maxYoungGenerationSizeMb: 64 },
  });
  workbookReads.emit('start', file);
  try {
    const reply = await new Promise<WorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(new ReadLimitError(`la lecture du classeur a dépassé ${limits.seconds.toLocaleString('fr-FR')} secondes`,
          'Enregistrez le classeur à nouveau sans mise en forme ni cellules au-delà du tableau, ou envoyez-le en CSV.'));
      }, limits.seconds * 1000);
      worker.once('message', (message: WorkerReply) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', (error: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new ReadLimitError(`la lecture du classeur demande plus de ${megabytes(limits.memoryMo * 1024 * 1024)} de mémoire`,
            'Découpez la livraison (par période) ou envoyez-la en CSV, plus léger à lire.')
          : error);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`la lecture du classeur s’est arrêtée (code ${code})`));
      });
    });
    if (reply.ok) return reply.table;
    if (reply.limit) throw new ReadLimitError(reply.limit.message, reply.limit.hint);
    throw new Error(reply.error);
  } finally {
    await worker.terminate();
    workbookReads.emit('end', file);
  }
}
