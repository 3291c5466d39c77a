// Reading and writing ZIP archives with node:zlib alone: GTFS feeds come zipped, and no
// dependency (nor an `unzip` program, absent on some machines) is needed for stored and
// deflated entries, ZIP64 included.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  read(): Buffer;
}

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function readZip(data: Buffer, label = 'archive'): ZipEntry[] {
  // The end record sits in the last 22 bytes plus at most 64 KiB of comment.
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ZipError(`${label} n’est pas une archive ZIP lisible (fin d’archive introuvable) : est-elle complète ?`);
  let count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  if ((count === 0xffff || offset === 0xffffffff) && end >= 20 && data.readUInt32LE(end - 20) === EOCD64_LOCATOR) {
    const at = Number(data.readBigUInt64LE(end - 20 + 8));
    if (data.readUInt32LE(at) !== EOCD64) throw new ZipError(`${label} : fin d’archive ZIP64 illisible.`);
    count = Number(data.readBigUInt64LE(at + 32));
    offset = Number(data.readBigUInt64LE(at + 48));
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > data.length || data.readUInt32LE(p) !== CENTRAL) throw new ZipError(`${label} : répertoire de l’archive ZIP abîmé.`);
    const method = data.readUInt16LE(p + 10);
    let compressed = data.readUInt32LE(p + 20);
    let size = data.readUInt32LE(p + 24);
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    let local = data.readUInt32LE(p + 42);
    const name = data.toString('utf8', p + 46, p + 46 + nameLength);
    // ZIP64: the sizes and offset that overflowed 32 bits follow in extra field 0x0001, in this order.
    let x = p + 46 + nameLength;
    const xEnd = x + extraLength;
    while (x + 4 <= xEnd) {
      const id = data.readUInt16LE(x);
      const len = data.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let y = x + 4;
        if (size === 0xffffffff) { size = Number(data.readBigUInt64LE(y)); y += 8; }
        if (compressed === 0xffffffff) { compressed = Number(data.readBigUInt64LE(y)); y += 8; }
        if (local === 0xffffffff) local = Number(data.readBigUInt64LE(y));
      }
      x += 4 + len;
    }
    p = xEnd + commentLength;
    if (name.endsWith('/')) continue;
    entries.push({
      name,
      read() {
        if (data.readUInt32LE(local) !== LOCAL) throw new ZipError(`${label} : entrée ${name} abîmée.`);
        const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
        const raw = data.subarray(start, start + compressed);
        if (method === 0) return Buffer.from(raw);
        if (method === 8) return inflateRawSync(raw);
        throw new ZipError(`${label} : l’entrée ${name} est compressée par une méthode non prise en charge (${method}) ; recompressez l’archive en ZIP standard (deflate).`);
      },
    });
  }
  return entries;
}

/** A ZIP archive of deflated files (no ZIP64: for feeds and test fixtures well under 4 GiB). */
export function writeZip(files: { name: string; data: Buffer | string }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
    const packed = deflateRawSync(data);
    const name = Buffer.from(f.name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
