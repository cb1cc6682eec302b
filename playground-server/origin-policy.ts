/**
 * Which pages may open a WebSocket to the playground (the defence against cross-site WebSocket
 * hijacking). Allowed: no Origin at all (command-line tools; browsers always send one), the page's
 * own origin (Origin's host equals the Host the request was sent to), "null" (the lesson's
 * sandboxed iframe — note that any sandboxed frame anywhere sends "null"), and the configured list.
 */
export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || origin === 'null') return true;
  if (allowed.includes(origin)) return true;
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  return (url.protocol === 'http:' || url.protocol === 'https:') && host !== undefined && url.host === host.toLowerCase();
}

/**
 * The stricter policy of the control channel, which runs code on the server: only the site's own
 * pages (or a configured origin). No Origin, or "null" (any sandboxed frame, including a lesson's
 * own runs), is refused, so neither another site nor learner code can drive a learner's sandbox.
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || origin === 'null') return false;
  return isOriginAllowed(origin, host, allowed);
}
