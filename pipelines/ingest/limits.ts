// The limits no delivery may exceed, whatever it claims about itself: a partner's file (inbox,
// command line or browser) is hostile until read. Each limit, when hit, ends in a French refusal
// that says which file, where, and what to do, instead of a process out of memory.

export interface ReadLimits {
  /** Uncompressed size of one entry of a workbook (its XML), in megabytes. */
  entryMo: number;
  /** Uncompressed size of all the entries of a workbook together, in megabytes. */
  totalMo: number;
  /** Compression ratio above which an entry of more than a megabyte is a zip bomb, not a sheet. */
  ratio: number;
  /** Cells of the sheet once laid out, rows that hold something × columns up to the last one used. */
  cells: number;
  /** Seconds a workbook may take to be read. */
  seconds: number;
  /** Heap of the thread that reads a workbook, in megabytes. */
  memoryMo: number;
  /** Longest record of a CSV, in bytes (DuckDB's own reader stops at 2 MB). */
  csvRecordBytes: number;
}

export const READ_LIMITS: ReadLimits = {
  entryMo: 200,
  totalMo: 400,
  ratio: 1000,
  cells: 10_000_000,
  seconds: 120,
  memoryMo: 1024,
  csvRecordBytes: 2 * 1024 * 1024,
};

/** A limit hit while reading a delivery: what was found and what to do, for the refusal. */
export class ReadLimitError extends Error {
  constructor(message: string, readonly hint: string, readonly line?: number) {
    super(message);
    this.name = 'ReadLimitError';
  }
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
