// The process of one dry run (see dry_run_sandbox.ts): it receives the job, answers once, ends.
import type { Paths } from '../config.ts';
import type { ReadLimits } from '../ingest/limits.ts';
import { validateDelivery, type DeliveryRequest } from './dry_run.ts';
import type { DryRunReply } from './dry_run_sandbox.ts';

interface Job {
  paths: Paths;
  file: string;
  request: DeliveryRequest;
  limits: Partial<ReadLimits>;
}

async function run({ paths, file, request, limits }: Job): Promise<DryRunReply> {
  try {
    const validation = await validateDelivery(paths, file, request, limits);
    if (validation.accepted) return { ok: true, validation };
    const { refused } = validation;
    return { ok: false, refused: { file: refused.file, problems: refused.problems, totals: refused.totals }, draft: validation.draft };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

process.once('message', (job: Job) => {
  void run(job).then((reply) => process.send!(reply, undefined, {}, () => process.exit(0)));
});
