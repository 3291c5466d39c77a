// How a delivery's header lines up with its contract: which file column feeds which contract
// column (or question), which columns the contract does not know, and what is missing.
import type { ColumnSpec } from '../contracts/columns.ts';
import type { Contract } from '../contracts/contract.ts';
import { questionColumn, questionIdOf, type Question, type Questionnaire } from '../contracts/questionnaire.ts';
import { sqlIdent } from '../warehouse/duckdb.ts';
import { normaliseHeader } from './header.ts';
import { isIdentifyingHeader } from './identifiers.ts';
import type { Problem } from './problems.ts';

export interface BoundColumn {
  spec: ColumnSpec;
  /** SQL: the trimmed raw cell, NULL when empty or when the column is absent from the file. */
  raw: string;
  /** The header as written in the file, when present. */
  header?: string;
  question?: Question;
}

export interface Layout {
  contract: Contract;
  /** Names given to the file's columns when reading it (c0, c1…): headers may hold anything. */
  internal: string[];
  columns: BoundColumn[];
  questions: BoundColumn[];
  /** Columns the contract does not know: not loaded, but scanned in person-level files. */
  extra: { header: string; raw: string }[];
  questionnaire?: Questionnaire;
}

/** Header matching forgives case, accents, spaces and dashes: « Date demande » is date_demande. */
export { normaliseHeader };

// Cells are trimmed and emptied to NULL once, in the relation read (see `cellsOf`).
const rawOf = (name: string) => sqlIdent(name);

/** The file's columns, trimmed, an empty cell as NULL. */
export const cellsOf = (layout: Layout, relation: string) =>
  `(SELECT ${layout.internal.map((c) => `${trimmed(sqlIdent(c))} AS ${sqlIdent(c)}`).join(', ')} FROM ${relation})`;

// trim() decodes every character of every cell, and most cells need nothing. It removes space
// separators only, of which the space is the one ASCII: an ASCII cell that neither starts nor
// ends with a space is left as it is, exactly as trim() would leave it (and the reader has
// already made an empty cell NULL, quoted or not). DuckDB compares text byte by byte, so a cell
// that starts with a space is the one between ' ' and '!': two comparisons on the few bytes each
// text keeps inline, cheaper than a prefix test.
const trimmed = (c: string) => `CASE WHEN (${c} >= ' ' AND ${c} < '!') OR ends_with(${c}, ' ') OR strlen(${c}) <> length(${c}) THEN nullif(trim(${c}), '') ELSE ${c} END`;

/**
 * What becomes of a column that neither the format nor the questionnaire declares, in a
 * person-level file: refused by default (it is where names and remarks about people end up),
 * or ignored when the one who imports says so.
 */
export type ExtraColumns = 'refuse' | 'ignore';

