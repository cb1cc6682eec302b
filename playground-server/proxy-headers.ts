/**
 * Which response headers of a learner's server reach the browser. The proxy serves them on the
 * site's own origin, so anything that acts on that origin must not pass: `Set-Cookie` (cookies of
 * the site), `Clear-Site-Data` (a share link could wipe every lesson's saved edits),
 * `Service-Worker-Allowed`, `Refresh` (a navigation), `WWW-Authenticate` (a login prompt for the
 * site), `Link` (preloads, `rel=serviceworker`), `Content-Security-Policy`/`Report-To`/`NEL`
 * (reports sent elsewhere), `Strict-Transport-Security`, `Permissions-Policy`, `Cross-Origin-*`,
 * `Origin-Agent-Cluster`, `Alt-Svc` and whatever else a browser invents next. An allow-list, so a
 * header nobody thought of stays out.
 */
const CONTENT = ['content-type', 'content-length', 'content-language', 'content-disposition', 'content-range', 'accept-ranges'];
const CACHING = ['cache-control', 'expires', 'last-modified', 'etag', 'age', 'date', 'vary', 'pragma'];
/** CORS answers for the sandboxed page's own requests (Origin "null"): they grant reading this response, nothing more. */
const CORS = ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers', 'access-control-max-age'];
const MISC = ['retry-after', 'allow', 'x-content-type-options', 'server'];

export const RESPONSE_HEADERS: ReadonlySet<string> = new Set([...CONTENT, ...CACHING, ...CORS, ...MISC, 'content-encoding', 'location']);
/** An answer to an upgrade: the WebSocket handshake's own headers besides the above. */
export const UPGRADE_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  ...RESPONSE_HEADERS,
  'upgrade',
  'connection',
  'sec-websocket-accept',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
  'sec-websocket-version',
]);

/**
 * Where a redirect of the learner's server may point: within its own proxy prefix. A path from
 * its root ("/chat") or its own address ("http://localhost:8080/chat") is rewritten into the prefix
 * (what the learner meant), a relative one stays; anything else (another site, the site's own
 * pages) is dropped.
 */
export function rewriteLocation(location: string, prefix: string, port: number): string | undefined {
  const value = location.trim();
  if (value === '' || /[\u0000-\u001f\\]/.test(value)) return undefined;
  if (value.startsWith('//')) return undefined;
  if (value.startsWith('/')) return `${prefix}${value}`;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  const own = (url.protocol === 'http:' || url.protocol === 'https:') && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) && Number(url.port || 80) === port;
  return own ? `${prefix}${url.pathname}${url.search}${url.hash}` : undefined;
}

export interface HeaderFilter {
  allowed: ReadonlySet<string>;
  /** `/_sandbox/<token>/<port>`: where redirects are kept. */
  prefix: string;
  port: number;
}

/** The headers that may pass, by the filter's allow-list, with Location kept inside the prefix. */
export function filterResponseHeaders(headers: Readonly<Record<string, string | string[] | undefined>>, filter: HeaderFilter): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    if (value === undefined || !filter.allowed.has(name)) continue;
    if (name === 'location') {
      const location = rewriteLocation(Array.isArray(value) ? (value[0] ?? '') : value, filter.prefix, filter.port);
      if (location !== undefined) out[name] = location;
      continue;
    }
    out[name] = value;
  }
  return out;
}

/**
 * The head of an HTTP response as raw bytes (what a learner's server answers to an upgrade),
 * rebuilt with only the allowed headers; null when it is not a response head we can read.
 */
export function filterResponseHead(head: Buffer, filter: HeaderFilter): Buffer | null {
  const text = head.toString('latin1');
  const [statusLine = '', ...lines] = text.split('\r\n');
  if (!/^HTTP\/1\.[01] \d{3}( .*)?$/.test(statusLine)) return null;
  const kept: string[] = [statusLine];
  for (const line of lines) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!filter.allowed.has(name)) continue;
    if (name === 'location') {
      const location = rewriteLocation(line.slice(colon + 1), filter.prefix, filter.port);
      if (location !== undefined) kept.push(`Location: ${location}`);
      continue;
    }
    kept.push(line);
  }
  return Buffer.from(`${kept.join('\r\n')}\r\n\r\n`, 'latin1');
}
