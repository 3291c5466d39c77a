// Moving a folder into place, across file systems too.
import { cpSync, renameSync, rmSync } from 'node:fs';

/** A rename, or a copy then removal when the two places are on different file systems (a shared folder, a temporary disk). */
export function moveDir(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true });
    rmSync(from, { recursive: true, force: true });
  }
}
