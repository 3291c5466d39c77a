// A workbook is a ZIP archive: before any XML of it is parsed, every entry is measured, first by
// what its directory declares, then by inflating it into nothing with a counter, since the
// directory may lie. A 1 MB file that inflates to gigabytes is refused at the limit, having
// never been held in memory.
import { open } from 'node:fs/promises';
import { megabytes, ReadLimitError, type ReadLimits } from './limits.ts';
import { entryData, ZIP_HINT, zipEntries, type ZipEntry } from './zip_archive.ts';

export async function checkZip(file: string, limits: ReadLimits): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const entries = await zipEntries(handle);
    const entryMax = limits.entryMo * 1024 * 1024;
    const totalMax = limits.totalMo * 1024 * 1024;
    let total = 0;
    for (const e of entries) {
      checkSize(e, e.size, e.compressed, entryMax, limits.ratio);
      total += e.size;
      if (total > totalMax) throw tooBig(`le classeur décompressé dépasse ${limits.totalMo} Mo`);
    }
    // The directory said it is small; the data must say so too.
    let real = 0;
    for (const e of entries) {
      if (e.name.endsWith('/')) continue;
      const inflated = await inflatedSize(handle, e, entryMax + 1);
      checkSize(e, inflated, e.compressed, entryMax, limits.ratio);
      real += inflated;
      if (real > totalMax) throw tooBig(`le classeur décompressé dépasse ${limits.totalMo} Mo`);
    }
  } finally {
    await handle.close();
  }
}

function checkSize(e: ZipEntry, size: number, compressed: number, entryMax: number, ratio: number): void {
  if (size > entryMax) throw tooBig(`la partie « ${e.name} » du classeur fait plus de ${megabytes(entryMax)} une fois décompressée`);
  if (size > 1024 * 1024 && size > ratio * Math.max(1, compressed)) {
    throw tooBig(`la partie « ${e.name} » du classeur se décompresse ${Math.round(size / Math.max(1, compressed)).toLocaleString('fr-FR')} fois (${megabytes(compressed)} → ${megabytes(size)}) : ce n’est pas un tableau ordinaire`);
  }
}

const tooBig = (message: string) => new ReadLimitError(message, ZIP_HINT);

/** Inflates an entry into a counter, stopping as soon as it passes `stopAt` bytes. */
async function inflatedSize(handle: Awaited<ReturnType<typeof open>>, e: ZipEntry, stopAt: number): Promise<number> {
  if (e.method === 0) return e.compressed;
  const data = entryData(handle, e);
  let size = 0;
  try {
    for await (const chunk of data) {
      size += (chunk as Buffer).length;
      if (size >= stopAt) break;
    }
  } catch (error) {
    if (error instanceof ReadLimitError) throw error;
    throw new ReadLimitError(`partie « ${e.name} » du classeur illisible (données compressées abîmées)`, ZIP_HINT);
  } finally {
    data.destroy();
  }
  return size;
}
