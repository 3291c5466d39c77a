// The audit log: every login (refused ones too), logout, upload, import and change of accounts,
// with who, when and from where. Refused logins in it are also what slows down password guessing.
import type pg from 'pg';

export type AuditAction =
  | 'login' | 'login_refused' | 'login_throttled' | 'logout'
  | 'upload_validated' | 'upload_questionnaire' | 'upload_refused' | 'upload_cancelled' | 'import'
  | 'account_added' | 'account_removed' | 'first_admin' | 'password_changed';

export const ACTION_LABELS: Record<AuditAction, string> = {
  login: 'connexion',
  login_refused: 'connexion refusée',
  login_throttled: 'connexion bloquée (trop d’essais)',
  logout: 'déconnexion',
  upload_validated: 'fichier envoyé et valide',
  upload_questionnaire: 'fichier envoyé, questionnaire à décrire',
  upload_refused: 'fichier envoyé et refusé',
  upload_cancelled: 'import annulé',
  import: 'import confirmé',
  account_added: 'compte créé',
  account_removed: 'compte supprimé',
  first_admin: 'premier compte admin créé',
  password_changed: 'mot de passe changé',
};

export interface AuditEntry {
  id: number;
  at: Date;
  account: string | null;
  action: AuditAction;
  address: string | null;
  detail: Record<string, unknown>;
}

export async function record(pool: pg.Pool, entry: { account?: string | null; action: AuditAction; address?: string | null; detail?: object }): Promise<void> {
  await pool.query('INSERT INTO solidata_auth.audit (account, action, address, detail) VALUES ($1, $2, $3, $4)', [
    entry.account ?? null, entry.action, entry.address ?? null, JSON.stringify(entry.detail ?? {}),
  ]);
}

/** What the journal is narrowed to: an account, an action, a span of days (AAAA-MM-JJ, Paris time, both included). */
export interface AuditFilter {
  account?: string;
  action?: AuditAction;
  since?: string;
  until?: string;
}

export const JOURNAL_PAGE_SIZE = 50;

/** An entry with, for an import, the upload it confirmed (for a link to its follow-up page). */
export type JournalEntry = AuditEntry & { upload_id: string | null };

/** One page of the journal, newest first, and how many entries the filter matches in all. */
export async function journalPage(pool: pg.Pool, filter: AuditFilter, page = 1, size = JOURNAL_PAGE_SIZE): Promise<{ entries: JournalEntry[]; total: number }> {
  // Days are Paris days: « jusqu’au 3 » includes the whole of the 3rd.
  const where = `($1::text IS NULL OR a.account = $1) AND ($2::text IS NULL OR a.action = $2)
    AND ($3::date IS NULL OR a.at >= $3::date::timestamp AT TIME ZONE 'Europe/Paris')
    AND ($4::date IS NULL OR a.at < ($4::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')`;
  const params = [filter.account ?? null, filter.action ?? null, filter.since ?? null, filter.until ?? null];
  const [{ rows }, counted] = await Promise.all([
    pool.query<JournalEntry>(
      `SELECT a.*, u.id::text AS upload_id FROM solidata_auth.audit a
       LEFT JOIN solidata_auth.uploads u ON a.action = 'import' AND u.run_id::text = a.detail->>'run'
       WHERE ${where} ORDER BY a.at DESC, a.id DESC LIMIT $5 OFFSET $6`,
      [...params, size, (Math.max(1, page) - 1) * size],
    ),
    pool.query<{ n: string }>(`SELECT count(*) AS n FROM solidata_auth.audit a WHERE ${where}`, params),
  ]);
  return { entries: rows, total: Number(counted.rows[0].n) };
}

export async function recentEntries(pool: pg.Pool, limit = 50): Promise<AuditEntry[]> {
  const { rows } = await pool.query<AuditEntry>('SELECT * FROM solidata_auth.audit ORDER BY at DESC, id DESC LIMIT $1', [limit]);
  return rows;
}

/**
 * Refused logins for one name from one address: from the fifth on, the next attempt waits a
 * minute, then 2, 4, 8… up to an hour, counted since the last refusal (and forgotten after a
 * correct login or a day).
 */
export const THROTTLE = { perName: 5, firstWaitMinutes: 1, maxWaitMinutes: 60, windowHours: 24 };

/**
 * Seconds to wait before this name may be tried again from this address (0: now). Per name and
 * address: a stranger cannot lock an account out for its owner, nor a flood for other names
 * lock out the people behind the same address.
 */
export async function throttled(pool: pg.Pool, name: string, address: string, limits = THROTTLE): Promise<number> {
  const { rows } = await pool.query<{ refused: string; since_last: number | null }>(
    `SELECT count(*) AS refused, extract(epoch FROM now() - max(at))::float8 AS since_last
     FROM solidata_auth.audit
     WHERE action = 'login_refused' AND account = $1 AND address = $2 AND at > now() - make_interval(hours => $3)
       AND at > coalesce((SELECT max(at) FROM solidata_auth.audit WHERE action = 'login' AND account = $1 AND address = $2), '-infinity')`,
    [name, address, limits.windowHours],
  );
  const refused = Number(rows[0].refused);
  if (refused < limits.perName) return 0;
  const wait = Math.min(limits.firstWaitMinutes * 2 ** (refused - limits.perName), limits.maxWaitMinutes) * 60;
  return Math.max(0, Math.ceil(wait - (rows[0].since_last ?? 0)));
}
