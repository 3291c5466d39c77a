// The questionnaire description: a small YAML (or JSON) file that says which questions a
// consultation export holds, so that a new questionnaire loads with no code change.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ColumnSpec } from './columns.ts';

const QUESTION_ID = /^Q\d+$/;
export const QUESTION_TYPES = ['choix_unique', 'choix_multiple', 'echelle', 'texte_libre'] as const;

const question = z.object({
  id: z.string().regex(QUESTION_ID, 'un identifiant de question Q1, Q2…'),
  libelle: z.string().min(1, 'le texte de la question est vide').optional().describe('Texte de la question (par défaut : celui de l’en-tête de colonne)'),
  colonne: z.string().min(1).optional().describe('En-tête exact de la colonne (par défaut : celle qui commence par « Qn - »)'),
  type: z.enum(QUESTION_TYPES, { errorMap: () => ({ message: `un type parmi ${QUESTION_TYPES.join(', ')}` }) }),
  reponses: z.array(z.string().min(1, 'une réponse admise est vide')).min(1, 'au moins une réponse admise').optional().describe('Réponses admises (choix_unique, choix_multiple)'),
  min: z.number({ invalid_type_error: 'un nombre entier' }).int('un nombre entier').optional().describe('Plus petite valeur de l’échelle'),
  max: z.number({ invalid_type_error: 'un nombre entier' }).int('un nombre entier').optional().describe('Plus grande valeur de l’échelle'),
  obligatoire: z.boolean().default(false).describe('Une cellule vide est refusée'),
}).superRefine((q, ctx) => {
  if ((q.type === 'choix_unique' || q.type === 'choix_multiple') && !q.reponses) {
    ctx.addIssue({ code: 'custom', path: ['reponses'], message: `la question ${q.id} (${q.type}) doit lister ses réponses admises` });
  }
  if (q.type === 'echelle' && (q.min === undefined || q.max === undefined || q.min > q.max)) {
    ctx.addIssue({ code: 'custom', path: ['min'], message: `la question ${q.id} (echelle) doit donner min et max (min ≤ max)` });
  }
});

export const questionnaireSchema = z.object({
  questionnaire: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'un identifiant en minuscules, chiffres, - ou _'),
  titre: z.string({ required_error: 'le titre est à remplir' }).min(1, 'le titre est à remplir'),
  questions: z.array(question).min(1, 'au moins une question'),
}).superRefine((q, ctx) => {
  const seen = new Set<string>();
  for (const { id } of q.questions) {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['questions'], message: `la question ${id} est décrite deux fois` });
    seen.add(id);
  }
});

export type Questionnaire = z.infer<typeof questionnaireSchema>;
export type Question = Questionnaire['questions'][number];

export class InvalidQuestionnaire extends Error {}

/** Reads and validates a description; errors are said in French, with the faulty field. */
export function readQuestionnaire(file: string): Questionnaire {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidQuestionnaire(`le fichier n’est pas un YAML ou JSON lisible (${(error as Error).message.split('\n')[0]}).`);
  }
  const checked = questionnaireSchema.safeParse(data);
  if (!checked.success) {
    throw new InvalidQuestionnaire(checked.error.issues.map((i) => `${i.path.join('.') || 'fichier'} : ${i.message}`).join(' ; '));
  }
  return checked.data;
}

/** The header of a question column: `Q3 - Quel est…` (also with –, — or : after the id). */
export const QUESTION_HEADER = /^\s*(Q\d+)\s*[-–—:.]\s*(.*)$/i;

export function questionIdOf(header: string): string | undefined {
  return QUESTION_HEADER.exec(header)?.[1].toUpperCase();
}

/** A question column as a column of the contract, so that it is checked like any other. */
export function questionColumn(q: Question, header: string): ColumnSpec {
  const base = { name: header, doc: q.libelle ?? header, nullable: !q.obligatoire };
  switch (q.type) {
    case 'choix_unique': return { ...base, duckType: 'VARCHAR', values: q.reponses! };
    case 'choix_multiple': return { ...base, duckType: 'VARCHAR', values: q.reponses!, multiple: true };
    case 'echelle': return { ...base, duckType: 'INTEGER', min: q.min, max: q.max };
    case 'texte_libre': return { ...base, duckType: 'VARCHAR', freeText: true };
  }
}

export const exampleQuestionnaire = `questionnaire: schema-solidarites-2025
titre: Consultation citoyenne du schéma unique des solidarités
questions:
  - id: Q1
    libelle: Quels services connaissez-vous ?
    type: choix_multiple
    reponses: [CCAS, Maison départementale, France Services, Aucun]
  - id: Q2
    type: echelle
    min: 1
    max: 5
  - id: Q3
    type: choix_unique
    reponses: [Oui, Non, Ne sait pas]
    obligatoire: true
  - id: Q4
    libelle: Que faudrait-il améliorer ?
    type: texte_libre
`;

/** The example as a template to fill in, with what each field means (served by the import page). */
export function questionnaireTemplate(): string {
  return `# Modèle de description de questionnaire pour Solidata : remplacez les exemples par vos questions.
# questionnaire : identifiant du questionnaire (minuscules, chiffres, - ou _), le même pour tous ses exports.
# Chaque question : id (Q1, Q2… comme au début de l’en-tête de sa colonne dans l’export, « Q1 - Quels services… »),
# libelle (facultatif : sinon le texte de l’en-tête), type (choix_unique, choix_multiple, echelle ou texte_libre),
# reponses (les réponses admises d’un choix), min et max (les bornes d’une échelle), obligatoire (true ou false).
${exampleQuestionnaire}`;
}
