// The server's own pages, in French, rendered on the server: login, import (form, report,
// mapping, follow-up), administration, errors. One stylesheet and one small script, both served
// from here: no external asset, and every page works without the script.
import { contracts } from '../contracts/index.ts';
import { questionIdOf } from '../contracts/questionnaire.ts';
import type { ImportResult } from '../ingest/import.ts';
import { EXAMPLES_PER_KIND, kindOf, type Problem, type RefusedDelivery } from '../ingest/problems.ts';
import { allows, MIN_PASSWORD, ROLES, type Account, type Role } from './accounts.ts';
import type { Mapping } from './dry_run.ts';
import { STEPS, type FollowStatus } from './follow.ts';
import { html, raw, type Html } from './html.ts';
import type { Loaded, LoadedDelivery } from './loaded_deliveries.ts';
import { MENU, type MenuPage } from './menu.ts';
import { about, type RebuildEstimate } from './rebuild_estimate.ts';
import { resultsPages } from './results_link.ts';

/** The sources offered for import, consultation first: the team that imports most. */
export const SOURCE_LABELS: Record<string, { label: string; hint: string }> = {
  consultation: { label: 'Consultation citoyenne', hint: 'export « Mon avis citoyen » : une ligne par répondant' },
  sls_demandes: { label: 'Demandes aux services sociaux', hint: 'une ligne par demande' },
  rsa_parcours: { label: 'Parcours RSA', hint: 'une ligne par entrée au RSA' },
  ccas_aides: { label: 'Aides des CCAS', hint: 'une ligne par demande d’aide' },
  caf_allocataires: { label: 'Allocataires de la CAF', hint: 'par commune, prestation et mois' },
  apa_demandes: { label: 'Demandes d’APA', hint: 'une ligne par demande d’allocation personnalisée d’autonomie' },
  mdph_demandes: { label: 'Demandes à la MDPH', hint: 'une ligne par prestation demandée' },
  ase_informations_preoccupantes: { label: 'Informations préoccupantes', hint: 'une ligne par information reçue' },
  ase_mesures: { label: 'Mesures de protection de l’enfance', hint: 'par territoire, type de mesure et mois' },
  fsl_aides: { label: 'Aides du FSL', hint: 'une ligne par demande au fonds de solidarité pour le logement' },
  effectifs: { label: 'Effectifs', hint: 'par site, métier et mois' },
  sites: { label: 'Lieux d’accueil', hint: 'référentiel' },
  territoires: { label: 'Territoires d’action', hint: 'référentiel : la commune et son territoire' },
};
export const SOURCES = [...Object.keys(SOURCE_LABELS).filter((s) => contracts[s]), ...Object.keys(contracts).filter((s) => !SOURCE_LABELS[s])];
export const sourceName = (s: string) => SOURCE_LABELS[s]?.label ?? s;

export const ROLE_LABELS: Record<Role, string> = {
  lecteur: 'lecteur (lit le tableau de bord)',
  import: 'import (lit et importe des fichiers)',
  admin: 'admin (gère aussi les comptes, voit les travaux)',
};

export const dateTime = (d: Date | string | null | undefined) =>
  d ? new Date(d).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Paris' }) : '—';
export const count = (n: number) => n.toLocaleString('fr-FR');
export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);


/** The dashboard's header, as its layout (dashboards/+layout.svelte) draws it: its title, its pages, the themes under one menu. */
function dashboardNav(): Html {
  const link = (p: MenuPage) => html`<li><a href="${p.page!}">${p.titre}</a></li>`;
  const themes = Object.values(MENU.themes).filter((t) => t.page);
  return html`<nav aria-label="Pages du tableau de bord"><ul>
      ${MENU.avant.map(link)}
      <li class="themes"><details><summary>Thèmes</summary><ul>${themes.map(link)}</ul></details></li>
      ${MENU.apres.map(link)}
    </ul></nav>`;
}

