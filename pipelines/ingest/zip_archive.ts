// A workbook's ZIP archive read by its central directory: the list of its parts, and any part's
// data, inflated as it is read. Reading by the directory (not by scanning the archive in order)
// lets a reader take the parts it needs in the order it needs them, whatever order they were
// written in, without copying any to disk.
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { ReadLimitError } from './limits.ts';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 1 << 16;

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  local: number;
}

export const ZIP_HINT = 'Ouvrez le classeur dans un tableur et enregistrez-le à nouveau (une seule feuille utile, sans lignes ni colonnes vides au-delà du tableau), ou envoyez-le en CSV.';

/** The archive's parts, as its central directory lists them. */
export async function zipEntries(handle: FileHandle): Promise<ZipEntry[]> {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  let end = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ReadLimitError('ce n’est pas un classeur XLSX lisible (archive incomplète ou d’un autre format)', 'Enregistrez le fichier au format XLSX (Classeur Excel) ou CSV et envoyez-le à nouveau.');
  const count = tail.readUInt16LE(end + 10);
  const dirSize = tail.readUInt32LE(end + 12);
  const dirOffset = tail.readUInt32LE(end + 16);
  // ZIP64 markers: no workbook of a partner needs 4 GB or 65,535 parts.
  if (count === 0xffff || dirOffset === 0xffffffff || dirOffset + dirSize > size) {
    throw new ReadLimitError('archive XLSX au répertoire hors norme (ZIP64 ou abîmé)', ZIP_HINT);
  }
  const dir = Buffer.alloc(dirSize);
  await handle.read(dir, 0, dirSize, dirOffset);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new ReadLimitError('répertoire de l’archive XLSX abîmé', ZIP_HINT);
    const nameLength = dir.readUInt16LE(p + 28);
    entries.push({
      method: dir.readUInt16LE(p + 10), compressed: dir.readUInt32LE(p + 20), size: dir.readUInt32LE(p + 24),
      local: dir.readUInt32LE(p + 42), name: dir.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
  }
  return entries;
}

/** A part's stored bytes, chunk by chunk. */
async function* storedChunks(handle: FileHandle, e: ZipEntry): AsyncGenerator<Buffer> {
  const header = Buffer.alloc(30);
  await handle.read(header, 0, 30, e.local);
  if (header.readUInt32LE(0) !== LOCAL) throw new ReadLimitError(`partie « ${e.name} » du classeur abîmée`, ZIP_HINT);
  const start = e.local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  for (let at = 0; at < e.compressed; at += CHUNK) {
    const buffer = Buffer.alloc(Math.min(CHUNK, e.compressed - at));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start + at);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

/** A part's data, inflated as it is read (the caller measured the archive first: zip_check.ts). */
export function entryData(handle: FileHandle, e: ZipEntry): Readable {
  if (e.method !== 0 && e.method !== 8) throw new ReadLimitError(`partie « ${e.name} » compressée par une méthode inconnue (${e.method})`, ZIP_HINT);
  const stored = Readable.from(storedChunks(handle, e), { objectMode: false });
  if (e.method === 0) return stored;
  const inflate = createInflateRaw();
  stored.on('error', (error) => inflate.destroy(error));
  inflate.on('error', () => stored.destroy());
  return stored.pipe(inflate);
}
