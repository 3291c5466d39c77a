// A delivery is named <source>_<producteur>_<periode>.<ext>; options given on the command line
// win. In the inbox folder of a source, the name may leave the source out: <producteur>_<periode>.
// Also what an import of it is told (its options) and what it gives back (its result).
import path from 'node:path';
import { contracts } from '../contracts/index.ts';
import type { ExtraColumns } from './layout.ts';
import type { ReadLimits } from './limits.ts';

export interface DeliveryName {
  source?: string;
  producteur?: string;
  periode?: string;
}

/** A year, a month (2025-03), a half-year (2025-S1) or a quarter (2025-T2). */
export const PERIOD = /^\d{4}(?:-(?:0[1-9]|1[0-2]|S[12]|T[1-4]))?$/;

export function parseDeliveryName(file: string, knownSource?: string): DeliveryName {
  const stem = path.basename(file).replace(/\.(csv|txt|xlsx)$/i, '');
  // Source names contain underscores themselves (sls_demandes): match the longest known one.
  const source = Object.keys(contracts)
    .sort((a, b) => b.length - a.length)
    .find((s) => stem === s || stem.startsWith(`${s}_`));
  if (!source && !knownSource) return {};
  const rest = (source && (!knownSource || source === knownSource) ? stem.slice(source.length + 1) : stem).split('_').filter(Boolean);
  const periode = rest.length > 0 && PERIOD.test(rest[rest.length - 1]) ? rest.pop() : undefined;
  const producteur = rest.length > 0 ? rest.join('_') : undefined;
  return { source: knownSource ?? source, producteur, periode };
}

export interface ImportOptions extends DeliveryName {
  /** Date of the data (AAAA-MM-JJ or JJ/MM/AAAA); else the latest date found in the file. */
  dateExtraction?: string;
  /** Secret key for re-hashing pseudonyms. */
  pseudonymKey: string;
  tmpDir: string;
  /** Where questionnaire descriptions are kept (consultation). */
  questionnairesDir?: string;
  /** A questionnaire description to use rather than looking one up. */
  questionnaire?: string;
  /** Columns the format does not declare, in a person-level file: refused unless 'ignore'. */
  extraColumns?: ExtraColumns;
  /** The limits of reading (tests shrink them); READ_LIMITS by default. */
  limits?: Partial<ReadLimits>;
}

export interface ImportResult {
  deliveryId: string;
  source: string;
  /** The producer and the period of the delivery (columns `producteur`, `periode` of meta.livraisons). */
  producer: string;
  period: string;
  /** Rows loaded. */
  rows: number;
  /** The date of the data: the extraction date given, else the latest date in the file. */
  extractionDate: string | null;
  /** Earlier deliveries of the same source, producer and period now replaced. */
  replaced: number;
  /** The months (AAAA-MM) the rows of the replaced deliveries fell in, for a source partitioned by month. */
  replacedMonths?: string[];
  /** The very same file was already loaded: nothing changed. */
  unchanged: boolean;
  notes: string[];
}

/**
 * An ImportResult read back from Postgres (an upload's summary, a job's history). Records written
 * before its fields were named in English (livraisonId, producteur, periode, lignes, dateExtraction,
 * remplace, inchange) read the same, so that an upload validated before an upgrade and confirmed
 * after shows its figures.
 */
export function storedImportResult(stored: unknown): ImportResult | undefined {
  if (!stored || typeof stored !== 'object') return undefined;
  const r = stored as Record<string, unknown>;
  const pick = (english: string, french: string) => r[english] ?? r[french];
  return {
    deliveryId: String(pick('deliveryId', 'livraisonId') ?? ''),
    source: String(r.source ?? ''),
    producer: String(pick('producer', 'producteur') ?? ''),
    period: String(pick('period', 'periode') ?? ''),
    rows: Number(pick('rows', 'lignes') ?? 0),
    extractionDate: (pick('extractionDate', 'dateExtraction') ?? null) as string | null,
    replaced: Number(pick('replaced', 'remplace') ?? 0),
    unchanged: Boolean(pick('unchanged', 'inchange') ?? false),
    notes: Array.isArray(r.notes) ? r.notes.map(String) : [],
  };
}