/** Every server page: the same header, menu and stylesheet as the others, and once logged in the dashboard's own header. */
export function layout(title: string, body: Html, account?: Account): string {
  const header = account
    ? html`<header class="bandeau"><div class="cadre">
      <a class="titre" href="/">Observatoire des solidarités</a>
      ${dashboardNav()}
      <nav aria-label="Mon compte" class="compte"><ul>
        ${allows(account.role, 'import') ? html`<li><a href="/import">Importer un fichier</a></li>` : ''}
        ${allows(account.role, 'admin') ? html`<li><a href="/admin">Administration</a></li>` : ''}
        <li><a href="/compte">Mon compte</a></li>
      </ul>
      <form method="post" action="/deconnexion"><button type="submit" class="secondaire">Se déconnecter</button></form>
      </nav>
    </div></header>`
    // Before login, nothing of the dashboard: its name only.
    : html`<header class="bandeau"><div class="cadre"><p class="marque">Solidata <span>observatoire des solidarités</span></p></div></header>`;
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Solidata</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/_solidata/style.css">
<script src="/_solidata/suivi.js" defer></script>
</head>
<body>
<a class="evitement" href="#contenu">Aller au contenu</a>
${header}
<main id="contenu" tabindex="-1">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`.text;
}

export function loginPage(options: { suite: string; name?: string; error?: string }): string {
  return layout('Connexion', html`
<p>Le tableau de bord de l’observatoire est réservé aux comptes ouverts par un administrateur.</p>
${options.error ? html`<div class="alerte" role="alert"><p>${options.error}</p></div>` : ''}
<form method="post" action="/connexion" class="formulaire">
  <input type="hidden" name="suite" value="${options.suite}">
  <p><label for="nom">Nom du compte</label>
  <input id="nom" name="nom" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${options.name ?? ''}"></p>
  <p><label for="mot_de_passe">Mot de passe</label>
  <input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="current-password" required></p>
  <p><button type="submit">Se connecter</button></p>
</form>`);
}

export function messagePage(title: string, message: string, account?: Account, link: { href: string; text: string } = { href: '/', text: 'Retour au tableau de bord' }): string {
  return layout(title, html`<p>${message}</p><p><a href="${link.href}">${link.text}</a></p>`, account);
}

export function accountPage(account: Account): string {
  return layout('Mon compte', html`
<p>Vous êtes connecté en tant que « ${account.name} », rôle ${ROLE_LABELS[account.role]}.</p>
<ul>
<li><a href="/">Tableau de bord</a></li>
${allows(account.role, 'import') ? html`<li><a href="/import">Importer un fichier</a></li>` : ''}
${allows(account.role, 'admin') ? html`<li><a href="/admin">Administration</a> : comptes, travaux, journal</li>` : ''}
</ul>
<p><a href="/compte/mot-de-passe">Changer mon mot de passe</a></p>
<form method="post" action="/deconnexion"><button type="submit">Se déconnecter</button></form>`, account);
}

export function passwordPage(account: Account, options: { error?: string; done?: boolean } = {}): string {
  return layout('Changer mon mot de passe', html`
${account.must_change_password ? html`<p>Ce mot de passe vous a été donné par quelqu’un d’autre (ou affiché au premier démarrage) : choisissez le vôtre avant de continuer.</p>` : ''}
${options.done ? html`<p role="status">Mot de passe changé. Vos autres sessions ouvertes sont fermées.</p>` : ''}
${options.error ? html`<div class="alerte" role="alert"><p>${options.error}</p></div>` : ''}
<form method="post" action="/compte/mot-de-passe" class="formulaire">
  <input type="text" name="nom" autocomplete="username" value="${account.name}" hidden>
  <p><label for="actuel">Mot de passe actuel</label>
  <input id="actuel" name="actuel" type="password" autocomplete="current-password" required></p>
  <p><label for="nouveau">Nouveau mot de passe <span class="aide">(${MIN_PASSWORD} caractères au moins ; une phrase facile à retenir convient)</span></label>
  <input id="nouveau" name="nouveau" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD}" required></p>
  <p><label for="confirmation">Nouveau mot de passe, à nouveau</label>
  <input id="confirmation" name="confirmation" type="password" autocomplete="new-password" required></p>
  <p><button type="submit">Changer le mot de passe</button></p>
