import type { SerializedValue } from './serialize.ts';

export interface BridgeConfig {
  channel: string;
  runId: string;
  /** The lesson page's origin: the only window our messages go to. */
  parentOrigin: string;
  /** Line of the sandbox document where the learner's file begins. */
  firstUserLine: number;
  /** Console lines forwarded per run before the rest is dropped (a runaway loop must not flood the page). */
  maxConsoleLines: number;
  /** [prefix, replacement]: WebSocket URLs that start with prefix are opened at replacement instead. */
  urlRewrites: Array<[string, string]>;
}

/**
 * Runs first inside the sandboxed frame. Self-contained (inlined with `Function.prototype.toString`):
 * it forwards console calls, uncaught errors and unhandled rejections to the lesson page, answers
 * the page's pings (so the page can tell a frozen run), and points the seed's placeholder URLs
 * (`ws://example.com/…`) at the playground's own endpoints.
 */
export function installBridge(config: BridgeConfig, serialize: (value: unknown) => SerializedValue): void {
  const post = (message: Record<string, unknown>) => {
    try {
      window.parent.postMessage({ channel: config.channel, runId: config.runId, ...message }, config.parentOrigin);
    } catch {
      // An unclonable value cannot reach here: everything is serialised first.
    }
  };
  const toUserLine = (line: number | undefined | null): number | null =>
    typeof line === 'number' && line >= config.firstUserLine ? line - config.firstUserLine + 1 : null;
  const locate = (stack: string | undefined): [number | null, number | null] => {
    const match = /about:srcdoc:(\d+):(\d+)/.exec(stack ?? '');
    return match ? [toUserLine(Number(match[1])), Number(match[2])] : [null, null];
  };

  let lines = 0;
  const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
  for (const level of levels) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      original(...args);
      lines += 1;
      if (lines > config.maxConsoleLines) {
        if (lines === config.maxConsoleLines + 1) post({ type: 'truncated', limit: config.maxConsoleLines, time: Date.now() });
        return;
      }
      post({ type: 'console', level, args: args.map((arg) => serialize(arg)), time: Date.now() });
    };
  }

  window.addEventListener('error', (event) => {
    const fromStack = locate((event.error as Error | undefined)?.stack);
    const line = toUserLine(event.lineno) ?? fromStack[0];
    post({ type: 'error', message: event.message || String(event.error), line, column: line === null ? null : event.colno || fromStack[1], rejection: false, time: Date.now() });
  });
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    const [line, column] = locate(reason instanceof Error ? reason.stack : undefined);
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : serialize(reason).text;
    post({ type: 'error', message, line, column, rejection: true, time: Date.now() });
  });
  window.addEventListener('message', (event) => {
    const data = event.data as { channel?: unknown; type?: unknown; seq?: unknown } | null;
    if (event.source !== window.parent || data?.channel !== config.channel) return;
    if (data.type === 'ping') post({ type: 'pong', seq: data.seq });
  });

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = new Proxy(NativeWebSocket, {
    construct(target, args: unknown[], newTarget) {
      const requested = String(args[0]);
      const rule = config.urlRewrites.find(([prefix]) => requested.startsWith(prefix));
      if (rule) {
        args[0] = rule[1];
        post({ type: 'notice', text: `${requested} 대신 놀이터 서버 ${rule[1]} 에 연결합니다.`, time: Date.now() });
      }
      return Reflect.construct(target, args, newTarget) as WebSocket;
    },
  });
  post({ type: 'ready' });
}
