// What every route module of the server shares: the context it is built with, the settings, and
// the role guard. Its own module, so that app.ts imports the route modules and none imports app.ts.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Graph } from '../assets/graph.ts';
import type { Paths } from '../config.ts';
import type { ReadLimits } from '../ingest/limits.ts';
import { allows, type Account, type Role } from './accounts.ts';
import { messagePage } from './pages.ts';

declare module 'fastify' {
  interface FastifyRequest {
    account?: Account;
  }
}

export interface ServerSettings {
  /** Served over HTTPS, directly or behind a reverse proxy: Secure cookies, HSTS. */
  https: boolean;
  /** The reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For gives the client's address. */
  trustedProxies: string[];
  /** Minutes without a request after which a session ends. */
  idleMinutes: number;
  /** The largest file an upload may carry, in megabytes. */
  maxUploadMo: number;
  /** Login requests per account name, address and minute, before any password is even checked. */
  loginsPerMinute: number;
  /**
   * The host names (without port) a request may be addressed to: a page of another site that
   * rebinds its DNS name to this server still sends its own name in Host, and is refused.
   */
  allowedHosts: string[];
  /** The limits of reading an uploaded file (READ_LIMITS unless a test shrinks them). */
  readLimits?: Partial<ReadLimits>;
}

export const LOCAL_HOSTS = ['localhost', '127.0.0.1', '::1'];
export const DEFAULT_SERVER_SETTINGS: ServerSettings = { https: false, trustedProxies: [], idleMinutes: 30, maxUploadMo: 20, loginsPerMinute: 20, allowedHosts: LOCAL_HOSTS };

export interface AppContext {
  pool: pg.Pool;
  paths: Paths;
  graph: Graph;
  settings: ServerSettings;
}

/** Stops a request whose account lacks the role; says why, in French. */
export function requireRole(role: Role, why: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const account = request.account!;
    if (!allows(account.role, role)) {
      return reply.code(403).type('text/html; charset=utf-8')
        .send(messagePage('Accès réservé', `Votre compte « ${account.name} » (${account.role}) ${why} Demandez ce rôle à un administrateur.`, account));
    }
  };
}
