// Login and logout. Two brakes on password guessing, both for one name from one address, so that
// a flood for other names (a colleague behind the same office NAT, or an attacker) never locks
// out a correct login: a cap on login requests per minute, kept in memory; and refused logins
// counted in the audit log (Postgres), each one past the fifth doubling the wait.
import type { FastifyInstance } from 'fastify';
import { AccountError, checkLogin, setPassword } from './accounts.ts';
import type { AppContext } from './context.ts';
import { record, throttled } from './audit.ts';
import { accountPage, loginPage, passwordPage } from './pages.ts';
import { closeSession, cookieOptions, digest, openSession, SESSION_COOKIE } from './sessions.ts';

export function authRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/connexion', (request, reply) => {
      const suite = safeNext((request.query as { suite?: string }).suite);
      if (request.account) return reply.redirect(suite, 303);
      return reply.type('text/html; charset=utf-8').send(loginPage({ suite }));
    });

    app.post('/connexion', {
      config: {
        rateLimit: {
          // Once the form is read: the key is the name asked for, from this address.
          hook: 'preHandler',
          keyGenerator: (request) => `${request.ip}\n${String(((request.body ?? {}) as Record<string, unknown>).nom ?? '').trim().toLowerCase()}`,
          max: ctx.settings.loginsPerMinute,
          timeWindow: 60_000,
          // An Error, so that the server's error handler shows it on the login page.
          errorResponseBuilder: (_request, context) => Object.assign(new Error(
            `Trop de tentatives de connexion à ce compte depuis cette adresse : réessayez dans ${Math.ceil(context.ttl / 1000)} secondes.`), { statusCode: 429 }),
        },
      },
    }, async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      const name = String(form.nom ?? '').trim().toLowerCase();
      const suite = safeNext(form.suite);
      const address = request.ip;
      const page = (status: number, error: string) => reply.code(status).type('text/html; charset=utf-8').send(loginPage({ suite, name, error }));
      const wait = await throttled(ctx.pool, name, address);
      if (wait > 0) {
        await record(ctx.pool, { account: name, action: 'login_throttled', address });
        const minutes = Math.ceil(wait / 60);
        return page(429, `Trop d’essais infructueux pour ce compte depuis cette adresse : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}, ou demandez à un administrateur de vérifier votre compte.`);
      }
      const account = name ? await checkLogin(ctx.pool, name, String(form.mot_de_passe ?? '')) : undefined;
      if (!account) {
        await record(ctx.pool, { account: name || null, action: 'login_refused', address });
        return page(401, 'Nom de compte ou mot de passe incorrect.');
      }
      const session = await openSession(ctx.pool, account.name);
      await record(ctx.pool, { account: account.name, action: 'login', address });
      reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(ctx.settings.https));
      return reply.redirect(account.must_change_password ? '/compte/mot-de-passe' : suite, 303);
    });

    // A page the dashboard can link to: who is signed in, where to go, and the way out.
    app.get('/compte', (request, reply) => reply.type('text/html; charset=utf-8').send(accountPage(request.account!)));

    // Changing one's own password: the current one is asked (a session left open is not enough).
    app.get('/compte/mot-de-passe', (request, reply) => reply.type('text/html; charset=utf-8').send(passwordPage(request.account!)));
    app.post('/compte/mot-de-passe', async (request, reply) => {
      const account = request.account!;
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      const page = (status: number, error?: string, done = false) =>
        reply.code(status).type('text/html; charset=utf-8').send(passwordPage({ ...account, must_change_password: account.must_change_password && !done }, { error, done }));
      const address = request.ip;
      const wait = await throttled(ctx.pool, account.name, address);
      if (wait > 0) return page(429, `Trop d’essais infructueux pour ce compte depuis cette adresse : réessayez dans ${Math.ceil(wait / 60)} minute(s).`);
      if (!(await checkLogin(ctx.pool, account.name, String(form.actuel ?? '')))) {
        await record(ctx.pool, { account: account.name, action: 'login_refused', address, detail: { page: 'mot-de-passe' } });
        return page(400, 'Mot de passe actuel incorrect.');
      }
      const next = String(form.nouveau ?? '');
      if (next !== String(form.confirmation ?? '')) return page(400, 'Les deux saisies du nouveau mot de passe diffèrent.');
      if (next === String(form.actuel ?? '')) return page(400, 'Le nouveau mot de passe doit différer de l’actuel.');
      try {
        await setPassword(ctx.pool, account.name, next, { keepSession: digest(request.cookies[SESSION_COOKIE]!) });
      } catch (error) {
        if (error instanceof AccountError) return page(400, error.message);
        throw error;
      }
      await record(ctx.pool, { account: account.name, action: 'password_changed', address });
      return page(200, undefined, true);
    });

    app.post('/deconnexion', async (request, reply) => {
      await closeSession(ctx.pool, request.cookies[SESSION_COOKIE]);
      if (request.account) await record(ctx.pool, { account: request.account.name, action: 'logout', address: request.ip });
      reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx.settings.https));
      return reply.redirect('/connexion', 303);
    });
  };
}

const ORIGIN = 'http://solidata.invalid';

/**
 * Where to go after login: a path of this site only, never back to the login. The value is read
 * as a browser reads a Location (tabs and line breaks dropped, « \\ » taken for « / », so that
 * « /\t/ailleurs » is « //ailleurs »), and kept only if it stays on this origin.
 */
export function safeNext(value: string | undefined): string {
  if (!value || !value.startsWith('/') || /[\u0000-\u001f\u007f\s]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return '/';
  }
  if (url.origin !== ORIGIN || url.username || url.password) return '/';
  const next = `${url.pathname}${url.search}${url.hash}`;
  if (!next.startsWith('/') || next.startsWith('//') || url.pathname === '/connexion' || url.pathname.startsWith('/connexion/')) return '/';
  return next;
}
