// The thread of one dry run (see dry_run_sandbox.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { Paths } from '../config.ts';
import type { ReadLimits } from '../ingest/limits.ts';
import { validateDelivery, type DeliveryRequest } from './dry_run.ts';
import type { DryRunReply } from './dry_run_sandbox.ts';

const { paths, file, request, limits, hold } = workerData as { paths: Paths; file: string; request: DeliveryRequest; limits: Partial<ReadLimits>; hold?: Int32Array };

async function run(): Promise<DryRunReply> {
  if (hold) Atomics.wait(hold, 0, 0);
  try {
    const validation = await validateDelivery(paths, file, request, limits);
    if (validation.accepted) return { ok: true, validation };
    const { refused } = validation;
    return { ok: false, refused: { file: refused.file, problems: refused.problems, totals: refused.totals } };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

parentPort!.postMessage(await run());