</form>`, account);
}

/** A field of the import form that a refusal may point to. */
export type FormField = 'producteur' | 'periode' | 'questionnaire';
/** The address of a field of the import form, its section opened. */
export const fieldLink = (source: string, field: FormField) => `/import?source=${encodeURIComponent(source)}&champ=${field}#${field}`;

export function importFormPage(account: Account, options: {
  maxMo: number; error?: string; source?: string;
  /** The field to open and point to; with `fieldError`, what is wrong with it (said beside it). */
  field?: string; fieldError?: string; values?: { producteur?: string; periode?: string };
}): string {
  const chosen = options.source && contracts[options.source] ? options.source : SOURCES[0];
  const field = ['producteur', 'periode', 'questionnaire'].includes(options.field ?? '') ? options.field as FormField : undefined;
  const invalid = (name: FormField) => (field === name && options.fieldError ? html` aria-invalid="true" aria-describedby="${name}-aide ${name}-erreur"` : html` aria-describedby="${name}-aide"`);
  const error = (name: FormField) => (field === name && options.fieldError ? html`<span class="erreur-champ" id="${name}-erreur">${options.fieldError}</span>` : '');
  return layout('Importer un fichier', html`
<p>Le fichier est d’abord contrôlé sans rien changer : vous voyez le rapport, puis vous confirmez l’import.
Les données publiées restent en ligne tant que le nouveau fichier n’est pas chargé et recalculé.</p>
${options.error ? html`<div class="alerte" role="alert"><p>${options.error}</p>${field && options.fieldError ? html`<p><a href="#${field}">Aller au champ</a></p>` : ''}</div>` : ''}
<form method="post" action="/import" enctype="multipart/form-data" class="formulaire">
  <fieldset>
    <legend>Source du fichier</legend>
    ${SOURCES.map((s) => html`<p class="choix"><input type="radio" name="source" id="source-${s}" value="${s}" ${s === chosen ? html`checked` : ''}>
      <label for="source-${s}">${sourceName(s)} <span class="aide">(${SOURCE_LABELS[s]?.hint ?? s})</span></label></p>`)}
  </fieldset>
  <p><label for="fichier">Fichier CSV ou XLSX <span class="aide">(${options.maxMo} Mo au plus)</span></label>
  <input id="fichier" name="fichier" type="file" accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></p>
  <details ${field === 'questionnaire' ? html`open` : ''}>
    <summary>Consultation : description du questionnaire (facultatif)</summary>
    <p class="aide">Inutile pour un questionnaire déjà enregistré. Pour un nouveau questionnaire, envoyez simplement l’export :
    la page suivante vous propose sa description, tirée des en-têtes de colonnes (Q1, Q2…) et des réponses lues, à compléter.</p>
    <p><label for="questionnaire">Description du questionnaire, si vous l’avez déjà dans un fichier</label>
    <input id="questionnaire" name="questionnaire" type="file" accept=".yaml,.yml,.json"${invalid('questionnaire')}>${error('questionnaire')}
    <span id="questionnaire-aide" class="aide">Un fichier texte (.yaml) qui donne chaque question de l’export, son type et ses réponses admises
    (<a href="/import/modele-questionnaire.yaml" download>modèle</a>). Une fois enregistré, le questionnaire n’est plus à joindre.</span></p>
  </details>
  <details ${field === 'producteur' || field === 'periode' ? html`open` : ''}>
    <summary>Producteur et période (si le nom du fichier ne les donne pas)</summary>
    <p class="aide">Un fichier nommé <code>consultation_mon-avis-citoyen_2025.csv</code> donne déjà le producteur (<code>mon-avis-citoyen</code>) et la période (<code>2025</code>).</p>
    <p><label for="producteur">Producteur</label> <input id="producteur" name="producteur" pattern="[A-Za-z0-9][A-Za-z0-9\\-]*" value="${options.values?.producteur ?? ''}"${invalid('producteur')}>${error('producteur')}
    <span id="producteur-aide" class="aide">lettres, chiffres et tirets, ex. <code>ccas-blois</code></span></p>
    <p><label for="periode">Période</label> <input id="periode" name="periode" value="${options.values?.periode ?? ''}"${invalid('periode')}>${error('periode')}
    <span id="periode-aide" class="aide">AAAA, AAAA-MM, AAAA-S1 ou AAAA-T1 ; une période nouvelle ajoute une livraison, la même période remplace la précédente</span></p>
  </details>
  <p><button type="submit">Contrôler le fichier</button></p>
</form>`, account);
}

