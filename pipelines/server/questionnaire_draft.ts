// A questionnaire description drafted from a consultation export whose questionnaire is not
// registered: one question per column headed « Qn - … », its text from the header, its type and
// admitted answers guessed from the values read in the file. Run inside the dry run's process (the
// file is a partner's, read under the same limits); the person completes the draft in the page.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Contract } from '../contracts/contract.ts';
import { QUESTION_HEADER, questionIdOf, QUESTION_TYPES } from '../contracts/questionnaire.ts';
import { parseDeliveryName } from '../ingest/delivery.ts';
import { identifiersSql, prepareIdentifierMacros } from '../ingest/identifiers.ts';
import { layoutOf } from '../ingest/layout.ts';
import type { ReadLimits } from '../ingest/limits.ts';
import { prepareDelivery, stage } from '../ingest/prepare.ts';
import type { Problem } from '../ingest/problems.ts';
import { queryRows, sqlIdent } from '../warehouse/duckdb.ts';

export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface DraftQuestion {
  id: string;
  /** The column's header as written in the file. */
  colonne: string;
  libelle: string;
  type: QuestionType;
  /** Admitted answers, one per line in the form (choices). */
  reponses: string[];
  min?: number;
  max?: number;
  obligatoire: boolean;
  /** A scale's smallest and largest values read in the file. */
  bornesLues?: [number, number];
  /** Filled cells in the file. */
  remplies: number;
  /** The values were not taken into the draft (free text, or a value that looks like personal data). */
  valeursNonReprises?: boolean;
}

export interface QuestionnaireDraft {
  questionnaire: string;
  titre: string;
  questions: DraftQuestion[];
}

/** More distinct answers than this, or longer ones (one choice of a multiple answer), and a column reads as free text. */
export const MAX_CHOICES = 20;
export const MAX_CHOICE_LENGTH = 80;
/** A column of whole numbers spanning at most this many steps reads as a scale. */
const MAX_SCALE_SPAN = 10;

interface ColumnFacts {
  remplies: number;
  multiples: number;
  identifiantes: number;
  longueur: number | null;
  distinctes: number;
  non_entiers: number;
  min: number | null;
  max: number | null;
}

/**
 * Drafts the description, or gives the problems that refuse the file before any description would
 * help (a column named like a direct identifier: the file is not kept waiting for its questionnaire).
 */
export async function draftQuestionnaire(connection: DuckDBConnection, file: string, contract: Contract, tmpDir: string, limits: ReadLimits):
  Promise<{ draft: QuestionnaireDraft } | { problems: Problem[] }> {
  const temporary: string[] = [];
  try {
    const prepared = await prepareDelivery(file, contract, tmpDir, temporary, [], limits);
    const { layout, problems } = layoutOf(contract, prepared.header);
    const identifying = problems.filter((p) => p.identifying);
    if (identifying.length > 0) return { problems: identifying };
    await stage(connection, file, prepared, layout);
    await prepareIdentifierMacros(connection);
    const questions: DraftQuestion[] = [];
    for (const [i, header] of prepared.header.entries()) {
      const id = questionIdOf(header);
      if (!id || questions.some((q) => q.id === id)) continue;
      questions.push(await draftOf(connection, sqlIdent(layout.internal[i]), id, header));
    }
    questions.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)));
    const { periode } = parseDeliveryName(file, contract.source);
    return { draft: { questionnaire: suggestedId(periode), titre: '', questions } };
  } finally {
    await connection.run('DROP TABLE IF EXISTS incoming_raw');
    for (const t of temporary) rmSync(t, { force: true });
  }
}

async function draftOf(connection: DuckDBConnection, column: string, id: string, header: string): Promise<DraftQuestion> {
  const cells = `(SELECT ${column} AS v FROM incoming_raw WHERE ${column} IS NOT NULL)`;
  const parts = `(SELECT trim(unnest(string_split(v, '|'))) AS p FROM ${cells})`;
  const [facts] = await queryRows<ColumnFacts>(connection, `SELECT
      (SELECT count(*)::INTEGER FROM ${cells}) AS remplies,
      (SELECT count(*)::INTEGER FROM ${cells} WHERE contains(v, '|')) AS multiples,
      (SELECT count(*)::INTEGER FROM ${cells} WHERE ${identifiersSql('v')}) AS identifiantes,
      (SELECT max(length(p))::INTEGER FROM ${parts}) AS longueur,
      (SELECT count(DISTINCT p)::INTEGER FROM ${parts} WHERE p <> '') AS distinctes,
      (SELECT count(*)::INTEGER FROM ${cells} WHERE NOT regexp_matches(v, '^-?[0-9]{1,6}$')) AS non_entiers,
      (SELECT min(try_cast(v AS INTEGER)) FROM ${cells}) AS min,
      (SELECT max(try_cast(v AS INTEGER)) FROM ${cells}) AS max`);
  const text = QUESTION_HEADER.exec(header)?.[2].trim() ?? '';
  const base = { id, colonne: header, libelle: text, obligatoire: false, remplies: facts.remplies, reponses: [] as string[] };
  if (facts.remplies > 0 && facts.non_entiers === 0 && facts.max! - facts.min! <= MAX_SCALE_SPAN) {
    return { ...base, type: 'echelle', min: facts.min!, max: facts.max!, bornesLues: [facts.min!, facts.max!] };
  }
  // Free text, or what may hold a person's data: its values stay out of the page.
  if (facts.remplies === 0 || facts.identifiantes > 0 || facts.distinctes > MAX_CHOICES || (facts.longueur ?? 0) > MAX_CHOICE_LENGTH) {
    return { ...base, type: 'texte_libre', valeursNonReprises: facts.remplies > 0 };
  }
  const values = await queryRows<{ p: string }>(connection, `SELECT p FROM ${parts} WHERE p <> '' GROUP BY p ORDER BY count(*) DESC, p`);
  return { ...base, type: facts.multiples > 0 ? 'choix_multiple' : 'choix_unique', reponses: values.map((v) => v.p) };
}

/** An identifier to start from: the period the file's name gives (the person may change it). */
function suggestedId(periode: string | undefined): string {
  return `consultation-${(periode ?? String(new Date().getFullYear())).toLowerCase()}`;
}

export const draftFileName = (dir: string) => path.join(dir, 'questionnaire_formulaire.yaml');
