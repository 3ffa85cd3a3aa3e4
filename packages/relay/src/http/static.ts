/**
 * Static files: the demo page at `/`, the widget's script-tag build at the root (`/widget.js`
 * and its chunks, precompressed .br/.gz served when the browser accepts them) and the console
 * at `/console/`. Hashed file names are cached for a year; the loader and pages briefly, so a
 * new release reaches visitors within minutes.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Paths may be the precompressed sibling (app.1a2b3c4d5e.js.br).
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.(js|css|woff2?)(\.br|\.gz)?$/;
const SCRIPT_OR_STYLE = /\.(js|css)(\.br|\.gz)?$/;

function packageDir(name: string): string | null {
  try {
    return dirname(fileURLToPath(import.meta.resolve(`${name}/package.json`)));
  } catch {
    return null;
  }
}

export const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

export function staticDirs(): { widget: string | null; console: string | null } {
  const widget = packageDir('@switchboard/widget');
  const consoleDir = packageDir('@switchboard/console');
  const w = widget ? join(widget, 'dist', 'cdn') : null;
  const c = consoleDir ? join(consoleDir, 'dist') : null;
  return { widget: w && existsSync(w) ? w : null, console: c && existsSync(c) ? c : null };
}

export async function registerStatic(app: FastifyInstance, options: { demo: boolean }): Promise<void> {
  const dirs = staticDirs();
  // Two instances with exact routes (wildcard: false) rather than one with several roots: with
  // precompressed files, one instance over several roots 404s for browsers that accept gzip.
  const roots = [...(options.demo && existsSync(PUBLIC_DIR) ? [PUBLIC_DIR] : []), ...(dirs.widget ? [dirs.widget] : [])];
  for (const [i, root] of roots.entries()) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      decorateReply: i === 0,
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('Cache-Control', HASHED.test(path) ? 'public, max-age=31536000, immutable' : /\.html(\.br|\.gz)?$/.test(path) ? 'no-cache' : 'public, max-age=300');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        // The loader is fetched cross-origin by host pages.
        if (SCRIPT_OR_STYLE.test(path)) res.setHeader('Access-Control-Allow-Origin', '*');
      },
    });
  }
  if (dirs.console) {
    await app.register(fastifyStatic, {
      root: dirs.console,
      prefix: '/console/',
      decorateReply: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('Cache-Control', HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('X-Frame-Options', 'DENY');
      },
    });
    app.get('/console', (_req, reply) => reply.redirect('/console/'));
  }
}
