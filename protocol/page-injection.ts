/**
 * What goes into the head of a learner's page, written the same way on both sides: the browser
 * builds a run's sandboxed document (src/playground/sandbox-document.ts), the playground server's
 * proxy rewrites the pages a learner's own server serves (playground-server/sandbox-proxy.ts).
 */

/** A learner's Node server of this run, reachable through the playground's proxy. */
export interface SnippetServer {
  /** `/_sandbox/<token>`: append `/<port>/<path>`. */
  base: string;
  /** Ports it listens on, first one first (what `io()` connects to). */
  ports: number[];
}

/** JSON that is safe inside a `<script>` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * Tells the bridge and the Socket.IO shim where this run's learner server is
 * (`globalThis.__pgSnippet`). The browser writes it into the run's document; the proxy writes it
 * into pages that server serves (it knows the ports only once they listen).
 */
export function snippetScript(server: SnippetServer | null): string {
  return server ? `<script>globalThis.__pgSnippet=${scriptJson(server)}</script>` : '';
}

/** Puts `inject` right after `<head>` (or `<html>`, or at the very start) without adding a line, so line numbers stay the learner's. */
export function injectIntoHead(html: string, inject: string): string {
  const head = /<head\b[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + inject + html.slice(head.index + head[0].length);
  const root = /<html\b[^>]*>/i.exec(html);
  if (root) return html.slice(0, root.index + root[0].length) + inject + html.slice(root.index + root[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + inject + html.slice(at);
}
