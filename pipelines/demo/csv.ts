// CSV files written the way partners' tools write them: UTF-8 (with or without BOM) or
// Windows-1252, `;` or `,`, French or ISO dates, decimal comma or point. Rows are gathered into
// large byte chunks written as the next ones fill, so that ten million rows never sit in memory.
import { closeSync, openSync, write } from 'node:fs';
import { promisify } from 'node:util';
import { DateFormatter, frDate, isoDate } from './calendar.ts';

export interface Dialect {
  encoding: 'utf-8' | 'windows-1252';
  bom: boolean;
  delimiter: ';' | ',';
  dates: 'fr' | 'iso';
  decimal: ',' | '.';
  /** Thousands separator of amounts (a spreadsheet's French export puts a no-break space). */
  thousands: '' | '\u00a0' | ' ';
  eol: '\r\n' | '\n';
}

/** A French office tool's export: Windows-1252, `;`, JJ/MM/AAAA, 1 234,50. */
export const FRENCH_WINDOWS: Dialect = { encoding: 'windows-1252', bom: false, delimiter: ';', dates: 'fr', decimal: ',', thousands: '\u00a0', eol: '\r\n' };
/** A business application's export: UTF-8 with BOM (so that Excel reads accents), `;`, JJ/MM/AAAA. */
export const FRENCH_UTF8: Dialect = { encoding: 'utf-8', bom: true, delimiter: ';', dates: 'fr', decimal: ',', thousands: '', eol: '\r\n' };
/** A database or web platform export: UTF-8, `,`, ISO dates, decimal point. */
export const PLAIN_UTF8: Dialect = { encoding: 'utf-8', bom: false, delimiter: ',', dates: 'iso', decimal: '.', thousands: '', eol: '\n' };
/** Open-data style: UTF-8 without BOM, `;`, ISO dates. */
export const OPEN_DATA: Dialect = { encoding: 'utf-8', bom: false, delimiter: ';', dates: 'iso', decimal: '.', thousands: '', eol: '\n' };

// Windows-1252 differs from Latin-1 in 0x80-0x9F: €, ’, œ, — and friends live there.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const CP1252 = new Map<string, number>([...CP1252_HIGH].map((ch, i) => [ch, 0x80 + i]));

/** Writes `text` in Windows-1252 into `out` at `at`; returns the bytes written. */
export function writeWindows1252(text: string, out: Buffer, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) out[at + i] = c;
    else {
      const b = CP1252.get(text[i]);
      if (b === undefined) throw new Error(`caractère « ${text[i]} » impossible à écrire en Windows-1252`);
      out[at + i] = b;
    }
  }
  return text.length;
}

const CHUNK = 4 << 20;
// Room left at the end of a chunk when it is declared full: any row fits in it.
const SLACK = 64 << 10;

/**
 * Rows are encoded straight into a byte chunk (no long string kept alive: ten million rows
 * would keep the garbage collector busy), and a full chunk is written while the next one fills.
 */
export class CsvWriter {
  rows = 0;
  private readonly fd: number;
  private chunk = Buffer.allocUnsafe(CHUNK);
  private spare = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private readonly quoteIf: RegExp;
  readonly date: DateFormatter;

  constructor(readonly file: string, readonly dialect: Dialect, header: string[], days: [number, number]) {
    this.fd = openSync(file, 'w');
    this.quoteIf = new RegExp(`["\\r\\n${dialect.delimiter}]`);
    this.date = new DateFormatter(days[0], days[1], dialect.dates === 'fr' ? frDate : isoDate);
    this.append(`${dialect.bom ? '\ufeff' : ''}${header.map((h) => this.cell(h)).join(dialect.delimiter)}${dialect.eol}`);
  }

  /** A text cell, quoted only when it must be. */
  cell(text: string): string {
    return this.quoteIf.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }

  /** A date cell, or empty. */
  day(day: number | undefined): string {
    return day === undefined ? '' : this.date.text(day);
  }

  /**
   * A number with the dialect's decimal mark and, from 1 000 on, its thousands separator; whole
   * numbers without decimals; `cents` keeps two decimals as amounts are written (12,50).
   */
  number(value: number | undefined, decimals = 2, cents = false): string {
    if (value === undefined) return '';
    let [whole, fraction] = value.toFixed(decimals).split('.');
    if (this.dialect.thousands && whole.length > 3) whole = whole.replace(/\B(?=(\d{3})+$)/g, this.dialect.thousands);
    if (!fraction || /^0+$/.test(fraction)) return whole;
    return `${whole}${this.dialect.decimal}${cents ? fraction : fraction.replace(/0+$/, '')}`;
  }

  /**
   * A row of cells already formatted (see `cell`), joined by the delimiter: the hot loops build
   * it directly. Says when the chunk is full and `flush` is due (no promise per row).
   */
  push(cells: string): boolean {
    this.append(cells + this.dialect.eol);
    this.rows++;
    return this.used >= this.chunk.length - SLACK;
  }

  async line(cells: string): Promise<void> {
    if (this.push(cells)) await this.flush();
  }

  async row(cells: string[]): Promise<void> {
    await this.line(cells.join(this.dialect.delimiter));
  }

  private append(text: string): void {
    // Three bytes per character at most: the exact length is worked out only near the end of a chunk.
    const room = this.chunk.length - this.used;
    const need = room >= 3 * text.length ? 0 : this.dialect.encoding === 'utf-8' ? Buffer.byteLength(text) : text.length;
    if (need > room) {
      // A caller that did not flush: grow rather than lose bytes.
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.chunk.length, this.used + need));
      this.chunk.copy(bigger, 0, 0, this.used);
      this.chunk = bigger;
    }
    this.used += this.dialect.encoding === 'utf-8' ? this.chunk.write(text, this.used, 'utf8') : writeWindows1252(text, this.chunk, this.used);
  }

  async flush(): Promise<void> {
    // The chunk written last is on disk once `pending` settles: then it can be filled again.
    await this.pending;
    if (this.failure) throw this.failure;
    if (this.used === 0) return;
    const full = this.chunk.subarray(0, this.used);
    [this.chunk, this.spare] = [this.spare, this.chunk];
    this.used = 0;
    this.pending = writeAll(this.fd, full).catch((error: Error) => {
      this.failure = error;
    });
  }

  async close(): Promise<void> {
    await this.flush();
    await this.pending;
    closeSync(this.fd);
    if (this.failure) throw this.failure;
  }
}

const writeChunk = promisify(write);

async function writeAll(fd: number, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length;) done += (await writeChunk(fd, bytes, done, bytes.length - done, null)).bytesWritten;
}
