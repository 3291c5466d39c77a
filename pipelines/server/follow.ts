// Where a confirmed import stands, read from the job queue and the materialisation history: queued,
// loading, refreshing what depends on it, published, dashboard rebuilt (or refused, or failed).
// The refresh is what was materialised downstream of the source after the import ended: the first
// publication after the load holds it, and the first dashboard build after that shows it.
import type pg from 'pg';
import type { Graph } from '../assets/graph.ts';
import { storedImportResult } from '../ingest/delivery.ts';
import { ofRun, type Materialisation } from '../runner/history.ts';

export type Stage = 'queued' | 'loading' | 'refreshing' | 'published' | 'dashboard' | 'unchanged' | 'refused' | 'failed';

export const STEPS: { stage: Stage; label: string }[] = [
  { stage: 'queued', label: 'En file d’attente' },
  { stage: 'loading', label: 'Contrôle et chargement dans l’entrepôt' },
  { stage: 'refreshing', label: 'Recalcul des indicateurs' },
  { stage: 'published', label: 'Publié' },
  { stage: 'dashboard', label: 'Tableau de bord à jour' },
];

/** The import job's key in the queue: how its state is found while no history row exists yet. */
export const importJobKey = (runId: string) => `import:${runId}`;

export interface FollowStatus {
  stage: Stage;
  /** One sentence for the person waiting (also read out by screen readers as it changes). */
  message: string;
  /** Nothing more will happen: the page stops asking. */
  done: boolean;
  lignes?: number;
  notes?: string[];
  error?: string;
}

export async function followImport(pool: pg.Pool, graph: Graph, upload: { run_id: string; source: string }): Promise<FollowStatus> {
  const [load] = (await ofRun(pool, upload.run_id)).filter((m) => m.asset === `raw.${upload.source}`);
  if (!load) {
    const { rows } = await pool.query<{ locked: boolean }>(
      `SELECT locked_at IS NOT NULL AS locked FROM graphile_worker.jobs WHERE key = $1`, [importJobKey(upload.run_id)]);
    return rows[0]?.locked
      ? { stage: 'loading', message: 'Contrôle et chargement dans l’entrepôt en cours…', done: false }
      : { stage: 'queued', message: 'En file d’attente : le chargement commencera dès que l’entrepôt sera libre.', done: false };
  }
  if (load.status === 'running') return { stage: 'loading', message: 'Contrôle et chargement dans l’entrepôt en cours…', done: false };
  if (load.status !== 'success') {
    return { stage: 'refused', message: 'Refusé au chargement : rien n’a été chargé, les données publiées précédemment restent en ligne.', done: true, error: load.error ?? undefined };
  }
  const result = storedImportResult(load.deliveries[0]);
  const loaded = { lignes: result?.rows, notes: result?.notes };
  if (result?.unchanged) return { stage: 'unchanged', message: 'Ce fichier était déjà chargé à l’identique : rien n’a changé.', done: true, ...loaded };

  const since = await materialisedSince(pool, load);
  const downstream = new Set(graph.downstream(load.asset));
  const publication = since.find((m) => m.asset === 'publication');
  const dashboard = publication && since.find((m) => m.asset === 'dashboard' && m.started_at >= publication.started_at);
  // A failure anywhere upstream of the publication skips it: the run says which asset failed and why.
  if (publication && publication.status !== 'success' && publication.status !== 'running') {
    return {
      stage: 'failed', done: true, ...loaded,
      message: 'Chargé, mais le recalcul a échoué : les données publiées précédemment restent en ligne.',
      error: since.filter((m) => m.status === 'failed' && m.started_at <= publication.started_at).map((m) => `${m.asset} : ${m.error ?? 'échec'}`).join('\n') || publication.error || undefined,
    };
  }
  if (publication?.status === 'success') {
    if (dashboard?.status === 'success') return { stage: 'dashboard', message: 'Tableau de bord à jour : les nouveaux chiffres sont en ligne.', done: true, ...loaded };
    if (dashboard && dashboard.status !== 'running') {
      return { stage: 'published', done: true, ...loaded, message: 'Publié, mais le tableau de bord n’a pas pu être reconstruit : il montre encore les chiffres précédents.', error: dashboard.error ?? undefined };
    }
    // The build's current stage, when it has begun one (a full build takes minutes, a refresh less).
    const current = dashboard?.status === 'running' ? dashboard.etapes?.at(-1) : undefined;
    const detail = current ? ` (${current.nom}, depuis ${new Date(current.debut).toLocaleTimeString('fr-FR', { timeStyle: 'short', timeZone: 'Europe/Paris' })})` : '';
    return { stage: 'published', message: `Publié : le tableau de bord est en cours de reconstruction${detail}…`, done: false, ...loaded };
  }
  const doneSteps = since.filter((m) => downstream.has(m.asset) && m.status === 'success').length;
  return {
    stage: 'refreshing', done: false, ...loaded,
    message: `Chargé (${(result?.rows ?? 0).toLocaleString('fr-FR')} lignes) : recalcul des indicateurs en cours${doneSteps ? ` (${doneSteps} étape(s) terminée(s))` : ''}…`,
  };
}

/**
 * Everything materialised since the import was loaded, in order. Not one run's: when two deliveries
 * arrive together the runner merges their plans, and an asset's job may carry the other plan's run
 * id; the first publication after the load holds it either way.
 */
async function materialisedSince(pool: pg.Pool, load: Materialisation): Promise<Materialisation[]> {
  const { rows } = await pool.query<Materialisation>(
    `SELECT * FROM solidata.materialisations WHERE started_at >= $1 ORDER BY started_at, id`, [load.ended_at]);
  return rows;
}
