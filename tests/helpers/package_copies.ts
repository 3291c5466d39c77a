// A data package made from another as if another département had exported it (for the federation's
// tests and bench): its département code rewritten in the data and the descriptor, optionally its
// counts scaled and some of its own cells masked, every file rewritten with its new SHA-256.
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Descriptor } from '../../pipelines/opendata/package.ts';
import { csvSelect } from '../../pipelines/opendata/table_schema.ts';
import { sha256File } from '../../pipelines/publish/editions.ts';
import { openDatabase, sqlIdent, sqlString } from '../../pipelines/warehouse/duckdb.ts';

export interface CopyOptions {
  /** Multiplies counts (effectif, numerator, denominator) so that départements differ. */
  scale?: number;
  /** A SQL condition on the indicateurs table: the département's own cells it matches are masked. */
  maskWhere?: string;
  /** With maskWhere: flag the cells secret but leave their values (a package that leaks them). */
  keepMaskedValues?: boolean;
  /** A GeoJSON file of the département's communes (property `code`): its contours replace the copied ones, for a map. */
  contours?: string;
}

export async function copyPackageAs(src: string, dest: string, code: string, nom: string, options: CopyOptions = {}): Promise<Descriptor> {
  cpSync(src, dest, { recursive: true });
  const descriptor = JSON.parse(readFileSync(path.join(src, 'datapackage.json'), 'utf8')) as Descriptor;
  const old = descriptor.producteur.code;
  const db = await openDatabase(':memory:');
  const c = db.connection;
  try {
    await c.run("SET TimeZone = 'UTC'");
    for (const r of descriptor.resources.filter((x) => x.format === 'csv')) {
      const fields = r.schema!.fields;
      const names = new Set(fields.map((f) => f.name));
      const own = `(niveau = 'departement' AND code = ${sqlString(old)})`;
      const select = fields.map((f) => {
        const id = sqlIdent(f.name);
        if (f.name === 'code_departement') return `CASE WHEN ${id} = ${sqlString(old)} THEN ${sqlString(code)} ELSE ${id} END AS ${id}`;
        if (names.has('niveau') && f.name === 'code') return `CASE WHEN ${own} THEN ${sqlString(code)} ELSE code END AS code`;
        if (names.has('niveau') && f.name === 'libelle') return `CASE WHEN ${own} THEN ${sqlString(nom)} ELSE libelle END AS libelle`;
        if (r.name === 'indicateurs') {
          const flagged = options.maskWhere ? `(${own} AND (${options.maskWhere}))` : 'false';
          if (f.name === 'secret') return `secret OR ${flagged} AS secret`;
          const masked = options.keepMaskedValues ? 'false' : flagged;
          const scale = options.scale ?? 1;
          if (['effectif'].includes(f.name)) return `CASE WHEN ${masked} THEN NULL ELSE round(${id} * ${scale})::BIGINT END AS ${id}`;
          if (['numerateur', 'denominateur'].includes(f.name)) return `CASE WHEN ${masked} THEN NULL ELSE ${id} * ${scale} END AS ${id}`;
          // A count's value is its number of people: scaled with it.
          if (f.name === 'valeur') return `CASE WHEN ${masked} THEN NULL WHEN valeur = effectif THEN round(valeur * ${options.scale ?? 1}) ELSE valeur END AS valeur`;
        }
        return id;
      });
      if (r.name === 'contours' && options.contours) {
        await c.run(`CREATE TABLE contours AS SELECT json_extract_string(f, '$.properties.code') AS code_commune, json_extract_string(f, '$.properties.code') AS code_contour,
          json_extract(f, '$.geometry')::VARCHAR AS geometrie FROM (SELECT unnest(json_extract(content, '$.features[*]')) AS f FROM read_text(${sqlString(options.contours)}))`);
      } else {
        await c.run(`CREATE TABLE ${sqlIdent(r.name)} AS SELECT ${select.join(', ')} FROM read_parquet(${sqlString(path.join(src, 'parquet', `${r.name}.parquet`))})`);
      }
      const columns = fields.map((f) => ({ name: f.name, type: f.duckdb_type, description: '' }));
      await c.run(`COPY (${csvSelect(r.name, columns)}) TO ${sqlString(path.join(dest, r.path))} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"')`);
      await c.run(`COPY ${sqlIdent(r.name)} TO ${sqlString(path.join(dest, 'parquet', `${r.name}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`);
    }
  } finally {
    db.close();
  }
  for (const r of descriptor.resources) {
    r.hash = `sha256:${await sha256File(path.join(dest, r.path))}`;
    r.bytes = statSync(path.join(dest, r.path)).size;
  }
  const copy: Descriptor = {
    ...descriptor,
    name: `solidata-${code.toLowerCase()}`,
    title: descriptor.title.replace(`${descriptor.producteur.nom} (${old})`, `${nom} (${code})`),
    producteur: { ...descriptor.producteur, code, nom },
    couverture: { ...descriptor.couverture, spatiale: { ...descriptor.couverture.spatiale, code, nom } },
    contributors: [{ title: `Département ${nom} (${code})`, role: 'publisher' }],
  };
  writeFileSync(path.join(dest, 'datapackage.json'), JSON.stringify(copy, null, 2) + '\n');
  return copy;
}
