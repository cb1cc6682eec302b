import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { ERRORS, type ErrorCode } from './errors.ts';
import { requestUrl } from './request-url.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json|wasm)|image\/svg\+xml|font\/ttf)/;

interface CachedFile {
  mtimeMs: number;
  size: number;
  etag: string;
  body: Buffer;
  type: string;
  br?: Buffer;
  gzip?: Buffer;
}

export interface ServeOptions {
  /** Content-hashed asset: cache for a year. Otherwise revalidate each time. */
  immutable?: boolean;
  /** Allow any origin to load it (the sandboxed lesson frame has the opaque origin "null"). */
  cors?: boolean;
  status?: number;
}

/** Files read once and kept, with their compressed forms, while their mtime holds. */
const cache = new Map<string, CachedFile>();

async function load(path: string): Promise<CachedFile | undefined> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const cached = cache.get(path);
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
  const body = await readFile(path);
  const entry: CachedFile = {
    mtimeMs: info.mtimeMs,
    size: info.size,
    body,
    etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`,
    type: MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
  };
  // Compressed at build time (precompress.ts), at brotli's best quality: used when not older than the file.
  const [br, gz] = await Promise.all([precompressed(`${path}.br`, info.mtimeMs), precompressed(`${path}.gz`, info.mtimeMs)]);
  if (br) entry.br = br;
  if (gz) entry.gzip = gz;
  cache.set(path, entry);
  return entry;
}

async function precompressed(path: string, notBefore: number): Promise<Buffer | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() && info.mtimeMs >= notBefore ? readFile(path) : undefined;
}

async function encoded(file: CachedFile, acceptEncoding: string): Promise<{ body: Buffer; encoding?: string }> {
  if (file.body.length < 1024 || !COMPRESSIBLE.test(file.type)) return { body: file.body };
  if (/\bbr\b/.test(acceptEncoding)) {
    file.br ??= await brotli(file.body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 6 } });
    return { body: file.br, encoding: 'br' };
  }
  if (/\bgzip\b/.test(acceptEncoding)) {
    file.gzip ??= await gzipAsync(file.body, { level: 6 });
    return { body: file.gzip, encoding: 'gzip' };
  }
  return { body: file.body };
}

/** Sends one file with caching headers and compression. Resolves false when there is no such file. */
export async function serveFile(req: IncomingMessage, res: ServerResponse, path: string, options: ServeOptions = {}): Promise<boolean> {
  const file = await load(path);
  if (!file) return false;
  const headers: Record<string, string> = {
    'Content-Type': file.type,
    'Cache-Control': options.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: file.etag,
    Vary: 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
  };
  if (options.cors) headers['Access-Control-Allow-Origin'] = '*';
  const status = options.status ?? 200;
  if (status === 200 && req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  const { body, encoding } = await encoded(file, String(req.headers['accept-encoding'] ?? ''));
  if (encoding) headers['Content-Encoding'] = encoding;
  headers['Content-Length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

export function sendError(res: ServerResponse, code: ErrorCode, extraHeaders: Record<string, string> = {}, detail?: string): void {
  const { status } = ERRORS[code];
  const message = detail ?? ERRORS[code].message;
  const body = `${message}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'X-Playground-Error': code,
    ...extraHeaders,
  });
  res.end(body);
}

/** Maps a URL path to a file under root, or undefined for paths that try to leave it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const base = resolve(root);
  const full = resolve(join(base, decoded));
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

/**
 * The built site (Astro's `dist/`): `/a/b/` serves `a/b/index.html`, `/a/b` redirects to `/a/b/`
 * when that is a folder, hashed `/_astro/` assets are cached for a year, unknown paths get the
 * site's 404 page.
 */
export function createStaticSite(distDir: string) {
  return async function handleStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 'METHOD_NOT_ALLOWED', { Allow: 'GET, HEAD' });
    const url = requestUrl(req);
    const path = url === undefined ? undefined : resolveInside(distDir, url.pathname);
    if (url === undefined || path === undefined) return sendError(res, 'BAD_REQUEST_PATH');
    const immutable = url.pathname.startsWith('/_astro/');
    if (url.pathname.endsWith('/')) {
      if (await serveFile(req, res, join(path, 'index.html'))) return;
    } else {
      if (await serveFile(req, res, path, { immutable })) return;
      const info = await stat(path).catch(() => undefined);
      if (info?.isDirectory()) {
        // One leading slash only: "//evil.example/" would send the browser to another host.
        res.writeHead(301, { Location: `/${url.pathname.replace(/^\/+/, '')}/${url.search}` }).end();
        return;
      }
    }
    if (!(await serveFile(req, res, join(distDir, '404.html'), { status: 404 }))) sendError(res, 'NOT_FOUND');
  };
}
