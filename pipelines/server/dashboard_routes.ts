// The built dashboard, to signed-in accounts only (the hook in app.ts sees to that). The folder is
// resolved at each request, so a rebuilt dashboard is served as soon as it is swapped in.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { resolveFile } from '../dashboard/serve.ts';
import type { AppContext } from './context.ts';
import { messagePage } from './pages.ts';

/**
 * Evidence's pages start SvelteKit with inline scripts and query DuckDB compiled to WebAssembly in
 * workers: the dashboard needs those, and no more (nothing from another origin, no frame). The
 * inline scripts are allowed by their hashes, page by page, not by 'unsafe-inline': a script
 * slipped into a page would not run. Styles stay inline (Svelte and Plot write style attributes).
 */
const DASHBOARD_CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'", 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'", 'data:', 'blob:'],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** The hashes of a page's inline scripts (JSON data blocks are not run, and need none). */
export function inlineScriptHashes(html: string): string[] {
  const scripts = html.matchAll(/<script((?:\s[^>]*)?)>([^]*?)<\/script>/g);
  return [...scripts]
    .filter(([, attributes]) => !/\bsrc=/.test(attributes) && !/type="application\/(ld\+)?json"/.test(attributes))
    .map(([, , body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`);
}

const policies = new Map<string, { mtimeMs: number; policy: string }>();
/** The policy of one file: a page's own script hashes, remembered until the file changes. */
function policyFor(file: string): string {
  const extra = file.endsWith('.html') ? (() => {
    const { mtimeMs } = statSync(file);
    const known = policies.get(file);
    if (known?.mtimeMs === mtimeMs) return known.policy;
    const policy = [...new Set(inlineScriptHashes(readFileSync(file, 'utf8')))].join(' ');
    policies.set(file, { mtimeMs, policy });
    return policy;
  })() : '';
  return Object.entries(DASHBOARD_CSP)
    .map(([directive, sources]) => `${directive} ${[...sources, ...(directive === 'script-src' && extra ? [extra] : [])].join(' ')}`)
    .join('; ');
}

export function dashboardRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const root = ctx.paths.dashboardDir;
    await app.register(fastifyStatic, { root, serve: false, cacheControl: false, etag: true, lastModified: true, dotfiles: 'deny' });
    // The policy is set here, file by file, rather than by helmet's fixed one.
    app.get('/*', { helmet: { contentSecurityPolicy: false } }, (request, reply) => {
      let file: string | undefined;
      try {
        file = resolveFile(root, request.url);
      } catch {
        // A malformed %-escape names no file.
      }
      if (!file) return reply.code(404).type('text/html; charset=utf-8').send(messagePage('Page introuvable', `Aucune page à l’adresse ${request.url}.`, request.account));
      return reply.header('cache-control', 'no-store').header('content-security-policy', policyFor(file)).sendFile(path.relative(root, file), root);
    });
  };
}
