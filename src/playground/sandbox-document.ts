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
  /** The learner's JavaScript, run as a module. */
  code: string;
}

export interface SandboxDocument {
  html: string;
  /** Line of `html` where the learner's code begins (1-based). */
  firstUserLine: number;
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
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

/** A `</script` inside the learner's code would end the element early; `<\/` means the same in JS strings. */
function escapeScriptText(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * The whole document of one run's sandboxed frame (srcdoc): import map, bridge, then the
 * learner's module.
 */
export function buildSandboxDocument(options: SandboxDocumentOptions): SandboxDocument {
  const wsOrigin = options.origin.replace(/^http/, 'ws');
  const shim = socketIoShim(options.origin);
  const imports = Object.fromEntries([...SOCKET_IO_CDN_URLS, 'socket.io-client'].map((url) => [url, shim]));
  const head = [
    '<!doctype html>',
    '<html lang="ko">',
    '<head>',
    '<meta charset="utf-8">',
    `<script type="importmap">${scriptJson({ imports })}</script>`,
  ];
  const config: BridgeConfig = {
    channel: CHANNEL,
    runId: options.runId,
    parentOrigin: options.origin,
    firstUserLine: 0,
    maxConsoleLines: MAX_CONSOLE_LINES,
    urlRewrites: [
      ['ws://example.com', `${wsOrigin}/ws/echo`],
      ['wss://example.com', `${wsOrigin}/ws/echo`],
    ],
  };
  const prefix = (bridgeConfig: BridgeConfig) =>
    [
      ...head,
      `<script>(${installBridge.toString()})(${scriptJson(bridgeConfig)}, ${serializeValue.toString()});</script>`,
      '</head>',
      '<body>',
      '<script type="module">',
      '',
    ].join('\n');
  // The config holds no newline, so filling in the number does not move the learner's code.
  config.firstUserLine = prefix(config).split('\n').length;
  const html = `${prefix(config)}${escapeScriptText(options.code)}\n</script>\n</body>\n</html>\n`;
  return { html, firstUserLine: config.firstUserLine };
}
