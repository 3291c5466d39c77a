// The administration page: accounts, the queue's recent runs step by step, and the journal (paged,
// filtered by who, what and when). The other pages are in pages.ts.
import path from 'node:path';
import { ROLES, type Account } from './accounts.ts';
import { ACTION_LABELS, JOURNAL_PAGE_SIZE, type AuditAction, type AuditFilter, type JournalEntry } from './audit.ts';
import { html, type Html } from './html.ts';
import type { Materialisation } from '../runner/history.ts';
import { count, dateTime, layout, ROLE_LABELS, sourceName } from './pages.ts';

/** A run of the queue as the admin page shows it: its steps (materialisations) in the order they began. */
export interface RunView { run_id: string; steps: Materialisation[] }

/** The journal's page: its entries, how many match in all, the filter and page asked for. */
export interface JournalView { entries: JournalEntry[]; total: number; filter: AuditFilter; page: number; warning?: string }

export function adminPage(account: Account, data: { accounts: Account[]; runs: RunView[]; journal: JournalView; created?: { name: string; password: string }; error?: string }): string {
  return layout('Administration', html`
${data.error ? html`<div class="alerte" role="alert"><p>${data.error}</p></div>` : ''}
${data.created ? html`<div class="succes" role="status"><p>Compte « ${data.created.name} » créé. Son mot de passe, à lui transmettre, n’est affiché qu’une fois :</p>
<p><code class="secret" data-mot-de-passe>${data.created.password}</code></p></div>` : ''}
<section aria-labelledby="comptes">
<h2 id="comptes">Comptes</h2>
<table>
<thead><tr><th scope="col">Nom</th><th scope="col">Rôle</th><th scope="col">Créé le</th><th scope="col">Dernière connexion</th><th scope="col"><span class="lecteur-ecran">Action</span></th></tr></thead>
<tbody>${data.accounts.map((a) => html`<tr><td>${a.name}</td><td>${a.role}</td><td>${dateTime(a.created_at)}</td><td>${dateTime(a.last_login_at)}</td>
<td>${a.name === account.name ? '' : html`<form method="post" action="/admin/comptes/${a.name}/supprimer"><button type="submit" class="secondaire">Supprimer <span class="lecteur-ecran">${a.name}</span></button></form>`}</td></tr>`)}</tbody>
</table>
<form method="post" action="/admin/comptes" class="formulaire en-ligne">
  <p><label for="nouveau-nom">Nouveau compte</label> <input id="nouveau-nom" name="nom" required pattern="[a-z0-9][a-z0-9._\\-]{0,63}" aria-describedby="nom-aide">
  <span id="nom-aide" class="aide">minuscules, chiffres, « . », « - », « _ »</span></p>
  <p><label for="nouveau-role">Rôle</label> <select id="nouveau-role" name="role">${ROLES.map((r) => html`<option value="${r}">${ROLE_LABELS[r]}</option>`)}</select></p>
  <p><button type="submit">Créer le compte</button> <span class="aide">(mot de passe tiré au hasard, affiché une fois)</span></p>
</form>
</section>
<section aria-labelledby="travaux">
<h2 id="travaux">Travaux récents</h2>
${data.runs.length === 0 ? html`<p>Aucun travail enregistré.</p>` : ''}
${data.runs.map((r, i) => runSection(r, i))}
</section>
${journalSection(data.accounts, data.journal)}`, account);
}

const STEP_STATES: Record<Materialisation['status'], string> = { running: 'en cours', success: 'réussi', failed: 'en échec', skipped: 'non fait (amont en échec)' };

