// What is already loaded for a source, to say before confirmation whether a delivery replaces
// one (same producer and period) or adds a period: the published list of deliveries, read-only (it
// is swapped in whole by a rename, so reading it never stands in the warehouse's writer's way),
// completed by the history of loads in Postgres for what was loaded since the last publication.
import { existsSync, statSync } from 'node:fs';
import type pg from 'pg';
import type { Paths } from '../config.ts';
import { openDatabase, queryRows } from '../warehouse/duckdb.ts';

export interface LoadedDelivery {
  producteur: string;
  periode: string;
  lignes: number;
  /** When it was loaded. */
  le: Date;
  fichier?: string;
}

export interface Loaded {
  deliveries: LoadedDelivery[];
  /** For a consultation: the years with answers of each questionnaire published. */
  questionnaireYears: Map<string, string[]>;
}

export async function loadedDeliveries(pool: pg.Pool, paths: Paths, source: string): Promise<Loaded> {
  const byKey = new Map<string, LoadedDelivery>();
  // A later load of the same producer and period replaces the earlier one.
  const keep = (d: LoadedDelivery) => byKey.set(`${d.producteur}\u0000${d.periode}`, d);
  const questionnaireYears = new Map<string, string[]>();
  const publishedAt = existsSync(paths.published) ? statSync(paths.published).mtime : new Date(0);
  if (existsSync(paths.published)) {
    const db = await openDatabase(paths.published, { readOnly: true });
    try {
      const rows = await queryRows<{ producteur: string; periode: string; lignes: number; le: string; fichier: string }>(db.connection,
        `SELECT producteur, periode, lignes::INTEGER AS lignes, recue_le::VARCHAR AS le, fichier FROM livraisons WHERE active AND source = $source ORDER BY recue_le`, { source });
      for (const r of rows) keep({ ...r, le: new Date(`${r.le.replace(' ', 'T')}Z`) });
      if (source === 'consultation') {
        const years = await queryRows<{ questionnaire: string; annees: string[] }>(db.connection,
          `SELECT questionnaire, list(DISTINCT annee ORDER BY annee) AS annees FROM questions WHERE annee IS NOT NULL GROUP BY 1`);
        for (const y of years) questionnaireYears.set(y.questionnaire, y.annees);
      }
    } finally {
      db.close();
    }
  }
  const { rows } = await pool.query<{ deliveries: { producer?: string; period?: string; rows?: number; unchanged?: boolean }[]; ended_at: Date }>(
    `SELECT deliveries, ended_at FROM solidata.materialisations WHERE asset = $1 AND status = 'success' AND ended_at > $2 ORDER BY ended_at`, [`raw.${source}`, publishedAt]);
  for (const r of rows) {
    for (const d of r.deliveries) {
      if (d.producer && d.period && !d.unchanged) keep({ producteur: d.producer, periode: d.period, lignes: Number(d.rows ?? 0), le: new Date(r.ended_at) });
    }
  }
  return { deliveries: [...byKey.values()].sort((a, b) => a.periode.localeCompare(b.periode) || a.producteur.localeCompare(b.producteur)), questionnaireYears };
}
