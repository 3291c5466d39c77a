// The dry run of an upload, in a thread of its own with a heap limit and a time budget: the
// server's event loop never parses a partner's file, so a hostile one ends in a French refusal
// while every other request is still answered.
import { EventEmitter } from 'node:events';
import type { Paths } from '../config.ts';
import { READ_LIMITS, type ReadLimits } from '../ingest/limits.ts';
import { RefusedDelivery, type Problem } from '../ingest/problems.ts';
import { replyOf, tsWorker } from '../ts_worker.ts';
import type { DeliveryRequest, Validation } from './dry_run.ts';

export type DryRunReply =
  | { ok: true; validation: Extract<Validation, { accepted: true }> }
  | { ok: false; refused?: { file: string; problems: Problem[]; totals: Map<string, number> }; error?: string };

/** The dry run's own budget: the workbook's, and as much again for the checks. */
export const dryRunSeconds = (limits: ReadLimits) => 2 * limits.seconds;

/**
 * `start` and `end` of each dry run, for who listens. `hold`, when a test sets it, is handed to
 * the thread, which waits on it (Atomics.wait) before its work: the test then sees the server
 * answer while a dry run is under way, by the order of events and not by a clock.
 */
export const dryRuns = new EventEmitter() as EventEmitter & { hold?: Int32Array };

export async function validateInThread(paths: Paths, file: string, request: DeliveryRequest, limits: Partial<ReadLimits> = {}): Promise<Validation> {
  const all = { ...READ_LIMITS, ...limits };
  const worker = tsWorker(new URL('./dry_run_thread.ts', import.meta.url), { paths, file, request, limits, hold: dryRuns.hold },
    { maxOldGenerationSizeMb: all.memoryMo, maxYoungGenerationSizeMb: 64 });
  dryRuns.emit('start', file);
  try {
    const refusal = (message: string, hint: string) => new RefusedDelivery(file, [{ message, hint }]);
    let reply: DryRunReply;
    try {
      reply = await replyOf<DryRunReply>(worker, dryRunSeconds(all), (why) => why === 'temps'
        ? refusal(`le contrôle du fichier a dépassé ${dryRunSeconds(all).toLocaleString('fr-FR')} secondes`, 'Découpez la livraison (par période), ou déposez-la dans la boîte de dépôt du serveur.')
        : refusal('le contrôle du fichier demande plus de mémoire que le serveur ne lui en accorde', 'Découpez la livraison (par période) ou envoyez-la en CSV, plus léger à lire.'));
    } catch (error) {
      if (error instanceof RefusedDelivery) return { accepted: false, refused: error };
      throw error;
    }
    if (reply.ok) return reply.validation;
    if (reply.refused) return { accepted: false, refused: new RefusedDelivery(reply.refused.file, reply.refused.problems, reply.refused.totals) };
    throw new Error(reply.error);
  } finally {
    dryRuns.emit('end', file);
  }
}