/** The refusal, by kind of problem, each with its lines and columns and what to do: the report of `solidata import`, as a page. */
export function reportPage(account: Account, fileName: string, source: string, refused: RefusedDelivery, retry?: { href: string; text: string }): string {
  const groups = new Map<string, Problem[]>();
  for (const p of refused.problems) groups.set(kindOf(p), [...(groups.get(kindOf(p)) ?? []), p]);
  const total = (k: string, shown: Problem[]) => Math.max(refused.totals.get(k) ?? 0, shown.length);
  const all = [...groups].reduce((n, [k, shown]) => n + total(k, shown), 0);
  return layout('Fichier refusé', html`
<div class="alerte" role="alert">
<p>Le fichier « ${fileName} » (${sourceName(source)}) est refusé : rien n’en a été chargé, les données publiées précédemment restent en ligne.</p>
${refused.identifying ? html`<p>Il contient des données directement identifiantes : leurs valeurs ne sont pas reproduites ici, et le fichier reçu a été supprimé.</p>` : ''}
</div>
<p>${count(all)} problème(s) de ${groups.size} sorte(s). Corrigez le fichier puis envoyez-le à nouveau.</p>
${[...groups].map(([k, shown], i) => {
    const n = total(k, shown);
    const first = shown[0];
    const listed = shown.slice(0, EXAMPLES_PER_KIND);
    return html`<section class="probleme" aria-labelledby="pb-${i}">
<h2 id="pb-${i}">${first.column ? `Colonne « ${first.column} » — ` : ''}${first.column ? '' : `${capitalise(first.message)} — `}${count(n)} cas</h2>
<table>
<caption class="lecteur-ecran">Exemples du problème ${i + 1}</caption>
<thead><tr><th scope="col">Ligne</th><th scope="col">Colonne</th><th scope="col">Constat</th><th scope="col">Attendu</th></tr></thead>
<tbody>${listed.map((p) => html`<tr><td>${p.line ?? '—'}</td><td>${p.column ?? '—'}</td><td>${p.message}</td><td>${p.expected ?? '—'}</td></tr>`)}</tbody>
</table>
${n > listed.length ? html`<p>… et ${count(n - listed.length)} autre(s) du même genre.</p>` : ''}
<p class="a-faire"><strong>À faire :</strong> ${first.field ? fieldAdvice(first.field, source, retry) : retry && questionOf(first) ? questionAdvice(questionOf(first)!, first.hint, retry) : first.hint}</p>
</section>`;
  })}
<p>${retry ? html`<a class="bouton" href="${retry.href}">${retry.text}</a> ` : ''}<a class="bouton" href="/import?source=${source}">Envoyer un autre fichier</a></p>`, account);
}

/** The advice of a refusal that a field of the page fixes: that field, by its name, with a link to it. */
function fieldAdvice(field: FormField, source: string, retry?: { href: string; text: string }): Html {
  if (field === 'questionnaire') {
    return retry
      ? html`Corrigez la description du questionnaire dans la page (<a href="${retry.href}">${retry.text}</a>) : ajoutez les réponses admises qui manquent, ou changez le type de la question.`
      : html`Envoyez l’export sans description : la page vous propose alors celle de son questionnaire, tirée de ses colonnes, à compléter ;
ou joignez une description corrigée dans le champ <a href="${fieldLink(source, 'questionnaire')}">« Description du questionnaire »</a> de la page d’import.`;
  }
  const label = field === 'producteur' ? 'Producteur' : 'Période';
  return html`Renvoyez le fichier en remplissant le champ <a href="${fieldLink(source, field)}">« ${label} »</a> de la page d’import (sous « Producteur et période »).`;
}

