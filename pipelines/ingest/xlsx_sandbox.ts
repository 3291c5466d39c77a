// A workbook is read in a thread of its own, with a heap limit and a time budget: whatever a
// hostile file makes the reader do (a zip bomb, a far cell, XML that never ends), it does it
// there, and the process that asked (the server, the job runner) goes on answering. What comes
// back is the table, or a French refusal.
import type { Worker } from 'node:worker_threads';
import { replyOf, tsWorker } from '../ts_worker.ts';
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

// A thread is kept a moment for the next workbook: starting one (loading the reader) costs 0.3 to
// 0.5 s, which was most of the time of a source delivered as many small workbooks (24 monthly
// staffing files: 10 s). A thread that refused a workbook, or failed, is never reused.
const IDLE_MS = 2000;
let idle: { worker: Worker; key: string; timer: NodeJS.Timeout } | undefined;

/** Ends the idle thread, if any. */
function dropIdle(): void {
  if (!idle) return;
  clearTimeout(idle.timer);
  void idle.worker.terminate();
  idle = undefined;
}

function takeWorker(limits: ReadLimits): { worker: Worker; key: string } {
  const key = JSON.stringify(limits);
  if (idle?.key === key) {
    const { worker, timer } = idle;
    idle = undefined;
    clearTimeout(timer);
    worker.ref();
    return { worker, key };
  }
  dropIdle();
  return { worker: tsWorker(new URL('./xlsx_worker.ts', import.meta.url), { maxOldGenerationSizeMb: limits.memoryMo, maxYoungGenerationSizeMb: 64 }), key };
}

function keepWorker(worker: Worker, key: string): void {
  dropIdle();
  // An idle thread does not keep the process alive.
  worker.unref();
  const timer = setTimeout(dropIdle, IDLE_MS);
  timer.unref();
  idle = { worker, key, timer };
}

export async function readSheetTableIsolated(file: string, request: SheetRequest, limits: ReadLimits = READ_LIMITS): Promise<SheetTable> {
  const { worker, key } = takeWorker(limits);
  worker.postMessage({ file, request, limits });
  const reply = await replyOf<WorkerReply>(worker, limits.seconds, (why) => why === 'temps'
    ? new ReadLimitError(`la lecture du classeur a dépassé ${limits.seconds.toLocaleString('fr-FR')} secondes`,
      'Enregistrez le classeur à nouveau sans mise en forme ni cellules au-delà du tableau, ou envoyez-le en CSV.')
    : new ReadLimitError(`la lecture du classeur demande plus de ${megabytes(limits.memoryMo * 1024 * 1024)} de mémoire`,
      'Découpez la livraison (par période) ou envoyez-la en CSV, plus léger à lire.'));
  if (reply.ok) {
    keepWorker(worker, key);
    return reply.table;
  }
  void worker.terminate();
  if (reply.limit) throw new ReadLimitError(reply.limit.message, reply.limit.hint);
  throw new Error(reply.error);
}
