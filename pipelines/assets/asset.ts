// What an asset is: a named table or artefact, its upstream assets, how it is materialised and
// the checks that must pass before anything downstream may use it.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Paths, Settings } from '../config.ts';

export interface AssetContext {
  paths: Paths;
  settings: Settings;
  runId: string;
  /** The warehouse, opened for this job only (one writer at a time). */
  warehouse(): Promise<DuckDBConnection>;
  /** Says that a stage of a long materialisation begins, in words (kept in its history). */
  stage?(nom: string): Promise<void>;
  /**
   * For an incremental asset: the only months (AAAA-MM) to recompute, those its partitioned
   * sources touched since its last success; absent, everything is recomputed.
   */
  months?: string[];
  /** Asked to recompute from scratch (--complet), even what it could reuse. */
  complet?: boolean;
}

export interface Outcome {
  rows?: number | null;
  /** The deliveries this materialisation read, for lineage. */
  deliveries?: unknown[];
  /** For a partitioned asset: the partitions (months AAAA-MM) whose rows it wrote. */
  partitions?: string[];
}

export interface Check {
  name: string;
  /** A SQL query that returns the offending rows; none means the check passed. */
  sql: string;
  message: string;
  /** An error stops everything downstream; a warning is only recorded and published. Default: error. */
  severity?: 'erreur' | 'avertissement';
  /**
   * The same check over the rows of these months only, sound when the other rows passed it at the
   * asset's last success and have not changed since (the runner says which months did).
   */
  forMonths?: (months: string[]) => string;
}

export interface Asset {
  name: string;
  description: string;
  upstream: string[];
  /** For a TypeScript asset (no SQL header): the meaning of its columns, for docs/modeles.md. */
  columns?: Record<string, string>;
  /** Other tables it writes besides its own, which SQL models may name as their upstream. */
  provides?: string[];
  /** Changes whenever what the asset computes changes, which makes it stale. */
  codeHash: string;
  checks: Check[];
  /** Neither reads nor writes the warehouse: may run on any worker, beside warehouse jobs. */
  anyWorker?: boolean;
  /** Its rows belong to months: the history keeps which months each materialisation wrote. */
  partitioned?: 'mois';
  /**
   * Recomputes only the months its partitioned sources touched (the runner says which, in
   * `AssetContext.months`): its rows of month m depend on the source rows of month m alone, and
   * on unpartitioned assets whose change makes the runner recompute everything.
   */
  incremental?: boolean;
  /** A source asset: it changed only if it loaded a delivery (its `deliveries`). */
  loadsDeliveries?: boolean;
  /** Warn when the row count moves by more than this share since the last success. */
  rowCountChangeWarning?: number;
  materialise(ctx: AssetContext): Promise<Outcome>;
  /** Stale for a reason of its own (files waiting in the inbox, an output file missing). */
  pending?(ctx: Pick<AssetContext, 'paths' | 'settings'>): boolean;
}

/** The assets and how they depend on one another (built by graph.ts, passed to whoever needs it). */
export interface Graph {
  assets: Map<string, Asset>;
  /** Every asset after all of its upstream assets. */
  order: string[];
  downstream(name: string): string[];
  upstream(name: string): string[];
}