export function layoutOf(contract: Contract, header: string[], questionnaire?: Questionnaire, extraColumns: ExtraColumns = 'refuse'): { layout: Layout; problems: Problem[] } {
  const internal = header.map((_, i) => `c${i}`);
  const problems: Problem[] = [];
  const byName = new Map<string, number>();
  header.forEach((h, i) => {
    const n = normaliseHeader(h);
    if (byName.has(n) && contract.columns.some((c) => c.name === n)) {
      problems.push({ kind: 'entete:double', line: 1, column: h, message: 'colonne en double', hint: 'Gardez une seule colonne de ce nom.' });
    }
    if (!byName.has(n)) byName.set(n, i);
  });
  const columns: BoundColumn[] = contract.columns.map((spec) => {
    const i = byName.get(spec.name);
    return i === undefined ? { spec, raw: 'NULL::VARCHAR' } : { spec, raw: rawOf(internal[i]), header: header[i] };
  });
  const missing = columns.filter((c) => c.header === undefined && !c.spec.omissible).map((c) => c.spec.name);
  if (missing.length > 0) {
    problems.push({
      kind: 'entete:manquantes', line: 1, message: `colonnes manquantes : ${missing.join(', ')}`,
      expected: `les colonnes du format « ${contract.source} » : ${contract.columns.map((c) => c.name).join(', ')}`,
      hint: 'Ajoutez ces colonnes à la première ligne (en-tête), avec ces noms, et renvoyez le fichier entier.',
    });
  }
  for (const group of contract.atLeastOne ?? []) {
    if (group.every((name) => !byName.has(name))) {
      problems.push({ kind: 'entete:au_moins_une', line: 1, message: `aucune des colonnes ${group.join(' ou ')}`, expected: `au moins l’une d’elles`, hint: `Ajoutez la colonne ${group.join(' ou ')} et renvoyez le fichier.` });
    }
  }
  const known = new Set(contract.columns.map((c) => c.name));
  const questions: BoundColumn[] = [];
  const extra: Layout['extra'] = [];
  const asked = new Map(questionnaire?.questions.map((q) => [q.id, q]) ?? []);
  header.forEach((h, i) => {
    if (known.has(normaliseHeader(h))) return;
    const id = contract.questions ? questionIdOf(h) : undefined;
    const q = id ? questionnaire?.questions.find((x) => (x.colonne ? x.colonne.trim() === h.trim() : x.id === id)) : undefined;
    if (q && !questions.some((b) => b.question?.id === q.id)) {
      asked.delete(q.id);
      questions.push({ spec: questionColumn(q, h), raw: rawOf(internal[i]), header: h, question: q });
      return;
    }
    if (id && questionnaire) {
      problems.push({ kind: 'entete:question_inconnue', line: 1, column: h, message: `la question ${id} n’est pas décrite par le questionnaire « ${questionnaire.questionnaire} »`, field: 'questionnaire', hint: 'Ajoutez-la à la description du questionnaire, ou retirez la colonne.' });
    }
    extra.push({ header: h, raw: rawOf(internal[i]) });
    if (contract.personLevel && isIdentifyingHeader(h)) {
      problems.push({
        kind: 'entete:identifiante', identifying: true, line: 1, column: h,
        message: 'cette colonne porte un nom de donnée directement identifiante (nom, prénom, NIR, e-mail, téléphone, adresse)',
        hint: 'Retirez la colonne du fichier : les personnes n’y figurent que par leur pseudonyme.',
      });
    } else if (contract.personLevel && extraColumns === 'refuse' && h.trim() !== '' && !(id && questionnaire)) {
      problems.push({
        kind: 'entete:non_prevue', line: 1, column: h,
        message: `colonne non prévue par le format « ${contract.source} »${contract.questions ? ' ni par le questionnaire' : ''}`,
        expected: `les seules colonnes du format : ${contract.columns.map((c) => c.name).join(', ')}`,
        hint: 'Retirez cette colonne du fichier et renvoyez-le : dans un fichier de personnes, une colonne hors format est refusée, car c’est là que finissent les noms et les remarques.',
        cliHint: 'Si elle est voulue, importez avec --colonnes-inconnues ignorer (elle ne sera pas chargée).',
      });
    }
  });
  for (const q of asked.values()) {
    problems.push({ kind: 'entete:question_absente', line: 1, message: `la question ${q.id} du questionnaire n’a pas de colonne`, expected: `une colonne « ${q.colonne ?? `${q.id} - …`} »`, hint: 'Vérifiez que le fichier est bien l’export de ce questionnaire.' });
  }
  return { layout: { contract, internal, columns, questions, extra, questionnaire }, problems };
}

/** Columns whose cells are free enough to hide an identifier (lists, codes, dates and numbers cannot). */
export const scannedColumns = (layout: Layout): { name: string; raw: string; typed: boolean }[] => [
  ...[...layout.columns, ...layout.questions]
    .filter((c) => c.header !== undefined && !c.spec.freeText)
    .map((c) => ({ name: c.header!, raw: c.raw, typed: c.spec.duckType !== 'VARCHAR' || Boolean(c.spec.values || c.spec.pattern) })),
  ...layout.extra.map((e) => ({ name: e.header, raw: e.raw, typed: false })),
];
