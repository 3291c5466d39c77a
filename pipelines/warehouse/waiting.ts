// Who waits for a DuckDB file held for writing by another process. A job runner keeps the
// warehouse open from one job to the next (opening and closing it costs a tenth of a second or
// more, thirty times per delivery); a process that finds it locked says that it waits, with a
// file beside it named for its process, and the runner lets go at the end of its current job.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Says that this process waits for `file`, until the returned function is called. */
export function sayWaiting(file: string): () => void {
  const own = `${file}.attente-${process.pid}`;
  try {
    writeFileSync(own, '', { mode: 0o600 });
  } catch {
    // A folder this process may not write: it waits all the same, for the runner's idle pause.
    return () => {};
  }
  return () => rmSync(own, { force: true });
}

/** Whether a live process other than this one waits for `file`. */
export function othersWaiting(file: string): boolean {
  const prefix = `${path.basename(file)}.attente-`;
  let names: string[];
  try {
    names = readdirSync(path.dirname(file));
  } catch {
    return false;
  }
  return names.filter((n) => n.startsWith(prefix)).some((n) => {
    const pid = Number(n.slice(prefix.length));
    if (!Number.isInteger(pid) || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // Gone (a crash left its file): not waiting. EPERM: alive, another user's.
      if ((error as NodeJS.ErrnoException).code === 'EPERM') return true;
      rmSync(path.join(path.dirname(file), n), { force: true });
      return false;
    }
  });
}
