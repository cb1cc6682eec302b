import { languageOf, pageFile, type PlaygroundFiles } from './files.ts';
import { CHANNEL } from './messages.ts';
import { installBridge, type BridgeConfig } from './sandbox-bridge.ts';
import { serializeValue } from './serialize.ts';

/** Socket.IO client URLs that lesson code (and the seed article) imports from the public CDN. */
export const SOCKET_IO_CDN_URLS = [
  'https://cdn.socket.io/4.7.5/socket.io.esm.min.js',
  'https://cdn.socket.io/4.8.1/socket.io.esm.min.js',
  'https://cdn.socket.io/4.8.3/socket.io.esm.min.js',
];

export const MAX_CONSOLE_LINES = 5000;

export interface SandboxDocumentOptions {
  runId: string;
  /** The playground server's origin, e.g. http://localhost:4321 */
  origin: string;
  files: PlaygroundFiles;
}

export interface SandboxDocument {
  html: string;
  /** The file shown in the preview pane (index.html), or null when the run has no page. */
  page: string | null;
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * A learner's file as a module URL. The `pgfile` parameter names it, so errors and stack frames
 * (which carry the whole URL) map back to the file and its own line numbers.
 */
export function fileUrl(filename: string, content: string): string {
  // encodeURIComponent leaves ' alone, which would end a single-quoted src attribute.
  const encode = (text: string) => encodeURIComponent(text).replace(/'/g, '%27');
  return `data:text/javascript;charset=utf-8;pgfile=${encode(filename)},${encode(content)}`;
}

/**
 * `io()` in a sandboxed frame has no page URL to connect back to (its location is about:srcdoc),
 * so the CDN import resolves to this tiny module: the locally served client, with `io()` and
 * `io("/namespace")` aimed at the playground server.
 */
export function socketIoShim(origin: string): string {
  const client = JSON.stringify(`${origin}/socket.io/socket.io.esm.min.js`);
  const source = [
    `import { io as connect } from ${client};`,
    `export * from ${client};`,
    `const base = ${JSON.stringify(origin)};`,
    `export function io(uri, opts) {`,
    `  if (typeof uri !== 'string') return connect(base, uri);`,
    `  return connect(uri.startsWith('/') ? base + uri : uri, opts);`,
    `}`,
    `export default io;`,
  ].join('\n');
  return `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`;
}

/** `<script src="client.js">` pointing at a file of this playground gets that file's module URL. */
function linkScripts(html: string, files: PlaygroundFiles): string {
  return html.replace(/(<script\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2/gi, (whole, start: string, quote: string, src: string) => {
    const name = src.replace(/^\.\//, '');
    const content = files[name];
    return content === undefined || languageOf(name) !== 'javascript' ? whole : `${start}${quote}${fileUrl(name, content)}${quote}`;
  });
}

/** Puts `inject` right after `<head>` (or `<html>`, or at the very start) without adding a line, so line numbers stay the learner's. */
function injectIntoHead(html: string, inject: string): string {
  const head = /<head\b[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + inject + html.slice(head.index + head[0].length);
  const root = /<html\b[^>]*>/i.exec(html);
  if (root) return html.slice(0, root.index + root[0].length) + inject + html.slice(root.index + root[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + inject + html.slice(at);
}

/**
 * The document of one run's sandboxed frame (srcdoc). With an index.html, that page is the
 * document (its scripts that name playground files are linked to them) and it shows in the
 * preview pane; without one, every JavaScript file runs as a module in a blank page. Either way
 * the import map and the bridge come first, on the page's first line.
 */
export function buildSandboxDocument(options: SandboxDocumentOptions): SandboxDocument {
  const { files } = options;
  const page = pageFile(files) ?? null;
  const wsOrigin = options.origin.replace(/^http/, 'ws');
  const shim = socketIoShim(options.origin);
  const imports = Object.fromEntries([...SOCKET_IO_CDN_URLS, 'socket.io-client'].map((url) => [url, shim]));
  const config: BridgeConfig = {
    channel: CHANNEL,
    runId: options.runId,
    parentOrigin: options.origin,
    page,
    maxConsoleLines: MAX_CONSOLE_LINES,
    urlRewrites: [
      ['ws://example.com', `${wsOrigin}/ws/echo`],
      ['wss://example.com', `${wsOrigin}/ws/echo`],
    ],
  };
  const bridge = `(${installBridge.toString()})(${JSON.stringify(config)}, ${serializeValue.toString()});`;
  // In a learner's page the bridge arrives as a data: URL, so the injection holds no newline
  // (function sources do) and the page's line numbers stay the learner's; a classic script with
  // src still runs before anything after it is parsed. A generated page has no lines to keep, so
  // the bridge is inline there, which starts a little sooner.
  const bridgeScript =
    page === null
      ? `<script>${bridge.replace(/<\/(script)/gi, '<\\/$1')}</script>`
      : `<script src="data:text/javascript;charset=utf-8,${encodeURIComponent(bridge).replace(/'/g, '%27')}"></script>`;
  const inject = `<script type="importmap">${scriptJson({ imports })}</script>${bridgeScript}`;

  let html: string;
  if (page !== null) {
    html = linkScripts(files[page] ?? '', files);
  } else {
    const modules = Object.entries(files)
      .filter(([name]) => languageOf(name) === 'javascript')
      .map(([name, content]) => `<script type="module" src="${fileUrl(name, content)}"></script>`);
    html = `<!doctype html><html lang="ko"><head></head><body>${modules.join('')}</body></html>`;
  }
  return { html: injectIntoHead(html, inject), page };
}
