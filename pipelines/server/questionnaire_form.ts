// The drafted questionnaire as a form, and back: the fields the person filled in become a
// description that the questionnaire's own contract (contracts/questionnaire.ts) validates, its
// errors put beside the field they are about. Question ids come from the draft kept by the server,
// never from the form.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidQuestionnaire, questionnaireSchema, QUESTION_TYPES, readQuestionnaire, type Questionnaire } from '../contracts/questionnaire.ts';
import type { DraftQuestion, QuestionnaireDraft, QuestionType } from './questionnaire_draft.ts';

export type QuestionPart = 'libelle' | 'type' | 'reponses' | 'min' | 'max' | 'obligatoire';
/** The form field of a part of a question (also its element id). */
export const fieldOf = (id: string, part: QuestionPart) => `${id}_${part}`;

/** Field name → what is wrong with it, in French; '' for what concerns no single field. */
export type FieldErrors = Record<string, string>;

type Body = Record<string, string | string[] | undefined>;
const text = (body: Body, name: string) => {
  const v = body[name];
  return (Array.isArray(v) ? v[0] : v ?? '').trim();
};
const WHOLE = /^-?\d{1,6}$/;

/** The draft as the person left it in the form (shown again when something is to fix). */
export function filledDraft(draft: QuestionnaireDraft, body: Body): QuestionnaireDraft {
  return {
    questionnaire: text(body, 'questionnaire'),
    titre: text(body, 'titre'),
    questions: draft.questions.map((q): DraftQuestion => {
      const bound = (part: 'min' | 'max') => (WHOLE.test(text(body, fieldOf(q.id, part))) ? Number(text(body, fieldOf(q.id, part))) : undefined);
      return {
        ...q,
        libelle: text(body, fieldOf(q.id, 'libelle')),
        type: text(body, fieldOf(q.id, 'type')) as QuestionType,
        reponses: text(body, fieldOf(q.id, 'reponses')).split(/\r?\n/).map((r) => r.trim()).filter(Boolean),
        min: bound('min'),
        max: bound('max'),
        obligatoire: text(body, fieldOf(q.id, 'obligatoire')) !== '',
      };
    }),
  };
}

/** The description the form gives, or what to fix, field by field. */
export function questionnaireFromForm(draft: QuestionnaireDraft, body: Body, registered: Questionnaire[]): { questionnaire: Questionnaire } | { errors: FieldErrors; filled: QuestionnaireDraft } {
  const filled = filledDraft(draft, body);
  const errors: FieldErrors = {};
  const candidate = {
    questionnaire: filled.questionnaire,
    titre: filled.titre,
    questions: filled.questions.map((q) => {
      const type = q.type;
      const choice = type === 'choix_unique' || type === 'choix_multiple';
      if (!q.libelle) errors[fieldOf(q.id, 'libelle')] = 'le texte de la question est à remplir';
      for (const part of ['min', 'max'] as const) {
        const raw = text(body, fieldOf(q.id, part));
        if (type === 'echelle' && raw !== '' && !WHOLE.test(raw)) errors[fieldOf(q.id, part)] = 'un nombre entier';
      }
      return {
        id: q.id,
        libelle: q.libelle || undefined,
        type,
        ...(choice && q.reponses.length > 0 ? { reponses: q.reponses } : {}),
        ...(type === 'echelle' ? { min: q.min, max: q.max } : {}),
        obligatoire: q.obligatoire,
      };
    }),
  };
  const checked = questionnaireSchema.safeParse(candidate);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const [top, index, part] = issue.path;
      const field = top === 'questions' && typeof index === 'number' && typeof part === 'string'
        ? fieldOf(filled.questions[index].id, part as QuestionPart)
        : top === 'questionnaire' || top === 'titre' ? top : '';
      errors[field] ??= issue.message;
    }
  }
  const taken = registered.find((q) => q.questionnaire === filled.questionnaire);
  if (taken) errors.questionnaire ??= `un questionnaire « ${taken.titre} » est déjà enregistré sous cet identifiant : choisissez-en un autre`;
  if (Object.keys(errors).length > 0 || !checked.success) return { errors, filled };
  return { questionnaire: checked.data };
}

/** The questionnaires registered in this folder (a description that does not read is skipped here: the import says why). */
export function registeredQuestionnaires(dir: string): Questionnaire[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).flatMap((f) => {
    try {
      return [readQuestionnaire(path.join(dir, f))];
    } catch (error) {
      if (error instanceof InvalidQuestionnaire) return [];
      throw error;
    }
  });
}

export const TYPE_LABELS: Record<QuestionType, string> = {
  choix_unique: 'choix unique', choix_multiple: 'choix multiple', echelle: 'échelle', texte_libre: 'texte libre',
};
export { QUESTION_TYPES };
