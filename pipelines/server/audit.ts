// The audit log: every login (refused ones too), logout, upload, import and change of accounts,
// with who, when and from where. Refused logins in it are also what slows down password guessing.
import type pg from 'pg';

export type AuditAction =
  | 'login' | 'login_refused' | 'login_throttled' | 'logout'
  | 'upload_validated' | 'upload_refused' | 'upload_cancelled' | 'import'
  | 'account_added' | 'account_removed' | 'first_admin';

export const ACTION_LABELS: Record<AuditAction, string> = {
  login: 'connexion',
  login_refused: 'connexion refusée',
  login_throttled: 'connexion bloquée (trop d’essais)',
  logout: 'déconnexion',
  upload_validated: 'fichier envoyé et valide',
  upload_refused: 'fichier envoyé et refusé',
  upload_cancelled: 'import annulé',
  import: 'import confirmé',
  account_added: 'compte créé',
  account_removed: 'compte supprimé',
  first_admin: 'premier compte admin créé',
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

export async function recentEntries(pool: pg.Pool, limit = 50): Promise<AuditEntry[]> {
  const { rows } = await pool.query<AuditEntry>('SELECT * FROM solidata_auth.audit ORDER BY at DESC, id DESC LIMIT $1', [limit]);
  return rows;
}

/** How many refused logins (for one name, from one address, within a window) bar the next attempt. */
export const THROTTLE = { perName: 5, perAddress: 20, minutes: 15 };

/**
 * Whether a login attempt must be refused unheard: too many refused attempts lately for this
 * name from this address (counted since its last success), or from this address for any name.
 * Per address, so that a stranger cannot lock an account out for its owner.
 */
export async function throttled(pool: pg.Pool, name: string, address: string, limits = THROTTLE): Promise<boolean> {
  const { rows } = await pool.query<{ for_name: string; for_address: string }>(
    `SELECT
       count(*) FILTER (WHERE account = $1 AND at > coalesce((SELECT max(at) FROM solidata_auth.audit WHERE action = 'login' AND account = $1 AND address = $2), '-infinity')) AS for_name,
       count(*) AS for_address
     FROM solidata_auth.audit
     WHERE action = 'login_refused' AND address = $2 AND at > now() - make_interval(mins => $3)`,
    [name, address, limits.minutes],
  );
  return Number(rows[0].for_name) >= limits.perName || Number(rows[0].for_address) >= limits.perAddress;
}
