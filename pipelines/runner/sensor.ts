// The inbox sensor of `solidata start`: a file dropped in the inbox triggers a plan (given as
// `onArrival`), which ingests it and refreshes everything downstream of it.
import { existsSync, readdirSync, statSync, watch } from 'node:fs';
import path from 'node:path';

/** Calls `onArrival` once files have arrived in `inbox` and stopped changing, until the returned function is called. */
export function watchInbox(inbox: string, onArrival: () => void, settle = 1000): () => void {
  if (!existsSync(inbox)) return () => {};
  let timer: NodeJS.Timeout | undefined;
  let arrived = false;
  const watcher = watch(inbox, { recursive: true }, (_event, name) => {
    // Act on arrivals only: files leaving the inbox (to traites/ or refuses/) fire events too, and
    // some stay there for good (a GTFS feed), so "the inbox holds files" says nothing. Hidden
    // files are copies in progress, renamed when complete.
    if (name && !path.basename(name).startsWith('.') && isFile(path.join(inbox, name))) arrived = true;
    clearTimeout(timer);
    // A file being copied fires many events: wait until they settle.
    timer = setTimeout(() => {
      if (!arrived) return;
      arrived = false;
      onArrival();
    }, settle);
  });
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

const isFile = (file: string) => {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
};

export function inboxHoldsFiles(dir: string): boolean {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some((e) => e.isFile() || (e.isDirectory() && inboxHoldsFiles(path.join(dir, e.name))));
}
