import { languageOf, pageFile, type PlaygroundFiles } from './files.ts';
import { CHANNEL } from './messages.ts';
import { guardLoops, guardPageScripts, installLoopGuard, LOOP_GUARD, LOOP_LIMIT_MS } from '../../protocol/loop-guard.ts';
import { CAPTURE_PARAM } from '../../protocol/page-tag.ts';
import { injectIntoHead, scriptJson, snippetScript, type SnippetServer } from '../../protocol/page-injection.ts';
import { holdFetchesOfDetachedFrame } from './detached-fetch.ts';
import { installBridge, type BridgeConfig } from './sandbox-bridge.ts';
import { serializeValue, type InlineModule } from './serialize.ts';
import { SOCKET_IO_CLIENT_PATH, SOCKET_IO_IMPORTS } from './socket-io-imports.ts';

export const MAX_CONSOLE_LINES = 5000;

export type { SnippetServer };

export interface SandboxDocumentOptions {
  runId: string;
  /** The playground server's origin, e.g. http://localhost:4321 */
  origin: string;
  files: PlaygroundFiles;
  /** The page's capture tag, when the inspector records this run. */
  captureTag?: string | null;
  server?: SnippetServer | null;
}

export interface SandboxDocument {
  html: string;
  /** The file shown in the preview pane (index.html), or null when the run has no page. */
  page: string | null;
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
export function socketIoShim(origin: string, captureTag: string | null = null, clientPath: string = SOCKET_IO_CLIENT_PATH): string {
  const client = JSON.stringify(`${origin}${clientPath}`);
  // With a learner's server running (globalThis.__pgSnippet, see protocol/page-injection.ts), `io()` means that
  // server, as it would on their own machine where the page comes from it, and so does
  // `io("http://localhost:<port>")`. Otherwise the bundled server.
  const source = [
    `import { io as connect } from ${client};`,
    `export * from ${client};`,
    `const base = ${JSON.stringify(origin)};`,
    `const tag = ${JSON.stringify(captureTag)};`,
    `function aim(uri, opts) {`,
    `  const options = { ...opts };`,
    `  const snippet = globalThis.__pgSnippet;`,
    `  const local = /^(?:https?|wss?):\\/\\/(?:localhost|127\\.0\\.0\\.1):(\\d+)(\\/.*)?$/.exec(uri ?? '');`,
    `  if (snippet && local && snippet.ports.includes(Number(local[1]))) return [base + (local[2] ?? ''), { ...options, path: snippet.base + '/' + local[1] + (options.path ?? '/socket.io') }];`,
    `  if (snippet && snippet.ports.length > 0 && (uri === undefined || uri.startsWith('/'))) return [base + (uri ?? ''), { ...options, path: snippet.base + '/' + snippet.ports[0] + (options.path ?? '/socket.io') }];`,
    `  if (tag) options.query = { ...options.query, ${JSON.stringify(CAPTURE_PARAM)}: tag };`,
    `  return [uri === undefined || uri.startsWith('/') ? base + (uri ?? '') : uri, options];`,
    `}`,
    `export function io(uri, opts) {`,
    `  const [target, options] = typeof uri === 'string' ? aim(uri, opts) : aim(undefined, uri);`,
    `  return connect(target, options);`,
    `}`,
    `export default io;`,
  ].join('\n');
  return `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`;
}

/** `<script src="client.js">` pointing at a file of this playground gets that file's module URL (its loops guarded). */
function linkScripts(html: string, files: PlaygroundFiles): string {
  return html.replace(/(<script\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2/gi, (whole, start: string, quote: string, src: string) => {
    const name = src.replace(/^\.\//, '');
    const content = files[name];
    return content === undefined || languageOf(name) !== 'javascript' ? whole : `${start}${quote}${fileUrl(name, guardLoops(content))}${quote}`;
  });
}

/** What stops a loop that runs too long (loop-guard.ts), in Korean, as the learner sees it. */
const LOOP_STOPPED_MESSAGE = `반복문이 ${LOOP_LIMIT_MS / 1000}초 넘게 끝나지 않아 멈췄습니다. 끝나지 않는 반복문(while (true) 등)이 있는지 확인하세요.`;

/** The loop guard, the detached frame's fetch hold, then the bridge, as one script's source. */
function bridgeSource(config: BridgeConfig): string {
  return (
    `(${installLoopGuard.toString()})(${JSON.stringify(LOOP_GUARD)}, ${LOOP_LIMIT_MS}, ${JSON.stringify(LOOP_STOPPED_MESSAGE)});` +
    `(${holdFetchesOfDetachedFrame.toString()})(window);` +
    `(${installBridge.toString()})(${JSON.stringify(config)}, ${serializeValue.toString()});`
  );
}

/** The bridge's settings for a run. */
function bridgeConfig(options: SandboxDocumentOptions, page: string | null, modules: InlineModule[] = [], awaitRun = false): BridgeConfig {
  const wsOrigin = options.origin.replace(/^http/, 'ws');
  return {
    channel: CHANNEL,
    runId: options.runId,
    parentOrigin: options.origin,
    page,
    modules,
    maxConsoleLines: MAX_CONSOLE_LINES,
    urlRewrites: [
      ['ws://example.com', `${wsOrigin}/ws/echo`],
      ['wss://example.com', `${wsOrigin}/ws/echo`],
    ],
    wsOrigin,
    captureTag: options.captureTag ?? null,
    captureParam: CAPTURE_PARAM,
    awaitRun,
  };
}

function importMap(options: Pick<SandboxDocumentOptions, 'origin' | 'captureTag'>): Record<string, string> {
  return Object.fromEntries(Object.entries(SOCKET_IO_IMPORTS).map(([specifier, clientPath]) => [specifier, socketIoShim(options.origin, options.captureTag ?? null, clientPath)]));
}

/** The bridge as a one-line element (a data: URL), so injecting it moves no line of the page. */
function bridgeElement(config: BridgeConfig): string {
  const bridge = bridgeSource(config);
  return `<script src="data:text/javascript;charset=utf-8,${encodeURIComponent(bridge).replace(/'/g, '%27')}"></script>`;
}

/**
 * The import map and the bridge for pages a learner's server serves (`page` names the playground
 * file it serves, for error lines). The proxy puts its snippetScript in front of it.
 */
export function servedPageInjection(options: Omit<SandboxDocumentOptions, 'files' | 'server'>, page: string | null): string {
  const full = { ...options, files: {} };
  return `<script type="importmap">${scriptJson({ imports: importMap(full) })}</script>${bridgeElement(bridgeConfig(full, page))}`;
}

/** Lines as JavaScript counts them (stack frames and error positions use these). */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;
const lineCount = (text: string): number => text.split(LINE_BREAK).length;
const newlines = (html: string): number => lineCount(html) - 1;

/**
 * Whether a file can run as an inline `<script type="module">`: text that could end the element
 * early, or put the HTML parser in a state where our `</script>` does not end it, keeps the file
 * in a module URL (fileUrl) instead.
 */
const inlinable = (code: string): boolean => !/<\/script|<!--|<script/i.test(code);

/** The generated document's body: each JavaScript file as a module, inline when it can be (sooner: no module URL to load). */
function moduleScripts(files: PlaygroundFiles, linesBefore: number): { body: string; modules: InlineModule[] } {
  const modules: InlineModule[] = [];
  let body = '';
  for (const [name, content] of Object.entries(files)) {
    if (languageOf(name) !== 'javascript') continue;
    const code = guardLoops(content);
    if (!inlinable(code)) {
      body += `<script type="module" src="${fileUrl(name, code)}"></script>`;
      continue;
    }
    // The file starts on a line of its own, so its columns are its own too.
    body += '<script type="module">\n';
    modules.push({ file: name, firstLine: linesBefore + newlines(body) + 1, lines: lineCount(code) });
    body += `${code}\n</script>`;
  }
  return { body, modules };
}

/**
 * The document of one run's sandboxed frame (srcdoc). With an index.html, that page is the
 * document (its scripts that name playground files are linked to them) and it shows in the
 * preview pane; without one, every JavaScript file runs as a module in a blank page (inline, see
 * moduleScripts). Either way the import map and the bridge come first.
 */
/** The head of a run's document: the learner server's address (if any), the import map, then the bridge. */
function documentHead(options: Omit<SandboxDocumentOptions, 'files'>, config: BridgeConfig): string {
  return (
    snippetScript(options.server ?? null) +
    `<script type="importmap">${scriptJson({ imports: importMap(options) })}</script>` +
    // In a learner's page the bridge arrives as a data: URL (bridgeElement) so the page's line
    // numbers stay the learner's. A generated page has no lines to keep, so the bridge is inline
    // there, which starts a little sooner.
    (config.page === null ? `<script>${bridgeSource(config).replace(/<\/(script)/gi, '<\\/$1')}</script>` : bridgeElement(config))
  );
}

export function buildSandboxDocument(options: SandboxDocumentOptions): SandboxDocument {
  const { files } = options;
  const page = pageFile(files) ?? null;
  const head = (config: BridgeConfig): string => documentHead(options, config);

  if (page !== null) {
    const html = linkScripts(guardPageScripts(files[page] ?? ''), files);
    return { html: injectIntoHead(html, head(bridgeConfig(options, page))), page };
  }
  // The learner's files run inline, after the bridge: their line numbers are found by counting the
  // document's lines before them. The bridge's settings hold that table; JSON has no line breaks,
  // so the table does not move the lines it describes.
  const start = (config: BridgeConfig) => `<!doctype html><html lang="ko"><head>${head(config)}</head><body>`;
  const { body, modules } = moduleScripts(files, newlines(start(bridgeConfig(options, null))));
  return { html: `${start(bridgeConfig(options, null, modules))}${body}</body></html>`, page };
}

/** What a prepared frame (runner.ts) is made for: a run without a page and without a learner server, with this capture tag. */
export type PreparedDocumentOptions = Omit<SandboxDocumentOptions, 'files' | 'server'>;

/**
 * The document of a frame made before its run: the same import map and bridge as a page-less run's
 * document, and no learner code. The run's files come later as module URLs (preparedRunScripts),
 * which the bridge adds when the lesson page sends them (sandbox-bridge.ts startRun).
 */
export function buildPreparedDocument(options: PreparedDocumentOptions): string {
  return `<!doctype html><html lang="ko"><head>${documentHead(options, bridgeConfig({ ...options, files: {} }, null, [], true))}</head><body></body></html>`;
}

/**
 * A page-less run's JavaScript files for a prepared frame, each its loops guarded, as a module URL
 * named after its file (fileUrl), so errors and stack frames map back as they do for any module URL.
 */
export function preparedRunScripts(files: PlaygroundFiles): string[] {
  return Object.entries(files)
    .filter(([name]) => languageOf(name) === 'javascript')
    .map(([name, content]) => fileUrl(name, guardLoops(content)));
}
