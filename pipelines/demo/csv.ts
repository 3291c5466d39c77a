// CSV files written the way partners' tools write them: UTF-8 (with or without BOM) or
// Windows-1252, `;` or `,`, French or ISO dates, decimal comma or point. Rows are gathered into
// large chunks and written through a stream, so that ten million rows never sit in memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
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

export function encodeWindows1252(text: string): Buffer {
  // Nothing but ASCII: the common case of a whole chunk.
  if (!/[^\x00-\x7f]/.test(text)) return Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) out[i] = c;
    else {
      const b = CP1252.get(text[i]);
      if (b === undefined) throw new Error(`caractère « ${text[i]} » impossible à écrire en Windows-1252`);
      out[i] = b;
    }
  }
  return out;
}

const CHUNK = 4 << 20;

export class CsvWriter {
  rows = 0;
  private readonly stream: WriteStream;
  private buffer = '';
  private readonly quoteIf: RegExp;
  readonly date: DateFormatter;

  constructor(readonly file: string, readonly dialect: Dialect, header: string[], days: [number, number]) {
    this.stream = createWriteStream(file, { highWaterMark: CHUNK });
    this.quoteIf = new RegExp(`["\\r\\n${dialect.delimiter}]`);
    this.date = new DateFormatter(days[0], days[1], dialect.dates === 'fr' ? frDate : isoDate);
    if (dialect.bom) this.buffer = '\ufeff';
    this.buffer += header.map((h) => this.cell(h)).join(dialect.delimiter) + dialect.eol;
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
   * it directly. Says when the buffer is full and `flush` is due (no promise per row).
   */
  push(cells: string): boolean {
    this.buffer += cells + this.dialect.eol;
    this.rows++;
    return this.buffer.length >= CHUNK;
  }

  async line(cells: string): Promise<void> {
    if (this.push(cells)) await this.flush();
  }

  async row(cells: string[]): Promise<void> {
    await this.line(cells.join(this.dialect.delimiter));
  }

  async flush(): Promise<void> {
    const bytes = this.dialect.encoding === 'utf-8' ? Buffer.from(this.buffer, 'utf8') : encodeWindows1252(this.buffer);
    this.buffer = '';
    if (!this.stream.write(bytes)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}
