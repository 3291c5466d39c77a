// Check: the questionnaire a consultation export answers — the one given, else the described
// questionnaire whose every question the header holds (the best fit first).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { InvalidQuestionnaire, questionIdOf, readQuestionnaire, type Questionnaire } from '../contracts/questionnaire.ts';
import { refuse } from './problems.ts';

/** The kind of the refusal of a consultation export whose questionnaire is not described. */
export const UNKNOWN_QUESTIONNAIRE = 'questionnaire:inconnu';

export function findQuestionnaire(file: string, header: string[], options: { questionnaire?: string; questionnairesDir?: string }): Questionnaire {
  const read = (f: string) => {
    try {
      return readQuestionnaire(f);
    } catch (error) {
      if (error instanceof InvalidQuestionnaire) return refuse(file, { field: 'questionnaire', message: `description du questionnaire « ${path.basename(f)} » non valide : ${error.message}`, hint: 'Corrigez la description (voir docs/dictionnaire.md, « Le fichier de questionnaire »).' });
      throw error;
    }
  };
  if (options.questionnaire) return read(options.questionnaire);
  const ids = new Set(header.map(questionIdOf).filter((id): id is string => Boolean(id)));
  const dir = options.questionnairesDir;
  const known = dir && existsSync(dir) ? readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort().map((f) => read(path.join(dir, f))) : [];
  const fit = (q: Questionnaire) => q.questions.filter((x) => ids.has(x.id)).length - q.questions.filter((x) => !ids.has(x.id)).length;
  const best = known.filter((q) => q.questions.every((x) => ids.has(x.id))).sort((a, b) => fit(b) - fit(a))[0];
  if (!best && ids.size === 0) {
    return refuse(file, {
      kind: 'questionnaire:sans_question', line: 1, message: 'aucune colonne de question',
      expected: 'une colonne par question, dont l’en-tête commence par son numéro : « Q1 - … », « Q2 - … »',
      hint: 'Vérifiez que le fichier est bien l’export de la consultation, avec ses colonnes de questions, et renvoyez-le.',
    });
  }
  if (!best) {
    return refuse(file, {
      kind: UNKNOWN_QUESTIONNAIRE, field: 'questionnaire', line: 1,
      message: known.length === 0 ? 'aucun questionnaire n’est décrit' : `aucun questionnaire décrit ne correspond aux colonnes ${[...ids].join(', ')}`,
      expected: 'la description du questionnaire (fichier YAML : identifiant, questions, type et réponses admises de chacune)',
      hint: 'Importez l’export par la page d’import du serveur, qui propose sa description tirée de ses colonnes, à compléter ; ou déposez la description (fichier YAML) dans le dossier consultation de la boîte de dépôt (« solidata import questionnaire FICHIER » en ligne de commande), puis renvoyez l’export.',
    });
  }
  return best;
}
