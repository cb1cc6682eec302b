import type { IncomingMessage } from 'node:http';

/**
 * The request target as a URL whose pathname is the path the client sent. `new URL(target, base)`
 * is wrong for that: a target of "//evil.example/x" is scheme-relative there, so its host becomes
 * "evil.example" and its path "/x". The absolute form ("http://host/path", RFC 9112 §3.2.2) is
 * read for its path and query; anything else is undefined.
 */
export function requestUrl(req: Pick<IncomingMessage, 'url'>): URL | undefined {
  const raw = req.url ?? '/';
  if (raw.startsWith('/')) return URL.canParse(`http://localhost${raw}`) ? new URL(`http://localhost${raw}`) : undefined;
  if (!/^https?:\/\//i.test(raw) || !URL.canParse(raw)) return undefined;
  const absolute = new URL(raw);
  return new URL(`http://localhost${absolute.pathname}${absolute.search}`);
}