const questionOf = (p: Problem) => (p.column ? questionIdOf(p.column) : undefined);

/** A question's answers refused while its description is being written in the page: the description's field first. */
function questionAdvice(id: string, hint: string, retry: { href: string; text: string }): Html {
  return html`Si la réponse est juste, ajoutez-la aux <a href="${retry.href}#${id}_reponses">« Réponses admises » de ${id}</a> (ou changez le type de la question) dans la description ;
sinon : ${hint.charAt(0).toLowerCase()}${hint.slice(1)}`;
}

export interface ValidatedContext {
  /** What is already loaded for the source. */
  loaded: Loaded;
  estimate: RebuildEstimate;
  /** The questionnaire was described in the page: it is registered with the import. */
  described?: boolean;
  /** What neither the file's name nor the form gave, which the import took by default. */
  guessed?: ('producteur' | 'periode')[];
}

export function validatedPage(account: Account, upload: { id: string; file_name: string; source: string }, result: ImportResult, mapping: Mapping | undefined, context: ValidatedContext): string {
  return layout('Fichier valide : à confirmer', html`
<div class="succes" role="status">
<p>Le fichier « ${upload.file_name} » (${sourceName(upload.source)}) a passé tous les contrôles :
${count(result.rows)} ligne(s), producteur « ${result.producer} », période ${result.period}${result.extractionDate ? `, données au ${new Date(result.extractionDate).toLocaleDateString('fr-FR', { timeZone: 'UTC' })}` : ''}.
Rien n’est encore chargé.</p>
</div>
${deliveryEffect(upload.source, result, mapping, context.loaded)}
${result.notes.length > 0 ? html`<h2>Remarques</h2><ul>${result.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
${context.guessed && context.guessed.length > 0 ? html`<p data-preciser>Pour préciser ${context.guessed.map((f, i) => html`${i > 0 ? ' et ' : ''}${f === 'producteur' ? 'le producteur' : 'la période'}`)}, annulez puis
renvoyez le fichier en remplissant ${context.guessed.map((f, i) => html`${i > 0 ? ' et ' : ''}le champ <a href="${fieldLink(upload.source, f)}">« ${f === 'producteur' ? 'Producteur' : 'Période'} »</a>`)}.</p>` : ''}
${mapping ? mappingSection(mapping) : ''}
${context.described ? html`<p>Le questionnaire décrit dans la page sera enregistré avec l’import : ses exports suivants n’auront plus à le décrire.</p>` : ''}
<p>En confirmant, le fichier est chargé dans l’entrepôt ; les indicateurs sont recalculés et publiés, puis le tableau de bord
est reconstruit. La page suivante suit ces étapes jusqu’au tableau de bord à jour. ${estimateSentence(context.estimate)}
Les nouveaux chiffres paraîtront alors ${resultsWhere(upload.source)}.</p>
<div class="actions">
<form method="post" action="/import/${upload.id}/confirmer"><button type="submit">Confirmer l’import</button></form>
<form method="post" action="/import/${upload.id}/annuler"><button type="submit" class="secondaire">Annuler</button></form>
</div>`, account);
}

const day = (d: Date) => d.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
const listed = (ds: LoadedDelivery[]) => ds.map((d) => `${d.periode} (${d.producteur}, ${count(d.lignes)} ligne(s), chargée le ${day(d.le)})`).join(' ; ');

/** Whether this delivery replaces a loaded one (same producer and period) or adds a period beside those loaded. */
function deliveryEffect(source: string, result: ImportResult, mapping: Mapping | undefined, loaded: Loaded): Html {
  const same = loaded.deliveries.find((d) => d.producteur === result.producer && d.periode === result.period);
  if (same) {
    return html`<p class="remplacement" data-effet="remplace">Ce fichier <strong>remplace la livraison du ${day(same.le)}</strong> (${[same.fichier && `« ${same.fichier} »`, `${count(same.lignes)} ligne(s)`].filter(Boolean).join(', ')})
de même producteur et même période : ses lignes prennent la place des siennes${source === 'consultation' ? ', et ses répondants celle des répondants de cette livraison' : ''}.</p>`;
  }
  const others = loaded.deliveries.filter((d) => d.periode !== result.period || d.producteur !== result.producer);
  if (others.length === 0) return html`<p data-effet="premiere">C’est la première livraison de cette source : rien n’est remplacé.</p>`;
  if (source !== 'consultation') {
    return html`<p data-effet="ajoute">Cette livraison (période ${result.period}) s’ajoute à celles déjà chargées, sans en remplacer aucune : ${listed(others)}.</p>`;
  }
  const years = mapping ? loaded.questionnaireYears.get(mapping.questionnaire) : undefined;
  return html`<div class="avertissement" data-effet="ajoute">
<p><strong>Ces répondants s’ajoutent comme une nouvelle période de consultation (${result.period})</strong> : ils ne remplacent pas ceux déjà chargés.
Période(s) de consultation déjà chargée(s) : ${listed(others)}.${years && years.length > 0 ? ` Le questionnaire « ${mapping!.titre} » a déjà des réponses en ${years.join(', ')}.` : ''}</p>
<p>Un répondant déjà chargé pour le même questionnaire (même <code>reponse_id</code>) n’est compté qu’une fois, tel que le donne l’export le plus récent.
Si ce fichier doit au contraire remplacer une livraison, annulez et renvoyez-le avec le même producteur et la même période
(champs <a href="${fieldLink(source, 'producteur')}">« Producteur »</a> et <a href="${fieldLink(source, 'periode')}">« Période »</a>).</p>
</div>`;
}

/** The expected time to the dashboard, from the last runs; a sentence when there is none. */
function estimateSentence(e: RebuildEstimate): Html {
  if (e.recalcul === undefined || e.tableau === undefined) {
    return html`<span data-estimation="inconnue">Sa durée n’est pas encore connue sur ce serveur (aucune reconstruction complète dans l’historique) : d’ordinaire de quelques minutes à un quart d’heure.</span>`;
  }
  const total = (e.chargement ?? 0) + e.recalcul + e.tableau;
  return html`<span data-estimation="${Math.round(total)}">D’après les dernières reconstructions, comptez ${about(total)} après le début du chargement
(${e.chargement !== undefined ? `chargement ${about(e.chargement)}, ` : ''}recalcul et publication ${about(e.recalcul)}, tableau de bord ${about(e.tableau)}),
plus l’attente si d’autres travaux sont en cours.</span>`;
}

/** The dashboard pages where a source's figures appear, as links. */
function resultsWhere(source: string): Html {
  const pages = resultsPages(source);
  const links = pages.map((p, i) => html`${i === 0 ? '' : i === pages.length - 1 ? ' et ' : ', '}<a href="${p.page}">« ${p.titre} »</a>`);
  return html`sur ${pages.length > 1 ? 'les pages' : 'la page'} ${links} du tableau de bord`;
}

function mappingSection(m: Mapping): Html {
  return html`<section aria-labelledby="correspondance">
<h2 id="correspondance">Correspondance des colonnes avec le questionnaire « ${m.titre} »</h2>
<p class="aide">Questionnaire <code>${m.questionnaire}</code>. Vérifiez que chaque colonne est lue comme la bonne question.</p>
<table class="correspondance">
<caption class="lecteur-ecran">Colonnes du fichier et questions du questionnaire</caption>
<thead><tr><th scope="col">Colonne du fichier</th><th scope="col">Question</th><th scope="col">Type</th><th scope="col">Réponses admises</th><th scope="col">Réponses lues</th></tr></thead>
<tbody>${m.questions.map((q) => html`<tr data-question="${q.id}"><td>${q.header}</td><td><strong>${q.id}</strong> — ${q.libelle}</td><td>${TYPES[q.type] ?? q.type}</td><td>${q.admis}</td><td>${count(q.reponses)}</td></tr>`)}</tbody>
</table>
<h3>Autres colonnes</h3>
<ul>${m.columns.map((c) => html`<li>« ${c.header} » → <code>${c.name}</code> (${c.doc})</li>`)}
${m.ignored.map((h) => html`<li>« ${h} » : inconnue du format, non chargée</li>`)}</ul>
</section>`;
}

const TYPES: Record<string, string> = { choix_unique: 'choix unique', choix_multiple: 'choix multiple', echelle: 'échelle', texte_libre: 'texte libre' };

type StepState = 'fait' | 'en-cours' | 'a-venir' | 'echec' | 'sans-objet';

function stepStates(status: FollowStatus): StepState[] {
  const at = STEPS.findIndex((s) => s.stage === status.stage);
  if (status.stage === 'refused') return ['fait', 'echec', 'sans-objet', 'sans-objet', 'sans-objet'];
  if (status.stage === 'unchanged') return ['fait', 'fait', 'sans-objet', 'sans-objet', 'sans-objet'];
  if (status.stage === 'failed') return ['fait', 'fait', 'echec', 'sans-objet', 'sans-objet'];
  // Published, but the dashboard could not be rebuilt.
  if (status.stage === 'published' && status.done) return ['fait', 'fait', 'fait', 'fait', 'echec'];
  return STEPS.map((_, i) => (i < at || (i === at && (status.done || status.stage === 'published')) ? 'fait' : i === at || (i === at + 1 && status.stage === 'published') ? 'en-cours' : 'a-venir'));
}

const STATE_WORDS: Record<StepState, string> = { fait: 'fait', 'en-cours': 'en cours', 'a-venir': 'à venir', echec: 'en échec', 'sans-objet': 'sans objet' };

export function followPage(account: Account, upload: { id: string; file_name: string; source: string; period?: string }, status: FollowStatus): string {
  return layout('Suivi de l’import', html`
<p>Fichier « ${upload.file_name} » (${sourceName(upload.source)}).</p>
<div data-suivi="/import/${upload.id}/etat">
${raw(followBody(status, upload))}
</div>
<noscript><p><a href="/import/${upload.id}">Actualiser</a></p></noscript>`, account);
}

/** The part of the follow-up page that the script replaces as the job moves on. */
export function followBody(status: FollowStatus, upload: { source: string; period?: string }): string {
  const states = stepStates(status);
  return html`<p id="etat" class="etat etat-${status.stage}" role="status" aria-live="polite" data-etape="${status.stage}" data-fini="${status.done ? 'oui' : 'non'}">${status.message}</p>
<ol class="etapes">
<li class="fait">Envoyé et contrôlé <span class="lecteur-ecran">(fait)</span></li>
${STEPS.map((s, i) => html`<li class="${states[i]}" ${states[i] === 'en-cours' ? html`aria-current="step"` : ''}>${s.label} <span class="lecteur-ecran">(${STATE_WORDS[states[i]]})</span></li>`)}
</ol>
${status.notes && status.notes.length > 0 ? html`<ul class="remarques">${status.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ''}
${status.error ? html`<pre class="erreur">${status.error}</pre>` : ''}
${status.stage === 'dashboard' ? resultsSection(upload) : ''}
${status.done ? html`<p><a href="/">Voir le tableau de bord</a> · <a href="/import">Importer un autre fichier</a></p>` : ''}`.text;
}

/** Once the dashboard is up to date: where the new figures are. */
function resultsSection(upload: { source: string; period?: string }): Html {
  const year = upload.period && /^\d{4}/.exec(upload.period)?.[0];
  return html`<p class="resultats">Les nouveaux chiffres sont ${resultsWhere(upload.source)}${upload.source === 'consultation' && year
    ? html` : choisissez la consultation ${year} dans la liste « Consultation » de la page (la plus récente y est montrée d’abord)` : ''}.</p>`;
}
