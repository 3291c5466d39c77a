// Serving the built dashboard: a small static file server on a local address. It reads the
// folder at each request, so a rebuilt dashboard is served as soon as it is swapped in.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.parquet': 'application/octet-stream',
  '.arrow': 'application/vnd.apache.arrow.stream',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * The path a request names, decoded, or undefined when it is not one a browser sends for a file of
 * ours: a malformed %-escape, a NUL or control character, a backslash, an empty, `.` or `..` segment
 * (browsers resolve dots before sending; a request that still has one, raw or %-encoded, is a trick).
 * Every served path and every public/protected decision goes through this one function.
 */
export function requestPath(url: string): string | undefined {
  const raw = url.split(/[?#]/, 1)[0];
  if (!raw.startsWith('/')) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(decoded)) return undefined;
  const segments = decoded.split('/').slice(1);
  // An empty segment is allowed only last (a trailing slash: /delais/).
  if (segments.some((s, i) => s === '.' || s === '..' || (s === '' && i < segments.length - 1))) return undefined;
  return decoded;
}

/** The file under `root` that a request path names (a folder's index.html, a page's .html), never outside `root`. */
export function resolveFile(root: string, url: string): string | undefined {
  const pathname = requestPath(url);
  if (pathname === undefined) return undefined;
  const base = path.resolve(root, `.${pathname}`);
  const inside = path.relative(root, base);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  for (const candidate of [base, path.join(base, 'index.html'), `${base}.html`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export function serveDashboard(root: string, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    const file = resolveFile(root, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Page introuvable');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
