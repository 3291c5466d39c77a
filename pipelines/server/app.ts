// The one HTTP server: the built dashboard and the import application behind a login, with
// security headers. Every path but the login page and its stylesheet needs a session.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { requestPath } from '../dashboard/serve.ts';
import { log } from '../log.ts';
import { adminRoutes } from './admin_routes.ts';
import { authRoutes } from './auth_routes.ts';
import type { AppContext } from './context.ts';
import { dashboardRoutes } from './dashboard_routes.ts';
import { importRoutes } from './import_routes.ts';
import { loginPage, messagePage } from './pages.ts';
import { sessionAccount, SESSION_COOKIE } from './sessions.ts';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
const PUBLIC_FILES: Record<string, string> = { 'style.css': 'text/css; charset=utf-8', 'suivi.js': 'text/javascript; charset=utf-8' };
/** The body of any form but an upload. */
const BODY_LIMIT = 64 * 1024;
/** What a multipart form adds to its file: boundaries, headers, the other fields. */
const FORM_MARGIN = 1024 * 1024;
/** What an account that must change its password may reach. */
const PASSWORD_CHANGE_PATHS = new Set(['/compte/mot-de-passe', '/deconnexion', '/_solidata/style.css']);
/** Everything an anonymous visitor may reach, path by path, nothing under a prefix. */
const PUBLIC_PATHS = new Set(['/connexion', ...Object.keys(PUBLIC_FILES).map((file) => `/_solidata/${file}`)]);

/** Our own pages: nothing but this origin's stylesheet and script, no frame, forms to this origin. */
export const PAGES_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"],
    formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"],
  },
};

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  // X-Forwarded-For is believed from the named proxies only: from anyone, it would forge the
  // address that the login brake and the audit log go by.
  const proxies = ctx.settings.trustedProxies;
  const app = Fastify({ logger: false, trustProxy: proxies.length > 0 ? proxies : false, bodyLimit: BODY_LIMIT });
  const maxUpload = ctx.settings.maxUploadMo * 1024 * 1024;
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: PAGES_CSP,
    // Over plain HTTP (a local address) HSTS would only mislead; behind HTTPS it is wanted.
    strictTransportSecurity: ctx.settings.https ? { maxAge: 31536000 } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  await app.register(fastifyRateLimit, { global: false });

  const allowedHosts = new Set(ctx.settings.allowedHosts.map((h) => h.toLowerCase()));
  app.addHook('onRequest', async (request, reply) => {
    if (!allowedHosts.has(hostName(request.headers.host))) {
      return reply.code(421).type('text/plain; charset=utf-8')
        .send('Adresse de serveur non reconnue : ajoutez ce nom à « serveur.hotes_autorises » dans solidata.config.yaml.');
    }
    // A path that a browser would never send (dot segments, raw or encoded; bad escapes) names nothing.
    if (requestPath(request.url) === undefined) {
      return reply.code(400).type('text/plain; charset=utf-8').send('Adresse invalide.');
    }
    // A form posted from another site is refused (SameSite=Strict already keeps the cookie away).
    if (request.method !== 'GET' && request.method !== 'HEAD' && !sameOrigin(request)) {
      return reply.code(403).type('text/html; charset=utf-8').send(messagePage('Requête refusée', 'Cette requête ne vient pas d’une page de ce site.'));
    }
    request.account = await sessionAccount(ctx.pool, request.cookies[SESSION_COOKIE], ctx.settings.idleMinutes);
    if (!request.account && !isPublic(request)) {
      // Nothing but the login page for an anonymous visitor: a page asks for it, anything else gets 401.
      if (request.method === 'GET' && wantsPage(request)) return reply.redirect(`/connexion?suite=${encodeURIComponent(request.url)}`, 303);
      return refuseBody(request, reply.code(401).type('text/plain; charset=utf-8')).send('Connexion requise.');
    }
    // A body larger than the route takes is refused on its announced length, before it is read.
    const announced = Number(request.headers['content-length'] ?? 0);
    const limit = request.method === 'POST' && request.url.split('?')[0] === '/import' ? maxUpload + FORM_MARGIN : BODY_LIMIT;
    if (announced > limit) {
      return refuseBody(request, reply.code(413).type('text/plain; charset=utf-8'))
        .send(`Envoi trop volumineux : ${(limit / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo au plus.`);
    }
    // A password handed over by someone else is changed before anything else is served.
    if (request.account?.must_change_password && !PASSWORD_CHANGE_PATHS.has(request.url.split(/[?#]/, 1)[0])) {
      if (request.method === 'GET' && wantsPage(request)) return reply.redirect('/compte/mot-de-passe', 303);
      return reply.code(403).type('text/plain; charset=utf-8').send('Changez d’abord votre mot de passe : /compte/mot-de-passe.');
    }
  });
  // Nothing served behind the login is kept by a browser or a proxy: a shared computer's cache
  // or back button must not show figures or reports to the next person.
  app.addHook('onSend', async (request, reply) => {
    if (request.account) reply.header('cache-control', 'no-store');
  });

  app.get('/_solidata/:file', (request, reply) => {
    const { file } = request.params as { file: string };
    if (!PUBLIC_FILES[file]) return reply.code(404).type('text/plain; charset=utf-8').send('Introuvable');
    return reply.type(PUBLIC_FILES[file]).header('cache-control', 'no-cache').send(readFileSync(path.join(PUBLIC_DIR, file)));
  });

  await app.register(authRoutes(ctx));
  await app.register(importRoutes(ctx));
  await app.register(adminRoutes(ctx));
  await app.register(dashboardRoutes(ctx));

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).type('text/html; charset=utf-8').send(messagePage('Page introuvable', `Aucune page à l’adresse ${request.url}.`, request.account)));
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429) {
      return reply.code(429).type('text/html; charset=utf-8').send(loginPage({ suite: '/', error: error.message }));
    }
    if (status >= 500) log.fail(`serveur : ${request.method} ${request.url} : ${error.message}`);
    log.debug(String(error.stack));
    return reply.code(status).type('text/html; charset=utf-8').send(messagePage(status >= 500 ? 'Erreur du serveur' : 'Requête refusée',
      status >= 500 ? 'Une erreur inattendue s’est produite ; elle est consignée dans le terminal du serveur. Réessayez, ou prévenez l’administrateur.' : error.message,
      request.account));
  });
  return app;
}

/**
 * A refusal sent before the request's body is read: the connection is closed after it, rather
 * than kept alive by reading (and throwing away) everything the client still sends.
 */
function refuseBody(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.headers['content-length'] || request.headers['transfer-encoding']) reply.header('connection', 'close');
  return reply;
}

/** Public only when the path as sent, not encoded in any way, is one of the public ones. */
const isPublic = (request: FastifyRequest) => PUBLIC_PATHS.has(request.url.split(/[?#]/, 1)[0]);

/** The name in a Host header, lower-case, without port or IPv6 brackets. */
export function hostName(header: string | undefined): string {
  const host = (header ?? '').trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d+$/, '').replace(/\.$/, '');
}

const wantsPage = (request: FastifyRequest) => Boolean(request.headers.accept?.includes('text/html'));

/**
 * Browsers say where a request comes from in Sec-Fetch-Site; under Referrer-Policy: no-referrer
 * they send `Origin: null` even from this site's own forms, so Origin is read only when it names one.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}