/** One run: a summary line (when, how long, outcome, sources loaded), its steps with their durations inside. */
function runSection(run: RunView, index: number): Html {
  const steps = run.steps;
  const began = steps[0].started_at;
  const running = steps.some((s) => s.status === 'running');
  const failed = steps.filter((s) => s.status === 'failed');
  const ended = running ? null : steps.reduce<Date | null>((last, s) => (s.ended_at && (!last || s.ended_at > last) ? s.ended_at : last), null);
  const loaded = steps.filter((s) => s.asset.startsWith('raw.') && s.status === 'success').map((s) => sourceName(s.asset.slice(4)));
  const state = failed.length > 0 ? `en échec : ${failed.map((s) => stepName(s.asset)).join(', ')}` : running ? 'en cours' : 'réussi';
  const longest = steps.reduce((a, s) => (seconds(s) > seconds(a) ? s : a));
  return html`<details class="travail" data-travail="${index}">
<summary>${dateTime(began)} — ${running ? '' : `${duration(began, ended)} — `}${state} — ${count(steps.length)} étape(s)${loaded.length > 0 ? ` — sources chargées : ${loaded.join(', ')}` : ''}${steps.length > 1 && !running ? ` — la plus longue : ${stepName(longest.asset)} (${duration(longest.started_at, longest.ended_at)})` : ''}</summary>
<table>
<caption class="lecteur-ecran">Étapes du travail commencé le ${dateTime(began)}</caption>
<thead><tr><th scope="col">Étape</th><th scope="col">Début</th><th scope="col">Durée</th><th scope="col">État</th><th scope="col">Lignes</th></tr></thead>
<tbody>${steps.map((s) => html`<tr data-etape="${s.asset}"><td>${stepName(s.asset)}</td><td>${time(s.started_at)}</td><td>${s.status === 'running' ? 'en cours' : duration(s.started_at, s.ended_at)}</td><td>${STEP_STATES[s.status]}</td><td>${s.rows == null ? '' : count(Number(s.rows))}</td></tr>
${stagesOf(s)}`)}</tbody>
</table>
</details>`;
}

/** The stages of a long step (the dashboard's build), each until the next begins, below its row. */
function stagesOf(s: Materialisation): Html[] {
  const stages = s.etapes ?? [];
  return stages.map((e, i) => {
    const until = stages[i + 1]?.debut ?? s.ended_at;
    const current = !stages[i + 1] && s.status === 'running';
    return html`<tr class="sous-etape" data-sous-etape="${e.nom}"><td>↳ ${e.nom}</td><td>${time(new Date(e.debut))}</td><td>${current ? 'en cours' : duration(e.debut, until)}</td><td>${current ? 'en cours' : ''}</td><td></td></tr>`;
  });
}

/** An asset as a step of a run, in words where it has some. */
function stepName(asset: string): string {
  if (asset.startsWith('raw.')) return `chargement : ${sourceName(asset.slice(4))}`;
  return STEP_NAMES[asset] ?? asset;
}
const STEP_NAMES: Record<string, string> = { publication: 'publication', dashboard: 'tableau de bord' };

const seconds = (s: { started_at: Date; ended_at: Date | null }) => (s.ended_at ? (new Date(s.ended_at).getTime() - new Date(s.started_at).getTime()) / 1000 : 0);
const time = (d: Date) => new Date(d).toLocaleTimeString('fr-FR', { timeStyle: 'medium', timeZone: 'Europe/Paris' });

/** A duration in French: « moins d’1 s », « 12 s », « 1 min 12 s », « 1 h 05 min ». */
export function duration(from: Date | string, to: Date | string | null): string {
  if (!to) return '—';
  const total = Math.max(0, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000));
  if (total < 1) return 'moins d’1 s';
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min${total % 60 ? ` ${total % 60} s` : ''}`;
  return `${Math.floor(total / 3600)} h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')} min`;
}

