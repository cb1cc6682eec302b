import type { Socket } from 'node:net';
import { playgroundTag } from '../../protocol/page-tag.ts';
import type { CaptureHub } from '../capture-hub.ts';
import { TokenBucket } from '../limits/token-bucket.ts';
import type { ClientKey } from '../limits/ip-connection-limiter.ts';
import type { Logger } from '../log.ts';
import { observeIncoming, observeOutgoing } from '../tap.ts';
import { INSPECT_ERRORS, type InspectErrorCode } from '../../protocol/inspect-errors.ts';
import type { InspectConnectRequest, InspectServerMessage, ComposedMessage, TlsFacts } from '../../protocol/inspect-messages.ts';
import { pinnedAgent } from './pinned-agent.ts';
import { openSocketIoTarget } from './socket-io-target.ts';
import type { TargetResult } from './target-policy.ts';
import type { TargetSession } from './target-session.ts';
import { openWebSocketTarget } from './websocket-target.ts';

/** The limits of ‘내 서버 검사하기’ (docs/limits.md). */
export interface InspectLimits {
  /** Open inspect connections per page (control-channel session). */
  perPage: number;
  /** Open inspect connections per client address (IPv6 /64), all its pages together. */
  perClient: number;
  /** The largest message taken from the target (ws maxPayload, a polling answer). */
  maxMessageBytes: number;
  /** Bytes the target may send over one inspect connection in all; past it the connection is cut. */
  maxTotalBytes: number;
  /** No byte either way for this long ends the connection. */
  idleMs: number;
  /** TCP connect, TLS and the opening handshake (WebSocket or Engine.IO) together. */
  handshakeTimeoutMs: number;
  /** The composer's messages per connection: a token bucket. */
  rateBurst: number;
  ratePerSecond: number;
}

export const DEFAULT_INSPECT_LIMITS: InspectLimits = {
  perPage: 4,
  perClient: 8,
  maxMessageBytes: 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024,
  idleMs: 5 * 60_000,
  handshakeTimeoutMs: 10_000,
  rateBurst: 40,
  ratePerSecond: 20,
};

/** Header names the learner may not set: the handshake's own, and what would change how the request is framed. */
const RESERVED_HEADERS = new Set(['host', 'upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions', 'content-length', 'transfer-encoding', 'keep-alive', 'te', 'trailer', 'proxy-connection']);

export type InspectReply = InspectServerMessage | { type: 'error'; runId: string; code: InspectErrorCode; message: string };

/** One page's side of the registry: where its replies go and whose capture its connections are. */
export interface InspectPage {
  /** The page's capture tag (the control channel's session tag). */
  captureTag(): string;
  /** The client key (limits/ip-connection-limiter.ts clientKey). */
  client(): ClientKey;
  send(reply: InspectReply): void;
}

export type InspectClientMessage =
  | ({ type: 'inspect-connect' } & InspectConnectRequest)
  | { type: 'inspect-send'; runId: string; message: ComposedMessage }
  | { type: 'inspect-disconnect'; runId: string }
  | { type: 'inspect-proxy-watch'; runId: string; capture: string };

/** `npm run inspect`'s reverse proxy, as the pages learn of it. */
export interface ProxyInfo {
  listen: string;
  target: string;
}

