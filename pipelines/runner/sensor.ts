// The inbox sensor of `solidata start`: a file dropped in the inbox triggers a plan, which
// ingests it and refreshes everything downstream of it.
import { existsSync, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { log } from '../log.ts';
import { enqueuePlan } from './worker.ts';

/** Watches `inbox` until the returned function is called. */
export function watchInbox(pool: pg.Pool, inbox: string, options: { settle?: number; only?: string[] } = {}): () => void {
  if (!existsSync(inbox)) return () => {};
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(inbox, { recursive: true }, () => {
    clearTimeout(timer);
    // A file being copied fires many events: wait until they settle. Files leaving the inbox
    // (to traites/ or refuses/) fire events too: act on arrivals only.
    timer = setTimeout(() => {
      if (inboxHoldsFiles(inbox)) void enqueuePlan(pool, options.only).then(() => log.step('Nouveau fichier dans la boîte de dépôt : traitement planifié'));
    }, options.settle ?? 1000);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

export function inboxHoldsFiles(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() || (e.isDirectory() && inboxHoldsFiles(path.join(dir, e.name))));
}
