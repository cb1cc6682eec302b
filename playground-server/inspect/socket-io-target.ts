import { NodeWebSocket } from 'engine.io-client';
import { Manager, type Socket } from 'socket.io-client';
import type { InspectErrorCode } from '../../protocol/inspect-errors.ts';
import { InspectFailure } from './pinned-agent.ts';
import { PinnedPolling } from './pinned-polling.ts';
import { hexBytes, type TargetContext, type TargetSession } from './target-session.ts';

/** An acknowledgement's arguments are shown as JSON, this long at most. */
const MAX_ACK_TEXT = 4096;
const DEFAULT_ACK_TIMEOUT_MS = 5000;

/** The composer's JSON array of arguments; an object {"$hex": "…"} stands for a binary attachment. Null when it is not an array. */
export function emitArguments(json: string): unknown[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  let bad = false;
  const args = parsed.map((arg: unknown) => {
    if (arg !== null && typeof arg === 'object' && !Array.isArray(arg) && Object.keys(arg).length === 1 && typeof (arg as { $hex?: unknown }).$hex === 'string') {
      const bytes = hexBytes((arg as { $hex: string }).$hex);
      if (bytes === null) bad = true;
      return bytes;
    }
    return arg;
  });
  return bad ? null : args;
}

function ackText(args: unknown[]): string {
  const text = JSON.stringify(args, (_key, value: unknown) => (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' ? { $hex: Buffer.from((value as { data: number[] }).data).toString('hex') } : value));
  return text.length > MAX_ACK_TEXT ? `${text.slice(0, MAX_ACK_TEXT)}…` : text;
}

function failureOf(error: unknown): InspectErrorCode | null {
  if (error instanceof InspectFailure) return error.code;
  const description = (error as { description?: unknown } | null)?.description;
  if (description instanceof InspectFailure) return description.code;
  if (error instanceof Error && error.message === 'timeout') return 'INSPECT_TIMEOUT';
  return null;
}

/**
 * A Socket.IO connection to the learner's server, made by socket.io-client as a Node client would:
 * HTTP long-polling first, then the upgrade to WebSocket, every request and the WebSocket made by
 * the pinned agent (PinnedPolling for the polls: no redirects). One Manager (one Engine.IO session),
 * one Socket per namespace joined. No reconnection: the inspector shows one session as it went.
 */
export function openSocketIoTarget(context: TargetContext): TargetSession {
  const { request, target } = context;
  const first = request.namespace ?? (target.url.pathname === '/' ? '/' : target.url.pathname.replace(/\/$/, ''));
  const manager = new Manager(target.url.origin, {
    path: request.path ?? '/socket.io/',
    // The address's query goes with every Engine.IO request, as io('http://host/?token=…') sends it (the origin alone dropped it).
    query: Object.fromEntries(target.url.searchParams),
    transports: [PinnedPolling, NodeWebSocket],
    agent: context.agent as unknown as string,
    extraHeaders: Object.fromEntries(request.headers ?? []),
    reconnection: false,
    timeout: context.handshakeTimeoutMs,
    autoConnect: false,
    perMessageDeflate: (request.deflate === false ? false : { threshold: 1024 }) as { threshold: number },
    ...({ maxPayload: context.maxMessageBytes } as object),
  });
  const sockets = new Map<string, Socket>();
  let opened = false;
  let ended = false;
  let failure: InspectErrorCode | null = null;

  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    for (const socket of sockets.values()) socket.disconnect();
    manager.engine?.close();
    context.ended(null, reason, failure ?? context.failure());
  };

  manager.on('open', () => {
    const engine = manager.engine;
    engine.on('upgrade', (transport: { name: string }) => context.report({ type: 'inspect-transport', runId: request.runId, transport: transport.name }));
  });
  manager.on('error', (error: unknown) => {
    failure ??= context.failure() ?? failureOf(error) ?? 'INSPECT_HANDSHAKE_FAILED';
    end(String((error as Error)?.message ?? error));
  });
  manager.on('close', (reason: string) => end(reason));

  const join = (namespace: string): void => {
    if (sockets.has(namespace)) return;
    const socket = manager.socket(namespace);
    sockets.set(namespace, socket);
    socket.on('connect', () => {
      if (!opened) {
        opened = true;
        context.report({ type: 'inspect-open', runId: request.runId, mode: 'socket.io', protocol: '', extensions: '', transport: manager.engine.transport.name });
      }
      context.report({ type: 'inspect-namespace', runId: request.runId, namespace, connected: true, message: '' });
    });
    socket.on('connect_error', (error: Error) => {
      sockets.delete(namespace);
      if (!opened) {
        failure ??= context.failure() ?? failureOf(error) ?? 'INSPECT_HANDSHAKE_FAILED';
        end(error.message);
        return;
      }
      context.report({ type: 'inspect-namespace', runId: request.runId, namespace, connected: false, message: error.message });
    });
    socket.connect();
  };
  join(first);

  let ackIds = 0;
  return {
    send(message) {
      if (!opened || ended) return 'INSPECT_NOT_OPEN';
      switch (message.kind) {
        case 'join':
          join(message.namespace);
          return null;
        case 'emit': {
          const socket = sockets.get(message.namespace ?? first);
          if (!socket?.connected) return 'INSPECT_NOT_OPEN';
          const args = emitArguments(message.args);
          if (args === null) return 'INSPECT_BAD_MESSAGE';
          try {
            if (message.ack !== true) {
              socket.emit(message.event, ...args);
              return null;
            }
            const ackId = ++ackIds;
            socket.timeout(message.timeoutMs ?? DEFAULT_ACK_TIMEOUT_MS).emit(message.event, ...args, (error: Error | null, ...response: unknown[]) => {
              context.report({ type: 'inspect-ack', runId: request.runId, ackId, event: message.event, args: error ? null : ackText(response), timedOut: error !== null });
            });
            return null;
          } catch {
            // A reserved event name ("connect", "disconnect"…): socket.io-client refuses it.
            return 'INSPECT_BAD_MESSAGE';
          }
        }
        default:
          return 'INSPECT_BAD_MESSAGE';
      }
    },
    close() {
      for (const socket of sockets.values()) socket.disconnect();
      end('io client disconnect');
    },
    destroy() {
      end('forced close');
    },
  };
}