interface Entry {
  session: TargetSession | null;
  failure: InspectErrorCode | null;
  received: number;
  lastActivity: number;
  bucket: TokenBucket;
  sockets: Set<Socket>;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * The connections the playground server makes to learners' own servers (issue 16), for the pages
 * that ask. Each target goes through the target policy first (inspect/target-policy.ts: loopback by
 * default, resolved once, the checked address connected to); each TCP connection is tapped into the
 * page's capture like the sandbox's (capture-hub.ts), so the page's inspector shows it. Limits per
 * page, per client, per message, in all, for idleness and for the composer's rate; a misbehaving
 * target ends its own connection with a code from inspect-errors.ts, never the server.
 */
export function createInspections(options: { hub: CaptureHub; policy: (raw: string) => Promise<TargetResult>; logger: Logger; limits?: Partial<InspectLimits> }) {
  const limits: InspectLimits = { ...DEFAULT_INSPECT_LIMITS, ...options.limits };
  const { hub, logger } = options;
  const perClient = new Map<ClientKey, number>();
  /** Capture tags of the pages that watch the reverse proxy's connections. */
  const proxyWatchers = new Set<string>();
  let proxy: ProxyInfo | null = null;

  const take = (client: ClientKey) => perClient.set(client, (perClient.get(client) ?? 0) + 1);
  const give = (client: ClientKey) => {
    const left = (perClient.get(client) ?? 1) - 1;
    if (left <= 0) perClient.delete(client);
    else perClient.set(client, left);
  };

  return {
    /** Open inspect connections, all pages. */
    count: () => [...perClient.values()].reduce((total, n) => total + n, 0),

    /** Tells pages that a reverse proxy runs (entry/inspect.ts). */
    setProxy(info: ProxyInfo | null): void {
      proxy = info;
    },

    /** Recorders for one connection through the reverse proxy, one per watching page (none: nobody watches); `tls`: its upstream's. */
    recordProxied(label: string, tls?: TlsFacts) {
      return [...proxyWatchers].flatMap((tag) => hub.open(tag, label, tls) ?? []);
    },

    page(page: InspectPage) {
      const entries = new Map<string, Entry>();
      let watchingTag: string | null = null;
      const refuse = (runId: string, code: InspectErrorCode) => page.send({ type: 'error', runId, code, message: INSPECT_ERRORS[code] });

      async function connect(request: InspectConnectRequest): Promise<void> {
        const { runId } = request;
        if (entries.has(runId)) return refuse(runId, 'INSPECT_DUPLICATE');
        if (entries.size >= limits.perPage) return refuse(runId, 'INSPECT_LIMIT_PAGE');
        const client = page.client();
        if ((perClient.get(client) ?? 0) >= limits.perClient) return refuse(runId, 'INSPECT_LIMIT_CLIENT');
        if ((request.headers ?? []).some(([name]) => RESERVED_HEADERS.has(name.toLowerCase()))) return refuse(runId, 'INSPECT_BAD_HEADER');
        // The slot is taken before the name is resolved, so many requests at once cannot all pass the checks.
        const entry: Entry = { session: null, failure: null, received: 0, lastActivity: performance.now(), bucket: new TokenBucket(limits.rateBurst, limits.ratePerSecond), sockets: new Set(), idleTimer: null };
        entries.set(runId, entry);
        take(client);
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          if (entry.idleTimer) clearInterval(entry.idleTimer);
          if (entries.get(runId) === entry) entries.delete(runId);
          give(client);
        };

        const checked = await options.policy(request.url);
        if ('code' in checked) {
          release();
          logger.info('inspect_refused', { code: checked.code });
          page.send({ type: 'error', runId, code: checked.code, message: checked.message });
          return;
        }
        if (entries.get(runId) !== entry) return release(); // disconnected while resolving
        const { target } = checked;
        const label = `내 서버 ${request.mode === 'socket.io' ? 'Socket.IO ' : ''}${target.url.href}`;
        const tag = playgroundTag(page.captureTag(), request.capture);
        const fail = (code: InspectErrorCode) => {
          entry.failure ??= code;
          entry.session?.destroy();
          for (const socket of entry.sockets) socket.destroy();
        };
        let tlsReported = false;
        const agent = pinnedAgent({
          target,
          trustCertificate: request.trustCertificate === true,
          onTls(tls: TlsFacts) {
            if (tlsReported) return;
            tlsReported = true;
            page.send({ type: 'inspect-tls', runId, tls });
          },
          onSocket(socket, tls) {
            if (released) {
              socket.destroy();
              return;
            }
            entry.sockets.add(socket);
            const recorder = hub.open(tag, label, tls ?? undefined);
            observeOutgoing(socket, (bytes) => {
              entry.lastActivity = performance.now();
              recorder?.chunk('client-to-server', bytes);
            });
            observeIncoming(socket, (bytes) => {
              entry.lastActivity = performance.now();
              entry.received += bytes.length;
              if (entry.received > limits.maxTotalBytes) {
                fail('INSPECT_TOO_MUCH');
                return;
              }
              recorder?.chunk('server-to-client', bytes);
            });
            socket.once('close', () => {
              entry.sockets.delete(socket);
              recorder?.end();
            });
          },
        });
        let opened = false;
        let overall: NodeJS.Timeout | undefined;
        const context = {
          target,
          request,
          agent,
          maxMessageBytes: limits.maxMessageBytes,
          handshakeTimeoutMs: limits.handshakeTimeoutMs,
          report(message: InspectServerMessage) {
            if (message.type === 'inspect-open') {
              opened = true;
              clearTimeout(overall);
            }
            page.send(message);
          },
          failure: () => entry.failure,
          ended(code: number | null, reason: string, failure: InspectErrorCode | null) {
            if (released) return;
            clearTimeout(overall);
            release();
            agent.destroy();
            for (const socket of entry.sockets) socket.destroy();
            logger.info('inspect_closed', { mode: request.mode, code: failure ?? 'ok' });
            page.send({ type: 'inspect-closed', runId, code, reason, error: failure === null ? null : { code: failure, message: INSPECT_ERRORS[failure] } });
          },
        };
        logger.info('inspect_open', { mode: request.mode, tls: target.tls });
        // A handshake that never ends (a target that trickles bytes) is cut here, whatever the libraries' own timers do.
        overall = setTimeout(() => {
          if (!opened) fail('INSPECT_TIMEOUT');
        }, limits.handshakeTimeoutMs + 1000);
        try {
          entry.session = request.mode === 'socket.io' ? openSocketIoTarget(context) : openWebSocketTarget(context);
        } catch (error) {
          // What the libraries refuse before connecting (a subprotocol twice, a header value they reject).
          logger.info('inspect_refused', { code: 'INSPECT_BAD_MESSAGE' satisfies InspectErrorCode, message: String(error) });
          context.ended(null, '', 'INSPECT_BAD_MESSAGE');
          return;
        }
        entry.idleTimer = setInterval(() => {
          if (performance.now() - entry.lastActivity >= limits.idleMs) fail('INSPECT_IDLE');
        }, Math.min(30_000, Math.max(50, limits.idleMs / 4)));
        entry.idleTimer.unref();
      }

      function send(runId: string, message: ComposedMessage): void {
        const entry = entries.get(runId);
        if (!entry?.session) return refuse(runId, 'INSPECT_NOT_OPEN');
        if (!entry.bucket.take()) return refuse(runId, 'INSPECT_RATE');
        const problem = entry.session.send(message);
        if (problem !== null) refuse(runId, problem);
      }

      return {
        async handle(message: InspectClientMessage): Promise<void> {
          switch (message.type) {
            case 'inspect-connect':
              return connect(message);
            case 'inspect-send':
              return send(message.runId, message.message);
            case 'inspect-proxy-watch':
              if (watchingTag !== null) proxyWatchers.delete(watchingTag);
              watchingTag = `${page.captureTag()}.${message.capture}`;
              proxyWatchers.add(watchingTag);
              page.send({ type: 'inspect-proxy', runId: message.runId, listen: proxy?.listen ?? null, target: proxy?.target ?? null });
              return;
            case 'inspect-disconnect': {
              const entry = entries.get(message.runId);
              if (!entry) return;
              if (entry.session) entry.session.close();
              else entries.delete(message.runId);
              return;
            }
          }
        },
        /** The page is gone: every connection it opened ends now. */
        closeAll(): void {
          if (watchingTag !== null) proxyWatchers.delete(watchingTag);
          watchingTag = null;
          for (const [runId, entry] of entries) {
            entries.delete(runId);
            entry.failure ??= 'INSPECT_CLOSED';
            entry.session?.destroy();
            for (const socket of entry.sockets) socket.destroy();
          }
        },
        count: () => entries.size,
      };
    },
  };
}

export type Inspections = ReturnType<typeof createInspections>;
export type PageInspections = ReturnType<Inspections['page']>;
