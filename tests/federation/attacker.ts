// The attacker of the secrecy issue against a federation: they read every département's published
// cells and every regional total, and subtract. Whatever is left of a total once the published cells
// are taken away is all they could learn about the masked ones: it must be nothing.
import { openDatabase, queryRows } from '../../pipelines/warehouse/duckdb.ts';

export interface Attack { totals: number; maskedCells: number; leaks: string[] }

export async function subtractPublished(federationDb: string): Promise<Attack> {
  const db = await openDatabase(federationDb, { readOnly: true });
  try {
    const rows = await queryRows<{ k: string; column: string; total: number; published: number; masked: string | null; listed: string | null; caveat: string | null }>(db.connection, `
      WITH cells AS (
        SELECT concat_ws('|', indicateur, periode, dimension, modalite) AS k, departement, secret,
          effectif::DOUBLE AS effectif, numerateur, denominateur FROM indicateurs_departements
      ),
      per_cell AS (
        SELECT k, sum(effectif) FILTER (WHERE NOT secret) AS effectif, sum(numerateur) FILTER (WHERE NOT secret) AS numerateur,
          sum(denominateur) FILTER (WHERE NOT secret) AS denominateur,
          string_agg(departement, ',' ORDER BY departement) FILTER (WHERE secret) AS masked
        FROM cells GROUP BY k
      ),
      totals AS (
        SELECT concat_ws('|', indicateur, periode, dimension, modalite) AS k, effectif::DOUBLE AS effectif, numerateur, denominateur,
          departements_masques AS listed, precaution AS caveat FROM totaux_regionaux
      )
      SELECT t.k, u.col AS column, u.total, u.published, p.masked, t.listed, t.caveat
      FROM totals AS t JOIN per_cell AS p USING (k),
      LATERAL (VALUES ('effectif', t.effectif, p.effectif), ('numerateur', t.numerateur, p.numerateur), ('denominateur', t.denominateur, p.denominateur)) AS u(col, total, published)
      WHERE u.total IS NOT NULL`);
    const leaks: string[] = [];
    let maskedCells = 0;
    for (const r of rows) {
      const left = r.total - (r.published ?? 0);
      if (Math.abs(left) > 1e-6) leaks.push(`${r.k} ${r.column} : reste ${left} une fois les cases publiées soustraites (masquées : ${r.masked})`);
      if (r.masked) {
        maskedCells++;
        if (r.listed !== r.masked || !r.caveat?.includes(`Total sans ${r.masked}`)) leaks.push(`${r.k} : total sans ${r.masked} non signalé (${r.listed}, ${r.caveat})`);
      }
    }
    return { totals: rows.length, maskedCells, leaks };
  } finally {
    db.close();
  }
}
