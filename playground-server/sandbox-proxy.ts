import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { guardPageScripts } from '../protocol/loop-guard.ts';
import { injectIntoHead, snippetScript } from '../protocol/page-injection.ts';
import { parseTag } from '../protocol/page-tag.ts';
import { abortHandshake } from './abort-handshake.ts';
import type { CaptureHub, Recorder } from './capture-hub.ts';
import type { SandboxRun } from './control-channel.ts';
import type { Logger } from './log.ts';
import type { NetConditions } from './net-conditions.ts';
import { ByteBudget } from './limits/byte-budget.ts';
import { TokenBucket } from './limits/token-bucket.ts';
import { holdReading, releaseReading } from './reading-holds.ts';
import { ReusedReads } from './reused-reads.ts';
import { switchToReusedReads } from './switch-to-reused-reads.ts';
import { filterResponseHead, filterResponseHeaders, RESPONSE_HEADERS, UPGRADE_RESPONSE_HEADERS } from './proxy-headers.ts';
import { sendError } from './static-files.ts';
import { observeIncoming, observeOutgoing, requestHeadBytes } from './tap.ts';

export const SANDBOX_PREFIX = '/_sandbox/';
/** HTML the snippet serves is buffered to inject the page's bridge; bigger pages pass through untouched. */
const MAX_INJECTED_HTML = 1024 * 1024;
/** What all pages being held may take: per run (a page and its frames) and over the whole server. */
export const INJECTION_BUDGET = { perHolder: 4 * MAX_INJECTED_HTML, total: 32 * MAX_INJECTED_HTML };
const HTML_TIMEOUT_MS = 30_000;
/**
 * Bytes of pages whose inline scripts each run may have guarded (protocol/loop-guard.ts parses them with acorn): a
 * burst, then a rate. Parsing a page of 1 MiB of script blocked the event loop for about a second, once per request
 * a visitor sent to their own server; a lesson's page is a few KiB. A page past the budget goes out unguarded (only
 * Safari, which runs the sandboxed frame on the page's thread, needs the guard; the runner's watchdog still ends it).
 */
export const GUARD_BUDGET = { burst: 256 * 1024, perSecond: 32 * 1024 };
/** A learner's server answering an upgrade with a head longer than this is not speaking HTTP. */
const MAX_RESPONSE_HEAD = 16 * 1024;

function prefixOf(run: SandboxRun, route: SandboxRoute): string {
  return `${SANDBOX_PREFIX}${run.token}/${route.port}`;
}

/**
 * Bytes read at once, each way, into one buffer per side of a proxied WebSocket (ReusedReads), held while it is open:
 * Node's own read size. The learner's server's side since session 2 (Node's `onread`: our CPU per 16 KB echo message
 * 102 → 82 µs, 91 → 64 µs without and with it), the browser's side since session 4 (switch-to-reused-reads.ts: 7 + 7
 * alternating runs of the 16 KB echo, load 0.2–7.4: our CPU per message median 49 → 26 µs, below the bare pipe's 31;
 * ratio to bare ws 0.55 → 0.69). 256 KiB did no better at four times the memory; buffers handed back after their
 * writes, or writes corked for a turn, did no better either.
 */
const PROXY_READ_SIZE = 64 * 1024;

/**
 * Takes bytes until the first response head is whole, then gives `done` the head and what came after it in the
 * same reads (copies); null when more than MAX_RESPONSE_HEAD came without one.
 */
function responseHeadReader(done: (answer: { head: Buffer; rest: Buffer } | null) => void): (bytes: Buffer) => boolean {
  let seen = Buffer.alloc(0);
  return (bytes) => {
    seen = Buffer.concat([seen, bytes]);
    const end = seen.indexOf('\r\n\r\n');
    if (end === -1 && seen.length <= MAX_RESPONSE_HEAD) return true;
    done(end === -1 ? null : { head: seen.subarray(0, end + 4), rest: seen.subarray(end + 4) });
    return true;
  };
}
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

export interface SandboxRoute {
  token: string;
  port: number;
  /** The path and query the snippet's server sees, e.g. "/socket.io/?EIO=4&transport=polling". */
  target: string;
}

