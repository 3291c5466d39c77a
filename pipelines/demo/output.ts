// Where deliveries go: one folder per source (as in the inbox), one file per delivery named
// <source>_<producteur>_<periode>.<ext>. A file is written under a hidden name and renamed
// when complete, so that a running `solidata start` never picks up half a file.
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

export interface Written {
  source: string;
  producteur: string;
  periode: string;
  file: string;
  rows: number;
  bytes: number;
}

export class Output {
  readonly written: Written[] = [];

  constructor(readonly dir: string) {}

  /** The hidden path to write to; `commit` gives it its real name. */
  start(source: string, name: string): string {
    const folder = path.join(this.dir, source);
    mkdirSync(folder, { recursive: true });
    const partial = path.join(folder, `.${name}.partiel`);
    rmSync(partial, { force: true });
    return partial;
  }

  discard(partial: string): void {
    rmSync(partial, { force: true });
  }

  commit(partial: string, w: Omit<Written, 'file' | 'bytes'>): Written {
    const file = path.join(path.dirname(partial), path.basename(partial).replace(/^\./, '').replace(/\.partiel$/, ''));
    renameSync(partial, file);
    const done = { ...w, file, bytes: statSync(file).size };
    this.written.push(done);
    return done;
  }
}

export const deliveryName = (source: string, producteur: string, periode: string, ext: 'csv' | 'xlsx') => `${source}_${producteur}_${periode}.${ext}`;
