import type { InlineModule, SerializedValue } from './serialize.ts';

export interface BridgeConfig {
  channel: string;
  runId: string;
  /** The lesson page's origin: the only window our messages go to. */
  parentOrigin: string;
  /** The playground file that is this document (index.html), whose inline scripts' lines are its own. */
  page: string | null;
  /** The learner's files that run as inline module scripts of this (generated) document, and where. */
  modules: InlineModule[];
  /** Console lines forwarded per run before the rest is dropped (a runaway loop must not flood the page). */
  maxConsoleLines: number;
  /** [prefix, replacement]: WebSocket URLs that start with prefix are opened at replacement instead (the whole URL). */
  urlRewrites: Array<[string, string]>;
  /** The playground's WebSocket origin (ws://host:port); connections to it get the capture tag. */
  wsOrigin: string;
  /** The page's capture tag, so the tap records this run's connections for it. */
  captureTag: string | null;
  /** The query parameter that carries it (CAPTURE_PARAM, protocol/page-tag.ts: this function runs as text in the frame). */
  captureParam: string;
  /**
   * A frame made before its run (runner.ts, prepared frames): the document holds no learner code; the
   * page sends the run's module URLs once, in a `run` message (RunMessage), and the bridge adds them.
   */
  awaitRun: boolean;
}

/**
 * Runs first inside the sandboxed frame. Self-contained (inlined with `Function.prototype.toString`):
 * it forwards console calls, uncaught errors and unhandled rejections to the lesson page, answers
 * the page's pings (so the page can tell a frozen run), and points the seed's placeholder URLs
 * (`ws://example.com/…`) at the playground's own endpoints.
 */