/** `/_sandbox/<token>/<port>/<rest>` → its parts; null for anything else. */
export function parseSandboxPath(url: string): SandboxRoute | null {
  const match = /^\/_sandbox\/([0-9a-f-]{36})\/(\d{1,5})(\/[^?#]*)?(\?[^#]*)?$/.exec(url);
  if (!match?.[1] || !match[2]) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return { token: match[1], port, target: `${match[3] ?? '/'}${match[4] ?? ''}` };
}

/**
 * Records the bytes between the proxy and the learner's server, both ways. With `reads` the socket emits no 'data'
 * (its reads go to ReusedReads' callback): whoever takes those bytes records them with the recorder returned.
 */
function tapUpstream(hub: CaptureHub, run: SandboxRun, port: number, upstream: Socket, reads?: ReusedReads): Recorder | null {
  const recorder = hub.open(run.captureTag, `서버 코드 :${port}`);
  if (!recorder) return null;
  observeOutgoing(upstream, (bytes) => recorder.chunk('client-to-server', bytes));
  if (!reads) observeIncoming(upstream, (bytes) => recorder.chunk('server-to-client', bytes));
  upstream.once('close', () => recorder.end());
  return recorder;
}

/**
 * The browser's way to a learner's server: `ws://localhost:8080` in lesson code becomes
 * `/_sandbox/<token>/8080/` on the playground's own port (the bridge rewrites it), and this
 * forwards the request, with the path the snippet expects, over `sandbox.connect(8080)`. Every
 * byte is recorded for the page that owns the server. HTML pages the snippet serves get the
 * page's console bridge injected and are sandboxed (CSP) like every lesson frame.
 */
export function createSandboxProxy(options: {
  hub: CaptureHub;
  conditions: NetConditions;
  logger: Logger;
  run(token: string): SandboxRun | undefined;
  /** How long an HTML page being held for injection may take to end. Default 30 s (the request timeout). */
  htmlTimeoutMs?: number;
}) {
  const { hub, logger } = options;
  const htmlTimeoutMs = options.htmlTimeoutMs ?? HTML_TIMEOUT_MS;
  const budget = new ByteBudget(INJECTION_BUDGET);
  /** Each run's loop-guard budget (GUARD_BUDGET), gone with the run. */
  const guardBudgets = new WeakMap<SandboxRun, TokenBucket>();

  /** The page's inline scripts guarded, if the run's budget allows it; the page as it is otherwise. */
  function guardWithinBudget(html: string, run: SandboxRun): string {
    let bucket = guardBudgets.get(run);
    if (!bucket) guardBudgets.set(run, (bucket = new TokenBucket(GUARD_BUDGET.burst, GUARD_BUDGET.perSecond)));
    if (!bucket.take(performance.now(), html.length)) {
      logger.info('sandbox_proxy_unguarded', { bytes: html.length });
      return html;
    }
    try {
      return guardPageScripts(html);
    } catch (error) {
      logger.warn('sandbox_proxy_guard_failed', { message: String(error).slice(0, 200) });
      return html;
    }
  }

  async function connect(route: SandboxRoute, reads?: ReusedReads): Promise<{ run: SandboxRun; upstream: Socket; recorder: Recorder | null } | { error: string }> {
    const run = options.run(route.token);
    if (!run) return { error: '이 서버는 이미 멈췄습니다. 다시 실행하세요.' };
    try {
      const upstream = await run.sandbox.connect(route.port, reads?.onread);
      const recorder = tapUpstream(hub, run, route.port, upstream, reads);
      return { run, upstream, recorder };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  return {
    /** Bytes of learners' HTML pages held for injection right now (0 once every response is done). */
    heldBytes: () => budget.held,

    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, route: SandboxRoute): void {
      const reads = new ReusedReads(PROXY_READ_SIZE);
      // The browser's side too, from now on (before anything reads it): while the learner's server is being reached,
      // what the browser sends waits in `browserReads` (a buffer's worth, then reading stops).
      const browserReads = new ReusedReads(PROXY_READ_SIZE);
      const browserSwitched = switchToReusedReads(socket, browserReads);
      void connect(route, reads).then((result) => {
        if ('error' in result) {
          abortHandshake(socket, 'SANDBOX_UNREACHABLE', result.error);
          return;
        }
        const { run, upstream, recorder } = result;
        if (socket.destroyed) {
          upstream.destroy();
          return;
        }
        if (parseTag(run.captureTag)?.playground) options.conditions.shape(socket, run.captureTag, 'proxy');
        upstream.write(requestHeadBytes(req, route.target));
        if (head.length > 0) upstream.write(head);
        const fail = () => {
          socket.destroy();
          upstream.destroy();
        };
        upstream.on('error', fail);
        socket.on('error', fail);
        // A learner's server that is killed, or never ends its side, must not leave the browser's socket (or ours to
        // it) open forever: a destroy passes both ways, and an end too.
        upstream.once('close', () => socket.destroy());
        socket.once('close', () => upstream.destroy());
        upstream.once('end', () => socket.end());
        // Bytes each way, each read written on at once; a destination that is full stops the reading of its source
        // until it drains. The browser's socket is held (reading-holds.ts): net-conditions' slowed reads may hold it
        // too, and neither lets it read while the other still waits.
        let browserWaits = false;
        socket.on('data', (bytes: Buffer) => {
          if (browserReads.writeTo(upstream, bytes) || browserWaits) return;
          browserWaits = true;
          holdReading(socket, 'learner-server-full');
          upstream.once('drain', () => {
            browserWaits = false;
            releaseReading(socket, 'learner-server-full');
          });
        });
        // Switched, the browser's socket emits its reads itself here: through emit, where net-conditions shapes them.
        if (browserSwitched) {
          browserReads.take((bytes) => {
            socket.emit('data', bytes);
            return true;
          }, socket);
        }
        // After what came before (a switched socket may have ended while the learner's server was being reached).
        if (socket.readableEnded) upstream.end();
        else socket.once('end', () => upstream.end());
        // The learner's server's answer (101 or a refusal) passes with the allowed headers only, then every byte.
        const pipeToBrowser = (bytes: Buffer): boolean => {
          recorder?.chunk('server-to-client', bytes);
          const ok = reads.writeTo(socket, bytes);
          if (!ok) socket.once('drain', () => upstream.resume());
          return ok;
        };
        const readHead = responseHeadReader((answer) => {
          const filtered = answer && filterResponseHead(answer.head, { allowed: UPGRADE_RESPONSE_HEADERS, prefix: prefixOf(run, route), port: route.port });
          if (!answer || !filtered) return fail();
          socket.write(filtered);
          if (answer.rest.length > 0) socket.write(answer.rest);
          reads.take(pipeToBrowser, upstream);
        });
        reads.take((bytes) => {
          recorder?.chunk('server-to-client', bytes);
          return readHead(bytes);
        }, upstream);
      });
    },

    handleRequest(req: IncomingMessage, res: ServerResponse, route: SandboxRoute): void {
      void connect(route).then((result) => {
        if ('error' in result) {
          sendError(res, 'SANDBOX_UNREACHABLE', {}, result.error);
          return;
        }
        const { run, upstream } = result;
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
        const forward = httpRequest({ method: req.method, path: route.target, headers: { ...headers, connection: 'close' }, createConnection: () => upstream });
        // A browser that leaves frees the connection to the learner's server (and what it held here).
        res.once('close', () => {
          forward.destroy();
          upstream.destroy();
        });
        forward.on('error', (error) => {
          logger.info('sandbox_proxy_error', { message: error.message });
          if (!res.headersSent) sendError(res, 'SANDBOX_UNREACHABLE', {}, '서버 코드가 응답하지 않고 연결을 끊었습니다.');
          else res.destroy();
        });
        forward.on('response', (answer) => {
          const outHeaders = filterResponseHeaders(answer.headers, { allowed: RESPONSE_HEADERS, prefix: prefixOf(run, route), port: route.port });
          // Whatever the learner's server sends runs like lesson code: in an opaque origin.
          outHeaders['content-security-policy'] = 'sandbox allow-scripts allow-forms';
          // On the learner's machine their page and their server share an origin; here the page is
          // sandboxed (Origin: null), so its requests back to the server (Socket.IO polling) are
          // cross-origin. Allowing them keeps the snippet's behaviour as written.
          if (req.headers.origin === 'null' && outHeaders['access-control-allow-origin'] === undefined) outHeaders['access-control-allow-origin'] = '*';
          const status = answer.statusCode ?? 502;
          const isHtml = /^text\/html/i.test(String(answer.headers['content-type'] ?? '')) && run.inject !== '';
          const encoded = !/^(identity)?$/i.test(String(answer.headers['content-encoding'] ?? ''));
          if (!isHtml || encoded || Number(answer.headers['content-length'] ?? 0) > MAX_INJECTED_HTML) {
            res.writeHead(status, outHeaders);
            answer.pipe(res);
            return;
          }
          bufferAndInject(answer, res, status, outHeaders, run);
        });
        req.pipe(forward);
      });
    },
  };

  /**
   * An HTML page of the learner's server, held until it ends so the page's bridge can go into its
   * <head> (and the loop guard into its inline scripts). What is held counts against the run's and
   * the server's budgets (a page that never ends, many times over, must not grow the process); a
   * page over MAX_INJECTED_HTML goes out as it is, streamed; one that has not ended after
   * `htmlTimeoutMs` is cut with a Korean explanation. Every byte held is given back when the
   * response is done, cut or abandoned.
   */
  function bufferAndInject(answer: IncomingMessage, res: ServerResponse, status: number, outHeaders: Record<string, string | string[]>, run: SandboxRun): void {
    const chunks: Buffer[] = [];
    let held = 0;
    let streaming = false;
    const giveBack = () => {
      budget.give(run.token, held);
      held = 0;
      chunks.length = 0;
    };
    const cut = (code: 'SANDBOX_PROXY_BUSY' | 'SANDBOX_RESPONSE_TIMEOUT') => {
      clearTimeout(timer);
      giveBack();
      logger.info('sandbox_proxy_cut', { code });
      answer.destroy();
      if (!res.headersSent) sendError(res, code);
      else res.destroy();
    };
    const timer = setTimeout(() => cut('SANDBOX_RESPONSE_TIMEOUT'), htmlTimeoutMs);
    res.once('close', () => {
      clearTimeout(timer);
      giveBack();
    });
    answer.on('data', (chunk: Buffer) => {
      if (streaming) {
        if (!res.write(chunk)) {
          answer.pause();
          res.once('drain', () => answer.resume());
        }
        return;
      }
      if (held + chunk.length > MAX_INJECTED_HTML) {
        // Too big to inject: what was held goes out as it is, and the rest streams after it.
        clearTimeout(timer);
        streaming = true;
        res.writeHead(status, outHeaders);
        for (const piece of chunks) res.write(piece);
        res.write(chunk);
        giveBack();
        return;
      }
      if (!budget.take(run.token, chunk.length)) return cut('SANDBOX_PROXY_BUSY');
      held += chunk.length;
      chunks.push(chunk);
    });
    answer.on('end', () => {
      clearTimeout(timer);
      if (streaming) {
        res.end();
        return;
      }
      const snippet = snippetScript({ base: `${SANDBOX_PREFIX}${run.token}`, ports: run.sandbox.ports() });
      // Its inline scripts get the loop guard, as the lesson's own files do (the bridge defines it).
      const body = Buffer.from(injectIntoHead(guardWithinBudget(Buffer.concat(chunks).toString('utf8'), run), snippet + run.inject), 'utf8');
      giveBack();
      delete outHeaders['content-length'];
      res.writeHead(status, { ...outHeaders, 'content-length': String(body.length) });
      res.end(body);
    });
    // The learner's server went away mid-page (stopped, crashed): nothing more will come.
    answer.once('close', () => {
      if (answer.complete) return;
      clearTimeout(timer);
      giveBack();
      if (!res.headersSent) sendError(res, 'SANDBOX_UNREACHABLE', {}, '서버 코드가 페이지를 다 보내기 전에 연결을 끊었습니다.');
      else res.destroy();
    });
  }
}
