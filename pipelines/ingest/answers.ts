// Load, the consultation's part: its answers one row per answer (free text scrubbed, first names
// said), its questionnaire, and how many respondents an earlier export already gave.
import type { DuckDBConnection } from '@duckdb/node-api';
import { castExpression } from '../contracts/sql.ts';
import { queryRows, sqlString } from '../warehouse/duckdb.ts';
import { scrubSql } from './identifiers.ts';
import type { Layout } from './layout.ts';

/** Consultation answers, one row per answer (one per choice for multiple choice); free text scrubbed. */
export async function loadAnswers(connection: DuckDBConnection, layout: Layout, a: { deliveryId: string; notes: string[] }): Promise<void> {
  const q = layout.questionnaire!;
  const rid = layout.columns.find((c) => c.spec.name === 'reponse_id')!.raw;
  for (const b of layout.questions) {
    const values = b.spec.multiple
      ? `list_transform(string_split(${b.raw}, '|'), x -> ${castExpression({ ...b.spec, multiple: false }, 'trim(x)')})`
      : b.spec.freeText ? `[${scrubSql(b.raw)}]` : `[${castExpression(b.spec, b.raw)}::VARCHAR]`;
    await connection.run(
      `INSERT INTO raw.consultation_reponses SELECT ${sqlString(a.deliveryId)}, ${rid}, ${sqlString(b.question!.id)}, unnest(${values}) FROM incoming_raw WHERE ${b.raw} IS NOT NULL`);
  }
  const free = layout.questions.filter((b) => b.spec.freeText);
  if (free.length > 0) {
    const [{ n }] = await queryRows<{ n: string }>(connection, `SELECT ${free.map((b) => `count(*) FILTER (WHERE ${b.raw} <> ${scrubSql(b.raw)})`).join(' + ')} AS n FROM incoming_raw`);
    a.notes.push(Number(n) > 0
      ? `${n} réponse(s) en texte libre nettoyée(s) : e-mails, téléphones, NIR et adresses remplacés par « [donnée personnelle retirée] ».`
      : 'Aucune donnée personnelle trouvée dans les réponses en texte libre.');
    // A first name is not removed (too many are also words), but said, without repeating it.
    for (const b of free) {
      const [found] = await queryRows<{ n: number; ids: string[] }>(connection,
        `SELECT count(*)::INTEGER AS n, list(${rid} ORDER BY rowid)[1:5] AS ids FROM incoming_raw WHERE solidata_has_first_name(${b.raw})`);
      if (found.n > 0) {
        a.notes.push(`Colonne « ${b.header} » : ${found.n} réponse(s) contiennent un prénom courant (réponse(s) ${found.ids.join(', ')}${found.n > 5 ? '…' : ''}) : vérifiez qu’elles ne nomment personne avant de confirmer (le prénom n’est pas retiré ; les réponses ne sont montrées que là où assez de personnes ont répondu).`);
      }
    }
  }
  await connection.run('DELETE FROM raw.questionnaires WHERE questionnaire = $q', { q: q.questionnaire });
  for (const x of q.questions) {
    const header = layout.questions.find((b) => b.question?.id === x.id)?.header ?? x.id;
    await connection.run('INSERT INTO raw.questionnaires VALUES ($q, $titre, $id, $libelle, $type, $reponses::VARCHAR[], $min, $max)', {
      q: q.questionnaire, titre: q.titre, id: x.id, libelle: x.libelle ?? header.replace(/^\s*Q\d+\s*[-–—:.]\s*/i, ''), type: x.type,
      reponses: JSON.stringify(x.reponses ?? []), min: x.min ?? null, max: x.max ?? null,
    });
  }
}

/**
 * A cumulative re-export of a questionnaire repeats respondents loaded from an earlier export: the
 * warehouse keeps each (questionnaire, reponse_id) once, from the latest export
 * (sql/staging/stg_consultation__repondants.sql); the report says how many were already there.
 */
export async function noteRespondentsAlreadyLoaded(connection: DuckDBConnection, a: { deliveryId: string; notes: string[] }): Promise<void> {
  const [{ n }] = await queryRows<{ n: string }>(connection, `SELECT count(*) AS n FROM raw.consultation AS c
    WHERE c._livraison = $id AND EXISTS (
      SELECT 1 FROM raw.consultation AS o JOIN meta.livraisons AS l ON l.livraison_id = o._livraison AND l.active
      WHERE o._livraison <> $id AND o.questionnaire = c.questionnaire AND o.reponse_id = c.reponse_id)`, { id: a.deliveryId });
  if (Number(n) > 0) {
    a.notes.push(`${Number(n).toLocaleString('fr-FR')} répondant(s) déjà chargé(s) par un export précédent du même questionnaire : cet export les remplace, chacun n’est compté qu’une fois.`);
  }
}
