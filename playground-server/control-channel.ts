import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { CaptureHub } from './capture-hub.ts';
import { CONTROL_ERRORS } from '../protocol/control-errors.ts';
import { clientMessage, SESSION_PATTERN, type ClientMessage, type LearnerErrorInfo, type ServerMessage } from '../protocol/control-messages.ts';
import type { Endpoint } from './endpoints/endpoint.ts';
import { createWsEndpoint, onMessage } from './endpoints/ws-endpoint.ts';
import type { Logger } from './log.ts';
import type { NetConditions } from './net-conditions.ts';
import { SandboxError } from './sandbox/sandbox-error.ts';
import type { LearnerError } from './sandbox/learner-error.ts';
import type { Sandbox, SandboxManager } from './sandbox/sandbox-types.ts';
import { requestUrl } from './request-url.ts';
import { sendRawRequest } from './raw-request.ts';
import { clientKey, type ClientKey } from './limits/ip-connection-limiter.ts';
import type { Inspections, PageInspections } from './inspect/inspections.ts';
import type { ConnectionPolicy } from './limits/websocket-guard.ts';
import { playgroundTag, playgroundTagPrefix } from '../protocol/page-tag.ts';

export const CONTROL_PATH = '/_playground';
const PING_FRAME = Buffer.from([0x89, 0x00]);
/**
 * Console lines are not sent while this much is already waiting for the page: they are skipped and counted. The output
 * limit counts the program's bytes (1 per empty line), each line is a JSON message of about 85 bytes, and a page that
 * never reads would otherwise have the server hold every one of them.
 */
export const MAX_UNSENT_OUTPUT = 1024 * 1024;
/**
 * Playgrounds of one page that may have network conditions at once. Each is an entry kept as long as the page stays
 * (control channels are never idle), and any name a page sends made one: ~150 bytes a message, for hours.
 */
export const MAX_CONDITIONED_PLAYGROUNDS = 32;
/** Control messages are small JSON; the largest is a run with its files. */
const MAX_CONTROL_MESSAGE = 1024 * 1024;

/** A learner's server, reachable through the proxy at `/_sandbox/<token>/<port>/…`. */
export interface SandboxRun {
  token: string;
  sandbox: Sandbox;
  session: string;
  /** The page's capture tag: connections through the proxy are recorded for it. */
  captureTag: string;
  /** Markup injected at the start of HTML pages the snippet serves. */
  inject: string;
}

interface Session {
  id: string;
  /** Who the page's connection comes from (limits/ip-connection-limiter.ts `clientKey`): sandbox slots are counted per client too. */
  client: ClientKey;
  captureTag: string;
  socket: WebSocket | null;
  detachCapture: (() => void) | null;
  runs: Map<string, SandboxRun>;
  /** The page's playgrounds that have network conditions now (at most MAX_CONDITIONED_PLAYGROUNDS). */
  conditioned: Set<string>;
  /** A hand-written request of the page's network panel is out (one at a time: raw-request.ts). */
  rawBusy: boolean;
  /** Settles once the servers a previous connection of this session left behind are stopped. */
  released: Promise<unknown>;
  /**
   * The last run or stop of each runId still in flight. The next one for that runId waits for it: a stop sent while
   * the server starts stops it, and two runs of one runId never leave two servers (one of them out of the page's reach).
   */
  pending: Map<string, Promise<void>>;
  /** Its connections to the learner's own servers (‘내 서버 검사하기’); they end with the page's connection. */
  inspect: PageInspections;
}

export interface ControlChannel {
  endpoint: Endpoint;
  /** The running server behind a proxy token, if any. */
  run(token: string): SandboxRun | undefined;
}

function learnerError(error: LearnerError | null | undefined): LearnerErrorInfo | null {
  if (!error) return null;
  return {
    message: error.message,
    file: error.location?.file ?? null,
    line: error.location?.line ?? null,
    column: error.location?.column ?? null,
    hint: error.hint,
  };
}

