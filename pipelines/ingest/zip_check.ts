// A workbook is a ZIP archive: before any XML of it is parsed, every entry is measured, first by
// what its directory declares, then by inflating it into nothing with a counter, since the
// directory may lie. A 1 MB file that inflates to gigabytes is refused at the limit, having
// never been held in memory.
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { megabytes, ReadLimitError, type ReadLimits } from './limits.ts';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  local: number;
}

const HINT = 'Ouvrez le classeur dans un tableur et enregistrez-le à nouveau (une seule feuille utile, sans lignes ni colonnes vides au-delà du tableau), ou envoyez-le en CSV.';

export async function checkZip(file: string, limits: ReadLimits): Promise<void> {
  const handle = await open(file, 'r');
  try {
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
      throw new ReadLimitError('archive XLSX au répertoire hors norme (ZIP64 ou abîmé)', HINT);
    }
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    const entries: Entry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new ReadLimitError('répertoire de l’archive XLSX abîmé', HINT);
      const nameLength = dir.readUInt16LE(p + 28);
      entries.push({
        method: dir.readUInt16LE(p + 10), compressed: dir.readUInt32LE(p + 20), size: dir.readUInt32LE(p + 24),
        local: dir.readUInt32LE(p + 42), name: dir.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + dir.readUInt16LE(p + 30) + dir.readUInt16LE(p + 32);
    }
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

function checkSize(e: Entry, size: number, compressed: number, entryMax: number, ratio: number): void {
  if (size > entryMax) throw tooBig(`la partie « ${e.name} » du classeur fait plus de ${megabytes(entryMax)} une fois décompressée`);
  if (size > 1024 * 1024 && size > ratio * Math.max(1, compressed)) {
    throw tooBig(`la partie « ${e.name} » du classeur se décompresse ${Math.round(size / Math.max(1, compressed)).toLocaleString('fr-FR')} fois (${megabytes(compressed)} → ${megabytes(size)}) : ce n’est pas un tableau ordinaire`);
  }
}

const tooBig = (message: string) => new ReadLimitError(message, HINT);

/** Inflates an entry into a counter, stopping as soon as it passes `stopAt` bytes. */
async function inflatedSize(handle: Awaited<ReturnType<typeof open>>, e: Entry, stopAt: number): Promise<number> {
  const header = Buffer.alloc(30);
  await handle.read(header, 0, 30, e.local);
  if (header.readUInt32LE(0) !== LOCAL) throw new ReadLimitError(`partie « ${e.name} » du classeur abîmée`, HINT);
  const start = e.local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (e.method === 0) return e.compressed;
  if (e.method !== 8) throw new ReadLimitError(`partie « ${e.name} » compressée par une méthode inconnue (${e.method})`, HINT);
  const inflate = createInflateRaw();
  let size = 0;
  const done = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size >= stopAt) {
        inflate.destroy();
        resolve();
      }
    });
    inflate.on('end', resolve);
    inflate.on('close', resolve);
    inflate.on('error', () => reject(new ReadLimitError(`partie « ${e.name} » du classeur illisible (données compressées abîmées)`, HINT)));
  });
  const CHUNK = 1 << 16;
  const buffer = Buffer.alloc(CHUNK);
  for (let at = 0; at < e.compressed && size < stopAt && !inflate.destroyed; at += CHUNK) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, e.compressed - at), start + at);
    if (bytesRead === 0) break;
    if (!inflate.write(Buffer.from(buffer.subarray(0, bytesRead)))) await drained(inflate);
  }
  if (!inflate.destroyed) inflate.end();
  await done;
  return size;
}

/** Until the stream takes more, or is closed (once past the limit). */
function drained(stream: ReturnType<typeof createInflateRaw>): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
