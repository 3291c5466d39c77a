// The page where a consultation's questionnaire is described, drafted from the export's headers:
// one block per question column, its text, its type, its admitted answers or its scale's bounds,
// each error beside its field (and listed at the top, each a link to its field).
import type { Account } from './accounts.ts';
import { html, type Html } from './html.ts';
import { count, layout, sourceName } from './pages.ts';
import type { QuestionnaireDraft } from './questionnaire_draft.ts';
import { fieldOf, QUESTION_TYPES, TYPE_LABELS, type FieldErrors, type QuestionPart } from './questionnaire_form.ts';

const LABELS: Record<string, string> = { questionnaire: 'Identifiant du questionnaire', titre: 'Titre' };
const PART_LABELS: Record<QuestionPart, string> = {
  libelle: 'texte', type: 'type', reponses: 'réponses admises', min: 'plus petite valeur', max: 'plus grande valeur', obligatoire: 'réponse obligatoire',
};

export function questionnairePage(account: Account, upload: { id: string; file_name: string; source: string }, draft: QuestionnaireDraft, errors: FieldErrors = {}): string {
  const field = (name: string) => (errors[name] ? html` aria-invalid="true" aria-describedby="${name}-erreur"` : '');
  const error = (name: string) => (errors[name] ? html`<span class="erreur-champ" id="${name}-erreur">${errors[name]}</span>` : '');
  // In the page's order: the title, the identifier, then each question's fields.
  const order = ['', 'titre', 'questionnaire', ...draft.questions.flatMap((q) => (['libelle', 'type', 'reponses', 'min', 'max', 'obligatoire'] as const).map((p) => fieldOf(q.id, p)))];
  const listed = Object.entries(errors).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  const labelOf = (name: string) => {
    const [id, part] = name.split('_') as [string, QuestionPart | undefined];
    return LABELS[name] ?? (part ? `${id}, ${PART_LABELS[part] ?? part}` : 'Questionnaire');
  };
  return layout('Décrire le questionnaire', html`
<p>Le fichier « ${upload.file_name} » (${sourceName(upload.source)}) répond à un questionnaire qui n’est pas encore enregistré.
Voici sa description, tirée des en-têtes de colonnes et des réponses lues dans le fichier : vérifiez le texte de chaque question,
son type et ses réponses admises, puis contrôlez le fichier avec elle. Rien n’est chargé avant votre confirmation ; le
questionnaire est enregistré avec l’import, et ses exports suivants n’auront plus à le décrire.</p>
${listed.length > 0 ? html`<div class="alerte" role="alert"><p>La description n’est pas complète : ${count(listed.length)} champ(s) à corriger.</p>
<ul>${listed.map(([name, message]) => html`<li>${name ? html`<a href="#${name}">${labelOf(name)}</a>` : 'Questionnaire'} : ${message}</li>`)}</ul></div>` : ''}
<form method="post" action="/import/${upload.id}/questionnaire" class="formulaire questionnaire" novalidate>
  <p><label for="titre">Titre <span class="aide">(tel qu’il paraîtra sur le tableau de bord, ex. « Consultation citoyenne du schéma des solidarités 2026 »)</span></label>
  <input id="titre" name="titre" value="${draft.titre}" required${field('titre')}>${error('titre')}</p>
  <p><label for="questionnaire">Identifiant du questionnaire <span class="aide">(minuscules, chiffres, - ou _ ; le même pour tous ses exports)</span></label>
  <input id="questionnaire" name="questionnaire" value="${draft.questionnaire}" required autocapitalize="none" spellcheck="false"${field('questionnaire')}>${error('questionnaire')}</p>
  ${errors[''] ? html`<p class="erreur-champ">${errors['']}</p>` : ''}
  ${draft.questions.map((q) => {
    const f = (part: QuestionPart) => fieldOf(q.id, part);
    const choice = q.type === 'choix_unique' || q.type === 'choix_multiple';
    return html`<fieldset class="question" id="question-${q.id}" data-question="${q.id}">
    <legend>${q.id} <span class="aide">— colonne « ${q.colonne} », ${count(q.remplies)} réponse(s) dans le fichier</span></legend>
    <p><label for="${f('libelle')}">Texte de la question</label>
    <input id="${f('libelle')}" name="${f('libelle')}" value="${q.libelle}" required${field(f('libelle'))}>${error(f('libelle'))}</p>
    <p><label for="${f('type')}">Type</label>
    <select id="${f('type')}" name="${f('type')}"${field(f('type'))}>${QUESTION_TYPES.map((t) => html`<option value="${t}" ${t === q.type ? html`selected` : ''}>${TYPE_LABELS[t]}</option>`)}</select>${error(f('type'))}</p>
    <p><label for="${f('reponses')}">Réponses admises <span class="aide">(choix unique ou multiple : une par ligne${choice && q.reponses.length > 0 ? ', reprises du fichier : ajoutez celles que personne n’a choisies' : ''})</span></label>
    <textarea id="${f('reponses')}" name="${f('reponses')}" rows="${Math.min(Math.max(q.reponses.length, 2), 12)}"${field(f('reponses'))}>${q.reponses.join('\n')}</textarea>${error(f('reponses'))}
    ${q.valeursNonReprises ? html`<span class="aide">Réponses non reprises ici : texte libre, ou valeurs qui pourraient contenir des données personnelles.</span>` : ''}</p>
    ${q.bornesLues ? html`<p class="aide">Valeurs lues dans le fichier : de ${q.bornesLues[0]} à ${q.bornesLues[1]}. Pour une échelle, donnez les bornes proposées aux répondants (par exemple de 1 à 5) : personne n’a peut-être choisi la plus basse ou la plus haute.</p>` : ''}
    <div class="bornes"><p><label for="${f('min')}">Échelle : plus petite valeur</label>
    <input id="${f('min')}" name="${f('min')}" inputmode="numeric" value="${q.min ?? ''}"${field(f('min'))}>${error(f('min'))}</p>
    <p><label for="${f('max')}">plus grande valeur</label>
    <input id="${f('max')}" name="${f('max')}" inputmode="numeric" value="${q.max ?? ''}"${field(f('max'))}>${error(f('max'))}</p></div>
    <p class="choix"><input type="checkbox" id="${f('obligatoire')}" name="${f('obligatoire')}" value="oui" ${q.obligatoire ? html`checked` : ''}>
    <label for="${f('obligatoire')}">Réponse obligatoire <span class="aide">(une cellule vide refuse le fichier)</span></label></p>
  </fieldset>`;
  })}
  <p><button type="submit">Enregistrer la description et contrôler le fichier</button></p>
</form>
${alternatives(upload)}`, account);
}

function alternatives(upload: { id: string; source: string }): Html {
  return html`<h2>Autrement</h2>
<ul>
<li>Vous avez déjà la description de ce questionnaire dans un fichier (.yaml) ? <a href="/import?source=${upload.source}#questionnaire">Envoyez-la avec l’export</a>
(un <a href="/import/modele-questionnaire.yaml" download>modèle à compléter</a> est proposé).</li>
</ul>
<form method="post" action="/import/${upload.id}/annuler"><button type="submit" class="secondaire">Abandonner cet envoi</button></form>`;
}