function sessionFrom(req: IncomingMessage): string | null {
  const session = requestUrl(req)?.searchParams.get('session') ?? null;
  return session !== null && SESSION_PATTERN.test(session) ? session : null;
}

/**
 * `/_playground`: one WebSocket per lesson page. It starts and stops the page's Node servers in
 * the sandbox, streams their console, and carries the page's capture (what the tap recorded of
 * its connections). The session id is the tab's (a reload keeps it); the servers a connection started
 * live as long as it does: when it closes they stop after the sandbox's grace period, and at once
 * when the tab connects again (the page that started them has let them go).
 */
export function createControlChannel(options: {
  sandboxes: SandboxManager | null;
  hub: CaptureHub;
  conditions: NetConditions;
  /** Where this server listens, for raw requests a learner sends to it; null before it listens. */
  localAddress: () => { host: string; port: number } | null;
  /** Connections to learners' own servers (inspect/inspections.ts). */
  inspections: Inspections;
  logger: Logger;
  /** What the channel's connections are held to (an open lesson page is never idle); null: nothing. */
  policy: ConnectionPolicy | null;
}): ControlChannel {
  const { sandboxes, hub, conditions, logger, inspections } = options;
  const sessions = new Map<string, Session>();
  const runs = new Map<string, SandboxRun>();

  const send = (session: Session, message: ServerMessage) => {
    if (session.socket?.readyState === session.socket?.OPEN) session.socket?.send(JSON.stringify(message));
  };

  /** Runs `work` after the run or stop of `runId` before it (see Session.pending). */
  function inTurn(session: Session, runId: string, work: () => Promise<void>): Promise<void> {
    const turn = (session.pending.get(runId) ?? Promise.resolve()).then(work);
    const settled = turn.then(
      () => {},
      () => {},
    );
    session.pending.set(runId, settled);
    void settled.then(() => {
      if (session.pending.get(runId) !== settled) return;
      session.pending.delete(runId);
      forgetIfIdle(session);
    });
    return turn;
  }

  /** A session with no page, no server and nothing in flight is forgotten. */
  function forgetIfIdle(session: Session): void {
    if (session.socket === null && session.runs.size === 0 && session.pending.size === 0 && sessions.get(session.id) === session) sessions.delete(session.id);
  }

  async function runServer(session: Session, asker: WebSocket, runId: string, files: Record<string, string>, entry: string, inject: string, capture: string | undefined): Promise<void> {
    await session.released;
    await stopServer(session, runId);
    // Runs still queued when their page left start nothing: no page would see them.
    if (session.socket !== asker) return;
    if (!sandboxes) {
      send(session, { type: 'error', runId, code: 'SANDBOX_UNAVAILABLE', message: CONTROL_ERRORS.SANDBOX_UNAVAILABLE });
      return;
    }
    send(session, { type: 'server-starting', runId });
    let sandbox: Sandbox;
    try {
      sandbox = await sandboxes.start({ owner: session.id, client: session.client, files, entry });
    } catch (error) {
      const code = error instanceof SandboxError ? error.code : 'SANDBOX_START_FAILED';
      const message = error instanceof Error ? error.message : String(error);
      send(session, { type: 'error', runId, code, message, error: learnerError(error instanceof SandboxError ? error.exit?.error : null) });
      return;
    }
    if (session.socket !== asker) {
      // The page that asked left while the server started. A newer page of the tab never knew this server (a page
      // drops its runs when its control channel closes), so it stops now; with no page open, it gets the grace the
      // page's other servers got when it closed.
      if (session.socket !== null) {
        await sandbox.stop('stopped');
        return;
      }
      sandboxes.ownerGone(session.id);
    }
    const captureTag = capture === undefined ? session.captureTag : playgroundTag(session.captureTag, capture);
    const run: SandboxRun = { token: randomUUID(), sandbox, session: session.id, captureTag, inject };
    runs.set(run.token, run);
    session.runs.set(runId, run);
    const base = `/_sandbox/${run.token}`;
    for (const port of sandbox.ports()) send(session, { type: 'server-listening', runId, port, base });
    let skipped = 0;
    const tellSkipped = (time: number) => {
      if (skipped === 0) return;
      send(session, { type: 'server-output', runId, stream: 'stderr', text: `(페이지가 받지 못해 출력 ${skipped.toLocaleString('en-US')}줄을 건너뛰었습니다.)`, time });
      skipped = 0;
    };
    sandbox.on('output', (line) => {
      if ((session.socket?.bufferedAmount ?? 0) > MAX_UNSENT_OUTPUT) {
        skipped += 1;
        return;
      }
      tellSkipped(line.time);
      send(session, { type: 'server-output', runId, stream: line.stream, text: line.text, time: line.time });
    });
    sandbox.on('listening', ({ virtualPort }) => send(session, { type: 'server-listening', runId, port: virtualPort, base }));
    void sandbox.exited.then((info) => {
      tellSkipped(Date.now());
      runs.delete(run.token);
      if (session.runs.get(runId) === run) session.runs.delete(runId);
      forgetIfIdle(session);
      send(session, { type: 'server-exit', runId, reason: info.reason, message: info.message, error: learnerError(info.error), time: Date.now(), code: info.code });
    });
  }

  async function stopServer(session: Session, runId: string): Promise<void> {
    const run = session.runs.get(runId);
    if (!run) return;
    session.runs.delete(runId);
    await run.sandbox.stop('stopped');
  }

  async function handle(session: Session, asker: WebSocket, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'run-server':
        return inTurn(session, message.runId, () => runServer(session, asker, message.runId, message.files, message.entry, message.inject ?? '', message.capture));
      case 'stop-server':
        return inTurn(session, message.runId, () => stopServer(session, message.runId));
      case 'set-conditions': {
        const { latencyMs, bytesPerSecond } = message;
        const off = latencyMs === 0 && bytesPerSecond === 0;
        if (!off && !session.conditioned.has(message.capture) && session.conditioned.size >= MAX_CONDITIONED_PLAYGROUNDS) {
          send(session, { type: 'error', code: 'CONTROL_TOO_MANY_PLAYGROUNDS', message: CONTROL_ERRORS.CONTROL_TOO_MANY_PLAYGROUNDS(MAX_CONDITIONED_PLAYGROUNDS) });
          return;
        }
        if (off) session.conditioned.delete(message.capture);
        else session.conditioned.add(message.capture);
        conditions.set(playgroundTag(session.captureTag, message.capture), { latencyMs, bytesPerSecond });
        send(session, { type: 'conditions', capture: message.capture, latencyMs, bytesPerSecond });
        return;
      }
      case 'cut': {
        const tag = playgroundTag(session.captureTag, message.capture);
        const silent = message.silent === true;
        send(session, { type: 'cut', capture: message.capture, connections: silent ? conditions.silence(tag) : conditions.cut(tag), silent });
        return;
      }
      case 'ping': {
        // An empty ping frame (FIN + opcode 0x9, length 0), written between whole frames of a built-in endpoint.
        const sockets = conditions.sockets(playgroundTag(session.captureTag, message.capture), 'endpoint');
        for (const socket of sockets) socket.write(PING_FRAME);
        send(session, { type: 'ping', capture: message.capture, connections: sockets.length });
        return;
      }
      case 'capture-watch':
        hub.watch(session.captureTag, message.capture);
        return;
      case 'raw-request': {
        if (session.rawBusy) {
          send(session, { type: 'error', code: 'CONTROL_BUSY', message: CONTROL_ERRORS.CONTROL_BUSY });
          return;
        }
        session.rawBusy = true;
        try {
          const answer = await sendRawRequest(options.localAddress(), message.text);
          send(session, { type: 'raw-response', capture: message.capture, ...answer });
        } finally {
          session.rawBusy = false;
        }
        return;
      }
      case 'inspect-connect':
      case 'inspect-send':
      case 'inspect-disconnect':
      case 'inspect-proxy-watch':
        return session.inspect.handle(message);
    }
  }

  const endpoint = createWsEndpoint({
    name: 'control',
    maxPayload: MAX_CONTROL_MESSAGE,
    logger,
    policy: options.policy,
    onConnection(ws, req) {
      const id = sessionFrom(req);
      if (id === null) {
        ws.close(1008, 'session id missing or invalid');
        return;
      }
      let session = sessions.get(id);
      if (!session) {
        const fresh: Omit<Session, 'inspect'> = { id, client: clientKey(req.socket.remoteAddress), captureTag: randomUUID(), socket: null, detachCapture: null, runs: new Map(), rawBusy: false, conditioned: new Set(), released: Promise.resolve(), pending: new Map() };
        session = Object.assign(fresh, { inspect: inspections.page({ captureTag: () => fresh.captureTag, client: () => fresh.client, send: (reply) => send(session!, reply) }) });
        sessions.set(id, session);
      } else {
        session.client = clientKey(req.socket.remoteAddress);
        // The servers of the session's previous connection belong to a page that let them go: a page drops its runs
        // when its control channel closes (src/playground/server-run.ts), and a reloaded page never knew them. Stop them
        // now, or they hold the tab's slots (SANDBOX_PER_OWNER) until their wall time: reloading a lesson that runs a
        // server twice left the tab unable to run one for five minutes.
        const left = [...session.runs.keys()];
        if (left.length > 0) logger.info('sandboxes_released', { count: left.length });
        const current = session;
        session.released = Promise.all(left.map((runId) => stopServer(current, runId)));
        sandboxes?.ownerBack(id);
        session.socket?.close(1000, 'replaced by a newer connection');
        session.inspect.closeAll();
      }
      const current = session;
      current.socket = ws;
      current.detachCapture?.();
      current.detachCapture = hub.attach(current.captureTag, {
        sendText: (json) => ws.send(json),
        sendBinary: (batch, sent) => ws.send(batch, { binary: true }, sent),
        bufferedAmount: () => ws.bufferedAmount,
      });
      send(current, { type: 'welcome', session: id, captureTag: current.captureTag, sandbox: sandboxes?.mode ?? 'unavailable' });

      onMessage(ws, 'control', logger, (data, isBinary) => {
        let parsed;
        try {
          parsed = isBinary ? null : clientMessage.safeParse(JSON.parse(data.toString()));
        } catch {
          parsed = null;
        }
        if (!parsed?.success) {
          send(current, { type: 'error', code: 'CONTROL_BAD_MESSAGE', message: CONTROL_ERRORS.CONTROL_BAD_MESSAGE });
          return;
        }
        const message = parsed.data;
        const work = handle(current, ws, message);
        work.catch((error: unknown) => {
          logger.error('control_command_failed', { type: message.type, message: String(error) });
          send(current, { type: 'error', ...('runId' in message ? { runId: message.runId } : {}), code: 'CONTROL_FAILED', message: CONTROL_ERRORS.CONTROL_FAILED });
        });
      });
      ws.once('close', () => {
        if (current.socket !== ws) return;
        conditions.forgetPrefix(playgroundTagPrefix(current.captureTag));
        current.conditioned.clear();
        current.inspect.closeAll();
        current.socket = null;
        current.detachCapture?.();
        current.detachCapture = null;
        if (current.runs.size === 0 && current.pending.size === 0) sessions.delete(id);
        else sandboxes?.ownerGone(id);
      });
    },
  });

  return {
    endpoint: {
      ...endpoint,
      async close() {
        await endpoint.close();
        sessions.clear();
      },
    },
    run: (token) => runs.get(token),
  };
}
