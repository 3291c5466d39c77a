// Direct identifiers must never enter the warehouse. Person-level files are scanned, header and
// content; the report names the column and lines but never repeats the values.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Contract } from '../contracts/contract.ts';
import { rawCell } from '../contracts/sql.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import type { Problem } from './problems.ts';

const IDENTIFYING_HEADERS = /^(nom|nom_usage|nom_naissance|prenom|prénom|prenoms|nir|numero_secu|num_secu|securite_sociale|email|e-mail|mail|courriel|telephone|téléphone|tel|portable|adresse|adresse_postale|rue)$/;

const CONTENT: { kind: string; pattern: string }[] = [
  { kind: 'une adresse e-mail', pattern: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}' },
  { kind: 'un numéro de téléphone', pattern: '(^|[^0-9])(\\+33 ?|0)[1-9]([ .-]?[0-9]{2}){4}([^0-9]|$)' },
  { kind: 'un NIR (numéro de sécurité sociale)', pattern: '(^|[^0-9])[12] ?[0-9]{2} ?(0[1-9]|1[0-2]) ?([0-9]{2}|2A|2B) ?[0-9]{3} ?[0-9]{3}( ?[0-9]{2})?([^0-9]|$)' },
  { kind: 'une adresse postale', pattern: '[0-9]{1,4}( ?(bis|ter))?,? (rue|avenue|av\\.|boulevard|bd|chemin|impasse|allée|place|route|quai) ' },
];

export async function scanIdentifiers(connection: DuckDBConnection, contract: Contract, header: string[]): Promise<Problem[]> {
  if (!contract.personLevel) return [];
  const problems: Problem[] = [];
  for (const h of header.filter((h) => IDENTIFYING_HEADERS.test(h))) {
    problems.push({
      identifying: true,
      line: 1,
      column: h,
      message: 'cette colonne contient des données directement identifiantes, interdites dans l’entrepôt.',
      hint: 'Retirez la colonne du fichier (les personnes n’y figurent que par leur pseudonyme) et renvoyez-le.',
    });
  }
  for (const column of header) {
    for (const { kind, pattern } of CONTENT) {
      const rows = await queryRows<{ lignes: number[]; n: number }>(
        connection,
        `SELECT list(_ligne ORDER BY _ligne)[1:10] AS lignes, count(*) AS n FROM incoming_raw
         WHERE regexp_matches(${rawCell(column)}, ${sqlString(pattern)}, 'i') HAVING count(*) > 0`,
      );
      if (rows.length > 0) {
        problems.push({
          identifying: true,
          line: Number(rows[0].lignes[0]),
          column,
          message: `${rows[0].n} cellule(s) semblent contenir ${kind} (lignes ${rows[0].lignes.join(', ')}${Number(rows[0].n) > 10 ? '…' : ''}).`,
          hint: 'Les fichiers ne doivent contenir aucune donnée identifiante : supprimez-la à la source et renvoyez le fichier.',
        });
      }
    }
  }
  return problems;
}
