// Sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure behind HTTPS); Postgres
// keeps only its SHA-256, with an expiry, so that ending a session or an account ends it at once.
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Account } from './accounts.ts';

export const SESSION_COOKIE = 'solidata_session';
/** A working day: a session opened in the morning lasts until the evening. */
export const SESSION_HOURS = 12;

export const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export async function openSession(pool: pg.Pool, account: string, hours = SESSION_HOURS): Promise<{ token: string; expires: Date }> {
  const token = randomBytes(32).toString('base64url');
  const { rows } = await pool.query<{ expires_at: Date }>(
    `INSERT INTO solidata_auth.sessions (token_sha256, account, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING expires_at`,
    [digest(token), account, hours * 3600],
  );
  // Expired sessions go when someone logs in: no job needed to sweep them.
  await pool.query('DELETE FROM solidata_auth.sessions WHERE expires_at < now()');
  return { token, expires: rows[0].expires_at };
}

/** A working day at most, and half an hour without a request by default. */
export const IDLE_MINUTES = 30;

/** The account behind a cookie's token, while its session lasts and has not been idle too long. */
export async function sessionAccount(pool: pg.Pool, token: string | undefined, idleMinutes = IDLE_MINUTES): Promise<(Account & { session: string }) | undefined> {
  if (!token || token.length > 100) return undefined;
  const { rows } = await pool.query<Account & { session: string; idle: number }>(
    `SELECT a.name, a.role, a.created_at, a.last_login_at, a.must_change_password, s.token_sha256 AS session,
            extract(epoch FROM now() - s.last_seen_at)::float8 AS idle
     FROM solidata_auth.sessions s JOIN solidata_auth.accounts a ON a.name = s.account
     WHERE s.token_sha256 = $1 AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $2)`,
    [digest(token), idleMinutes],
  );
  const found = rows[0];
  if (!found) return undefined;
  // Written at most once a minute: a page fetches dozens of files.
  if (found.idle > 60) await pool.query('UPDATE solidata_auth.sessions SET last_seen_at = now() WHERE token_sha256 = $1', [found.session]);
  const { idle: _, ...account } = found;
  return account;
}

export async function closeSession(pool: pg.Pool, token: string | undefined): Promise<void> {
  if (token) await pool.query('DELETE FROM solidata_auth.sessions WHERE token_sha256 = $1', [digest(token)]);
}

export function cookieOptions(secure: boolean, expires?: Date) {
  return { path: '/', httpOnly: true, sameSite: 'strict' as const, secure, ...(expires ? { expires } : {}) };
}
