// A workbook is read in a thread of its own, with a heap limit and a time budget: whatever a
// hostile file makes the reader do (a zip bomb, a far cell, XML that never ends), it does it
// there, and the process that asked (the server, the job runner) goes on answering. What comes
// back is the table, or a French refusal.
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

export async function readSheetTableIsolated(file: string, request: SheetRequest, limits: ReadLimits = READ_LIMITS): Promise<SheetTable> {
  const worker = tsWorker(new URL('./xlsx_worker.ts', import.meta.url), { file, request, limits },
    { maxOldGenerationSizeMb: limits.memoryMo, maxYoungGenerationSizeMb: 64 });
  const reply = await replyOf<WorkerReply>(worker, limits.seconds, (why) => why === 'temps'
    ? new ReadLimitError(`la lecture du classeur a dépassé ${limits.seconds.toLocaleString('fr-FR')} secondes`,
      'Enregistrez le classeur à nouveau sans mise en forme ni cellules au-delà du tableau, ou envoyez-le en CSV.')
    : new ReadLimitError(`la lecture du classeur demande plus de ${megabytes(limits.memoryMo * 1024 * 1024)} de mémoire`,
      'Découpez la livraison (par période) ou envoyez-la en CSV, plus léger à lire.'));
  if (reply.ok) return reply.table;
  if (reply.limit) throw new ReadLimitError(reply.limit.message, reply.limit.hint);
  throw new Error(reply.error);
}
