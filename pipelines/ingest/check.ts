// Row checks compiled from the contract to SQL, so that large files are checked by DuckDB and
// never turned into JavaScript objects. Every problem names its line and column.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec } from '../contracts/columns.ts';
import type { Contract } from '../contracts/contract.ts';
import { castExpression, rawCell } from '../contracts/sql.ts';
import { queryRows, sqlIdent, sqlString } from '../warehouse/duckdb.ts';
import type { Problem } from './problems.ts';

const EXAMPLES_PER_CHECK = 5;

const expected = (c: ColumnSpec): string => {
  if (c.values) return `valeurs admises : ${c.values.join(', ')}`;
  if (c.pattern) return 'attendu : un code INSEE de commune à 5 caractères (ex. 41018, 2A004)';
  switch (c.duckType) {
    case 'DATE': return 'attendu : une date JJ/MM/AAAA ou AAAA-MM-JJ';
    case 'INTEGER': return 'attendu : un nombre entier';
    case 'DOUBLE': return 'attendu : un nombre (virgule ou point décimal)';
    default: return 'attendu : un texte';
  }
};

export function checkHeader(contract: Contract, header: string[]): Problem[] {
  const problems: Problem[] = [];
  const missing = contract.columns.filter((c) => !header.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    problems.push({
      line: 1,
      message: `colonnes manquantes : ${missing.join(', ')}.`,
      hint: `La première ligne doit nommer les colonnes du format « ${contract.source} » : ${contract.columns.map((c) => c.name).join(', ')}.`,
    });
  }
  const seen = new Set<string>();
  header.forEach((h) => {
    if (seen.has(h)) problems.push({ line: 1, column: h, message: 'colonne en double.', hint: 'Gardez une seule colonne de ce nom.' });
    seen.add(h);
  });
  return problems;
}

/** Checks each cell of the temporary table `incoming_raw` (all text, with its `_ligne`). */
export async function checkRows(connection: DuckDBConnection, contract: Contract): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const c of contract.columns) {
    const raw = rawCell(c.name);
    const failures = [
      c.nullable ? undefined : { when: `${raw} IS NULL`, message: () => 'valeur manquante.' },
      { when: `${raw} IS NOT NULL AND ${castExpression(c)} IS NULL`, message: (v: string) => `« ${v} » n’est pas valide (${expected(c)}).` },
      c.pattern && { when: `${raw} IS NOT NULL AND NOT regexp_full_match(${raw}, ${sqlString(c.pattern.source.replace(/^\^|\$$/g, ''))})`, message: (v: string) => `« ${v} » n’est pas valide (${expected(c)}).` },
      c.values && { when: `${raw} IS NOT NULL AND lower(${raw}) NOT IN (${c.values.map(sqlString).join(', ')})`, message: (v: string) => `« ${v} » n’est pas une valeur admise (${expected(c)}).` },
    ].filter((f): f is { when: string; message: (v: string) => string } => Boolean(f));
    for (const failure of failures) {
      const rows = await queryRows<{ _ligne: number; v: string | null; n: number }>(
        connection,
        `SELECT _ligne, ${sqlIdent(c.name)} AS v, count(*) OVER () AS n FROM incoming_raw WHERE ${failure.when} ORDER BY _ligne LIMIT ${EXAMPLES_PER_CHECK}`,
      );
      for (const row of rows) {
        problems.push({ line: Number(row._ligne), column: c.name, message: failure.message(row.v ?? ''), hint: 'Corrigez la cellule et renvoyez le fichier entier.' });
      }
      const total = rows.length > 0 ? Number(rows[0].n) : 0;
      if (total > rows.length) {
        problems.push({ column: c.name, message: `${total - rows.length} autres lignes ont le même problème.`, hint: '' });
      }
    }
  }
  return problems.concat(await checkKey(connection, contract));
}

async function checkKey(connection: DuckDBConnection, contract: Contract): Promise<Problem[]> {
  const key = contract.key.map(sqlIdent).join(', ');
  const rows = await queryRows<{ lignes: number[]; k: string }>(
    connection,
    `SELECT concat_ws(' / ', ${key}) AS k, list(_ligne ORDER BY _ligne)[1:5] AS lignes FROM incoming_raw GROUP BY ${key} HAVING count(*) > 1 ORDER BY min(_ligne) LIMIT ${EXAMPLES_PER_CHECK}`,
  );
  return rows.map((r) => ({
    line: Number(r.lignes[1]),
    column: contract.key.join(', '),
    message: `l’identifiant « ${r.k} » figure déjà ligne ${r.lignes[0]} (lignes ${r.lignes.join(', ')}).`,
    hint: 'Chaque ligne doit avoir un identifiant unique : supprimez les doublons.',
  }));
}
