// The built dashboard, to signed-in accounts only (the hook in app.ts sees to that). The folder is
// resolved at each request, so a rebuilt dashboard is served as soon as it is swapped in.
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { resolveFile } from '../dashboard/serve.ts';
import type { AppContext } from './app.ts';
import { messagePage } from './pages.ts';

/**
 * Evidence's pages start SvelteKit with inline scripts and query DuckDB compiled to WebAssembly in
 * workers: the dashboard needs those, and no more (nothing from another origin, no frame).
 */
const DASHBOARD_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'unsafe-inline'", "'wasm-unsafe-eval'", 'blob:'],
    workerSrc: ["'self'", 'blob:'],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'", 'data:', 'blob:'],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
};

export function dashboardRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const root = ctx.paths.dashboardDir;
    await app.register(fastifyStatic, { root, serve: false, cacheControl: false, etag: true, lastModified: true, dotfiles: 'deny' });
    app.get('/*', { helmet: { contentSecurityPolicy: DASHBOARD_CSP } }, (request, reply) => {
      let file: string | undefined;
      try {
        file = resolveFile(root, request.url);
      } catch {
        // A malformed %-escape names no file.
      }
      if (!file) return reply.code(404).type('text/html; charset=utf-8').send(messagePage('Page introuvable', `Aucune page à l’adresse ${request.url}.`, request.account));
      return reply.header('cache-control', 'no-cache').sendFile(path.relative(root, file), root);
    });
  };
}
