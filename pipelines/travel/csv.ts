// A small RFC 4180 reader for GTFS files and the coverage inputs: quoted cells, doubled quotes,
// line breaks inside quotes, CRLF, a UTF-8 BOM. Each record keeps the line a text editor shows
// at its start, so that errors can name it.

export interface CsvTable {
  header: string[];
  /** One array of cells per record, in file order. */
  records: string[][];
  /** The editor line where each record starts (the header is line 1). */
  lines: number[];
}

export function parseCsv(text: string, delimiter = ','): CsvTable {
  const sep = delimiter.charCodeAt(0);
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let line = 1;
  let rowLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let atRowStart = true;
  while (i <= n) {
    if (atRowStart) {
      rowLine = line;
      atRowStart = false;
    }
    let cell: string;
    if (text.charCodeAt(i) === 0x22) {
      // Quoted cell: runs to the next lone quote, whatever it holds.
      let out = '';
      let from = ++i;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) {
          out += text.slice(i);
          i = n;
          break;
        }
        if (text.charCodeAt(q + 1) === 0x22) {
          out += text.slice(i, q + 1);
          i = from = q + 2;
          continue;
        }
        out += text.slice(i, q);
        i = q + 1;
        break;
      }
      for (let k = 0; k < out.length; k++) if (out.charCodeAt(k) === 0x0a) line++;
      // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
      let j = i;
      while (j < n && text.charCodeAt(j) !== sep && text.charCodeAt(j) !== 0x0a && text.charCodeAt(j) !== 0x0d) j++;
      cell = out + text.slice(i, j);
      i = j;
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === sep || c === 0x0a || c === 0x0d) break;
        j++;
      }
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === sep) {
      i++;
      continue;
    }
    // End of record (or of text).
    if (c === 0x0d) i++;
    if (i < n && text.charCodeAt(i) === 0x0a) i++;
    line++;
    if (!(row.length === 1 && row[0] === '')) {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
    atRowStart = true;
    if (c === -1) break;
  }
  const [header = [], ...records] = rows;
  lines.shift();
  return { header: header.map((h) => h.trim()), records, lines };
}

/** Bytes to text: UTF-8 (BOM dropped), or Windows-1252 when the bytes are not valid UTF-8. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    // stream: true — Node 20's one-shot windows-1252 decode drops 0x80–0x9F (’ œ €).
    return new TextDecoder('windows-1252').decode(bytes, { stream: true });
  }
}

/** ';' or ',', whichever the header line holds more of outside quotes. */
export function guessDelimiter(text: string): ';' | ',' {
  const first = text.replace(/"(?:[^"]|"")*"/g, '""').split(/\r?\n/, 1)[0] ?? '';
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}
