// Administration, for admin accounts: accounts (create with a password shown once, remove), the
// recent runs of the job queue, and the audit log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, addAccount, listAccounts, removeAccount } from './accounts.ts';
import { requireRole, type AppContext } from './context.ts';
import { recentEntries, record } from './audit.ts';
import { adminPage, type RunSummary } from './pages.ts';

export function adminRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', requireRole('admin', 'ne permet pas de gérer les comptes ni de voir les travaux.'));

    const show = async (request: FastifyRequest, reply: FastifyReply, extra: { created?: { name: string; password: string }; error?: string } = {}, status = 200) =>
      reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(adminPage(request.account!, {
        accounts: await listAccounts(ctx.pool), runs: await recentRuns(ctx), audit: await recentEntries(ctx.pool), ...extra,
      }));

    app.get('/admin', (request, reply) => show(request, reply));

    app.post('/admin/comptes', async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      try {
        const created = await addAccount(ctx.pool, String(form.nom ?? '').trim(), String(form.role ?? ''));
        await record(ctx.pool, { account: request.account!.name, action: 'account_added', address: request.ip, detail: { compte: created.name, role: created.role } });
        return show(request, reply, { created: { name: created.name, password: created.password } }, 201);
      } catch (error) {
        if (error instanceof AccountError) return show(request, reply, { error: error.message }, 400);
        throw error;
      }
    });

    app.post('/admin/comptes/:nom/supprimer', async (request, reply) => {
      const { nom } = request.params as { nom: string };
      try {
        await removeAccount(ctx.pool, nom);
      } catch (error) {
        if (error instanceof AccountError) return show(request, reply, { error: error.message }, 400);
        throw error;
      }
      await record(ctx.pool, { account: request.account!.name, action: 'account_removed', address: request.ip, detail: { compte: nom } });
      // Removing one's own account ends one's own session with it.
      if (nom === request.account!.name) return reply.redirect('/connexion', 303);
      return reply.redirect('/admin', 303);
    });
  };
}

/** The last runs of the queue, one line each: when, how many steps, failures, sources loaded. */
async function recentRuns(ctx: AppContext, limit = 20): Promise<RunSummary[]> {
  const { rows } = await ctx.pool.query<RunSummary>(
    `SELECT run_id, min(started_at) AS debut, max(ended_at) AS fin, count(*)::int AS actifs,
       count(*) FILTER (WHERE status = 'running')::int AS en_cours, count(*) FILTER (WHERE status = 'failed')::int AS echecs,
       string_agg(asset, ', ' ORDER BY id) FILTER (WHERE status = 'failed') AS en_echec,
       string_agg(DISTINCT substr(asset, 5), ', ') FILTER (WHERE asset LIKE 'raw.%' AND status = 'success') AS imports
     FROM solidata.materialisations GROUP BY run_id ORDER BY min(started_at) DESC LIMIT $1`,
    [limit],
  );
  return rows;
}