/** The journal: a filter (who, what, which days), one page of 50 entries in words, links to the other pages. */
function journalSection(accounts: Account[], j: JournalView): Html {
  const pages = Math.max(1, Math.ceil(j.total / JOURNAL_PAGE_SIZE));
  const link = (page: number) => {
    const q = new URLSearchParams();
    if (j.filter.account) q.set('qui', j.filter.account);
    if (j.filter.action) q.set('quoi', j.filter.action);
    if (j.filter.since) q.set('depuis', j.filter.since);
    if (j.filter.until) q.set('jusqua', j.filter.until);
    if (page > 1) q.set('page', String(page));
    const query = q.toString();
    return `/admin${query ? `?${query}` : ''}#journal`;
  };
  const filtered = Boolean(j.filter.account || j.filter.action || j.filter.since || j.filter.until);
  return html`<section aria-labelledby="journal">
<h2 id="journal">Journal (connexions, imports, comptes)</h2>
${j.warning ? html`<div class="alerte" role="alert"><p>${j.warning}</p></div>` : ''}
<form method="get" action="/admin#journal" class="formulaire en-ligne" aria-label="Filtrer le journal">
  <p><label for="qui">Compte</label> <input id="qui" name="qui" list="comptes-connus" value="${j.filter.account ?? ''}" autocapitalize="none" spellcheck="false"></p>
  <datalist id="comptes-connus">${accounts.map((a) => html`<option value="${a.name}"></option>`)}</datalist>
  <p><label for="quoi">Action</label> <select id="quoi" name="quoi"><option value="">toutes</option>${(Object.keys(ACTION_LABELS) as AuditAction[]).map((a) => html`<option value="${a}" ${a === j.filter.action ? html`selected` : ''}>${ACTION_LABELS[a]}</option>`)}</select></p>
  <p><label for="depuis">Du <span class="aide">(jour compris)</span></label> <input id="depuis" name="depuis" type="date" value="${j.filter.since ?? ''}"></p>
  <p><label for="jusqua">Au <span class="aide">(jour compris)</span></label> <input id="jusqua" name="jusqua" type="date" value="${j.filter.until ?? ''}"></p>
  <p><button type="submit">Filtrer</button>${filtered ? html` <a href="/admin#journal">Tout le journal</a>` : ''}</p>
</form>
<p id="journal-compte">${j.total === 0 ? (filtered ? 'Aucune entrée ne répond à ce filtre.' : 'Le journal est vide.') : `${count(j.total)} entrée(s)${filtered ? ' pour ce filtre' : ''} — page ${count(j.page)} sur ${count(pages)}, ${JOURNAL_PAGE_SIZE} par page, les plus récentes d’abord.`}</p>
${j.entries.length > 0 ? html`<table aria-describedby="journal-compte">
<thead><tr><th scope="col">Quand</th><th scope="col">Compte</th><th scope="col">Action</th><th scope="col">Adresse</th><th scope="col">Détail</th></tr></thead>
<tbody>${j.entries.map((e) => html`<tr><td>${dateTime(e.at)}</td><td>${e.account ?? '—'}</td><td>${ACTION_LABELS[e.action] ?? e.action}</td><td>${e.address ?? ''}</td><td>${detailOf(e)}</td></tr>`)}</tbody>
</table>` : ''}
${pages > 1 ? html`<nav aria-label="Pages du journal" class="pages"><ul>
${j.page > 1 ? html`<li><a href="${link(j.page - 1)}" rel="prev">Page précédente</a></li>` : ''}
${Array.from({ length: pages }, (_, k) => k + 1).filter((p) => p === 1 || p === pages || Math.abs(p - j.page) <= 2).map((p) =>
    p === j.page ? html`<li><a href="${link(p)}" aria-current="page">${count(p)}</a></li>` : html`<li><a href="${link(p)}">${count(p)}</a></li>`)}
${j.page < pages ? html`<li><a href="${link(j.page + 1)}" rel="next">Page suivante</a></li>` : ''}
</ul></nav>` : ''}
</section>`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An entry's detail in words: the account created, the file sent, with a link to an import's follow-up. */
function detailOf(e: JournalEntry): Html | string {
  const d = e.detail as Record<string, unknown>;
  const file = typeof d.fichier === 'string' ? `fichier « ${path.basename(d.fichier)} »` : '';
  const source = typeof d.source === 'string' ? sourceName(d.source) : '';
  const words = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(', ');
  switch (e.action) {
    case 'account_added': return words(`compte « ${String(d.compte ?? '')} »`, typeof d.role === 'string' && `rôle ${d.role}`);
    case 'account_removed': return `compte « ${String(d.compte ?? '')} »`;
    case 'upload_validated': return words(source, file, typeof d.lignes === 'number' && `${count(d.lignes)} ligne(s)`);
    case 'upload_questionnaire': return words(source, file, typeof d.questions === 'number' && `${count(d.questions)} question(s) à décrire`);
    case 'upload_refused': return words(source, file, typeof d.problemes === 'number' && `${count(d.problemes)} problème(s)`);
    case 'upload_cancelled': return words(source, file);
    case 'import': return html`${words(source, file)}${e.upload_id ? html` — <a href="/import/${e.upload_id}">suivi de l’import</a>` : ''}`;
    case 'login_refused': return d.page === 'mot-de-passe' ? 'au changement de mot de passe' : '';
    default:
      // Anything else recorded later, in its own words, never an identifier.
      return Object.entries(d).filter(([, v]) => !(typeof v === 'string' && UUID.test(v)))
        .map(([k, v]) => `${k} : ${typeof v === 'string' ? (k === 'fichier' ? path.basename(v) : v) : JSON.stringify(v)}`).join(' ; ');
  }
}
