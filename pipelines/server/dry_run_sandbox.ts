// The dry run of an upload, in a process of its own with a heap limit and a time budget: the
// server's event loop never parses a partner's file, so a hostile one ends in a French refusal
// while every other request is still answered. A process, not a thread: DuckDB works in native
// threads, and a worker thread stopped in the middle of a query takes the whole server down with
// it; a process is killed cleanly.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Paths } from '../config.ts';
import { READ_LIMITS, type ReadLimits } from '../ingest/limits.ts';
import { RefusedDelivery, type Problem } from '../ingest/problems.ts';
import type { DeliveryRequest, Validation } from './dry_run.ts';
import type { QuestionnaireDraft } from './questionnaire_draft.ts';
import { compiledModule } from '../ts_worker.ts';

export type DryRunReply =
  | { ok: true; validation: Extract<Validation, { accepted: true }> }
  | { ok: false; refused?: { file: string; problems: Problem[]; totals: Map<string, number> }; draft?: QuestionnaireDraft; error?: string };

/** The dry run's own budget: the workbook's, and as much again for the checks. */
export const dryRunSeconds = (limits: ReadLimits) => 2 * limits.seconds;

/**
 * `start` (the process is there) and `end` of each dry run, for who listens. `hold`, when a test
 * sets it, delays the job until it settles: the test then sees the server answer while a dry run
 * is under way, by the order of events and not by a clock.
 */
export const dryRuns = new EventEmitter() as EventEmitter & { hold?: Promise<void> };

const ENTRY = fileURLToPath(new URL('./dry_run_process.ts', import.meta.url));
// tsx by its own path: the server may have been started from any folder.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export async function validateApart(paths: Paths, file: string, request: DeliveryRequest, limits: Partial<ReadLimits> = {}): Promise<Validation> {
  const all = { ...READ_LIMITS, ...limits };
  const seconds = dryRunSeconds(all);
  // Under the command line, the compiled module (bin/compile.js), fresh; otherwise tsx compiles it.
  const compiled = compiledModule(pathToFileURL(ENTRY));
  const child = fork(compiled ? fileURLToPath(compiled) : ENTRY, [], {
    execArgv: [...(compiled ? [] : ['--import', TSX]), `--max-old-space-size=${all.memoryMo}`],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  dryRuns.emit('start', file);
  const refusal = (message: string, hint: string): Validation => ({ accepted: false, refused: new RefusedDelivery(file, [{ message, hint }]) });
  let timedOut = false;
  try {
    const reply = await new Promise<DryRunReply | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, seconds * 1000);
      child.once('message', (message: DryRunReply) => {
        clearTimeout(timer);
        resolve(message);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(undefined);
      });
      void (dryRuns.hold ?? Promise.resolve()).then(() => {
        if (child.connected) child.send({ paths, file, request, limits });
      });
    });
    if (!reply) {
      return timedOut
        ? refusal(`le contrôle du fichier a dépassé ${seconds.toLocaleString('fr-FR')} secondes`, 'Découpez la livraison (par période), ou déposez-la dans la boîte de dépôt du serveur.')
        : refusal('le contrôle du fichier s’est arrêté avant la fin (mémoire dépassée)', 'Découpez la livraison (par période) ou envoyez-la en CSV, plus léger à lire.');
    }
    if (reply.ok) return reply.validation;
    if (reply.refused) return { accepted: false, refused: new RefusedDelivery(reply.refused.file, reply.refused.problems, reply.refused.totals), draft: reply.draft };
    throw new Error(reply.error);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    dryRuns.emit('end', file);
  }
}