export function installBridge(config: BridgeConfig, serialize: (value: unknown, topLevel?: boolean, modules?: readonly InlineModule[]) => SerializedValue): void {
  const post = (message: Record<string, unknown>) => {
    try {
      window.parent.postMessage({ channel: config.channel, runId: config.runId, ...message }, config.parentOrigin);
    } catch {
      // An unclonable value cannot reach here: everything is serialised first.
    }
  };
  type Place = { file: string | null; line: number | null; column: number | null };
  const nowhere: Place = { file: null, line: null, column: null };
  /** A script URL (and position) → the playground file it came from (see fileUrl). */
  const placeOf = (url: string, line: number | null, column: number | null): Place => {
    const named = /;pgfile=([^,;]+),/.exec(url);
    if (named?.[1]) return { file: decodeURIComponent(named[1]), line, column };
    if (url !== 'about:srcdoc') return nowhere;
    const module = line === null ? undefined : config.modules.find((m) => line >= m.firstLine && line < m.firstLine + m.lines);
    if (module && line !== null) return { file: module.file, line: line - module.firstLine + 1, column };
    if (config.page !== null) return { file: config.page, line, column };
    return nowhere;
  };
  const placeInStack = (stack: string | undefined): Place => {
    for (const frame of (stack ?? '').split('\n')) {
      const at = /((?:data:|about:srcdoc).*):(\d+):(\d+)\)?\s*$/.exec(frame);
      if (!at?.[1]) continue;
      const place = placeOf(at[1], Number(at[2]), Number(at[3]));
      if (place.file !== null) return place;
    }
    return nowhere;
  };

  let lines = 0;
  const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
  for (const level of levels) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      lines += 1;
      if (lines > config.maxConsoleLines) {
        // Past the cap even the frame's own console is skipped: a runaway loop should cost little.
        if (lines === config.maxConsoleLines + 1) post({ type: 'truncated', limit: config.maxConsoleLines, time: Date.now() });
        return;
      }
      original(...args);
      post({ type: 'console', level, args: args.map((arg) => serialize(arg, true, config.modules)), time: Date.now() });
    };
  }

  window.addEventListener('error', (event) => {
    const direct = placeOf(event.filename || '', event.lineno || null, event.colno || null);
    const error: unknown = event.error;
    const place = direct.file !== null ? direct : placeInStack((error as Error | undefined)?.stack);
    // A DOMException (InvalidStateError, SyntaxError…) can arrive with an empty event.message.
    const named = error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException);
    const detail = named ? `${(error as Error).name}: ${(error as Error).message}` : '';
    const message = event.message && event.message.replace(/^Uncaught\s*/, '').trim() !== '' ? event.message : `Uncaught ${detail || String(error)}`;
    post({ type: 'error', message, ...place, rejection: false, time: Date.now() });
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    const place = placeInStack(reason instanceof Error ? reason.stack : undefined);
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : serialize(reason, true, config.modules).text;
    post({ type: 'error', message, ...place, rejection: true, time: Date.now() });
  });
  let started = false;
  /**
   * A prepared frame's one run: the learner's files as module URLs (fileUrl, loops already guarded), run in order
   * like the module scripts of a generated document. Only from the lesson page, for this frame's run, once.
   */
  const startRun = (scripts: unknown): void => {
    if (!config.awaitRun || started || !Array.isArray(scripts)) return;
    started = true;
    const add = () => {
      for (const src of scripts) {
        if (typeof src !== 'string' || !src.startsWith('data:text/javascript;')) continue;
        const script = document.createElement('script');
        script.type = 'module';
        // Inserted module scripts run as soon as they load, in any order; not async: in the order they were added.
        script.async = false;
        script.src = src;
        document.body.append(script);
      }
      // In a generated document the learner's modules run before DOMContentLoaded and load; this frame had both
      // before its run came, so they are told again after the modules (in order, the same way), or code that waits
      // for them would run on the first press and never on a rerun. A load still to come comes by itself.
      const events =
        "document.dispatchEvent(new Event('DOMContentLoaded', { bubbles: true }));" +
        "if (document.readyState === 'complete') window.dispatchEvent(new Event('load'));";
      const after = document.createElement('script');
      after.type = 'module';
      after.async = false;
      after.src = `data:text/javascript;charset=utf-8,${encodeURIComponent(events)}`;
      document.body.append(after);
    };
    // As in a generated document, the learner's code finds the whole (empty) page parsed.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', add, { once: true });
    else add();
  };
  window.addEventListener('message', (event) => {
    const data = event.data as { channel?: unknown; type?: unknown; seq?: unknown; runId?: unknown; scripts?: unknown } | null;
    if (event.source !== window.parent || data?.channel !== config.channel) return;
    if (data.type === 'ping') post({ type: 'pong', seq: data.seq });
    if (data.type === 'run' && event.origin === config.parentOrigin && data.runId === config.runId) startRun(data.scripts);
    // The learner's server opened another port after this run began: localhost:<it> reaches it from now on.
    const snippet = (data as { snippet?: unknown }).snippet as { base?: unknown; ports?: unknown } | undefined;
    if (data.type === 'snippet' && typeof snippet?.base === 'string' && Array.isArray(snippet.ports)) {
      (globalThis as { __pgSnippet?: unknown }).__pgSnippet = { base: snippet.base, ports: snippet.ports.filter((port): port is number => typeof port === 'number') };
    }
  });

  // Modal dialogs are not allowed in the sandbox; show what they would have said instead.
  window.alert = (message?: unknown) => post({ type: 'notice', text: `alert: ${serialize(message).text}`, time: Date.now() });
  window.confirm = (message?: string) => {
    post({ type: 'notice', text: `confirm: ${message ?? ''} (놀이터에서는 항상 false를 돌려줍니다)`, time: Date.now() });
    return false;
  };
  window.prompt = (message?: string) => {
    post({ type: 'notice', text: `prompt: ${message ?? ''} (놀이터에서는 항상 null을 돌려줍니다)`, time: Date.now() });
    return null;
  };

  /**
   * Where a WebSocket URL the learner wrote really goes: localhost:<port> of this run's learner
   * server to that server (through the proxy), the seed's placeholder URLs to the built-in
   * endpoints, and the playground's own endpoints with the capture tag (so the inspector records
   * them). `shown` is the URL without the tag, as the learner should see it.
   */
  const aim = (requested: string): { wire: string; shown: string | null } => {
    // A learner's server of this run (set by the page before the bridge): localhost:<its port> goes to it.
    const snippet = (globalThis as { __pgSnippet?: { base: string; ports: number[] } }).__pgSnippet;
    // Those keep their path and query (the learner's server routes on them); the seed's
    // placeholder URLs are replaced whole.
    const toSnippet = (snippet?.ports ?? []).flatMap((port): Array<[string, string, boolean]> => [
      [`ws://localhost:${port}`, `${config.wsOrigin}${snippet?.base}/${port}`, true],
      [`ws://127.0.0.1:${port}`, `${config.wsOrigin}${snippet?.base}/${port}`, true],
    ]);
    const rules = [...toSnippet, ...config.urlRewrites.map(([prefix, replacement]): [string, string, boolean] => [prefix, replacement, false])];
    const rule = rules.find(([prefix]) => requested.startsWith(prefix) && /^($|[/?:])/.test(requested.slice(prefix.length)));
    const url = !rule ? requested : rule[2] ? rule[1] + requested.slice(rule[0].length) : rule[1];
    if (rule) {
      const where = url.includes('/_sandbox/') ? '샌드박스에서 실행 중인 여러분의 서버' : `놀이터 서버 ${url}`;
      post({ type: 'notice', text: `${requested} → ${where}에 연결합니다.`, time: Date.now() });
    }
    // Built-in endpoints learn whose page this is from the capture tag; a learner's server (behind
    // /_sandbox/) is recorded by the proxy and should see its URL untouched.
    try {
      const parsed = new URL(url, document.baseURI);
      // A relative URL resolves against the page (http:); the WebSocket constructor turns that into ws:.
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') parsed.protocol = parsed.protocol === 'http:' ? 'ws:' : 'wss:';
      if (config.captureTag !== null && parsed.origin === config.wsOrigin && !parsed.pathname.startsWith('/_sandbox/')) {
        const shown = parsed.href;
        parsed.searchParams.set(config.captureParam, config.captureTag);
        return { wire: parsed.href, shown };
      }
    } catch {
      // Not a URL: the native constructor throws the SyntaxError the learner should see.
    }
    return { wire: url, shown: null };
  };

  /** `new X(url, …)` for WebSocket and, where the browser has it, WebSocketStream: the same aim, the same `url` shown. */
  const aimed = <T extends object>(Native: new (...args: never[]) => T): (new (...args: never[]) => T) =>
    new Proxy(Native, {
      construct(target, args: unknown[], newTarget) {
        const { wire, shown } = aim(String(args[0]));
        args[0] = wire;
        const socket = Reflect.construct(target, args, newTarget) as T;
        // The tag is the playground's business: socket.url shows where it went, without it.
        if (shown !== null) Object.defineProperty(socket, 'url', { value: shown, enumerable: true });
        return socket;
      },
    });
  window.WebSocket = aimed(window.WebSocket) as typeof WebSocket;
  const withStream = window as unknown as { WebSocketStream?: new (...args: never[]) => object };
  if (typeof withStream.WebSocketStream === 'function') withStream.WebSocketStream = aimed(withStream.WebSocketStream);
  post({ type: 'ready' });
}
