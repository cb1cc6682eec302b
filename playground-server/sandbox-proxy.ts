import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { guardPageScripts } from '../src/playground/loop-guard.ts';
import { abortHandshake } from './abort-handshake.ts';
import type { CaptureHub } from './capture-hub.ts';
import type { SandboxRun } from './control-channel.ts';
import type { Logger } from './log.ts';
import type { NetConditions } from './net-conditions.ts';
import { sendError } from './static-files.ts';
import { observeIncoming, observeOutgoing, requestHeadBytes } from './tap.ts';

export const SANDBOX_PREFIX = '/_sandbox/';
/** HTML the snippet serves is buffered to inject the page's bridge; bigger pages pass through untouched. */
const MAX_INJECTED_HTML = 1024 * 1024;
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

/** Puts `markup` right after `<head>` (or at the start), without adding a line. */
export function injectIntoHtml(html: string, markup: string): string {
  const head = /<head\b[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + markup + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return html.slice(0, at) + markup + html.slice(at);
}

/** Records the bytes between the proxy and the learner's server, both ways. */
function tapUpstream(hub: CaptureHub, run: SandboxRun, port: number, upstream: Socket): void {
  const recorder = hub.open(run.captureTag, `서버 코드 :${port}`);
  if (!recorder) return;
  observeOutgoing(upstream, (bytes) => recorder.chunk('client-to-server', bytes));
  observeIncoming(upstream, (bytes) => recorder.chunk('server-to-client', bytes));
  upstream.once('close', () => recorder.end());
}

/**
 * The browser's way to a learner's server: `ws://localhost:8080` in lesson code becomes
 * `/_sandbox/<token>/8080/` on the playground's own port (the bridge rewrites it), and this
 * forwards the request, with the path the snippet expects, over `sandbox.connect(8080)`. Every
 * byte is recorded for the page that owns the server. HTML pages the snippet serves get the
 * page's console bridge injected and are sandboxed (CSP) like every lesson frame.
 */
export function createSandboxProxy(options: { hub: CaptureHub; conditions: NetConditions; logger: Logger; run(token: string): SandboxRun | undefined }) {
  const { hub, logger } = options;

  async function connect(route: SandboxRoute): Promise<{ run: SandboxRun; upstream: Socket } | { error: string }> {
    const run = options.run(route.token);
    if (!run) return { error: '이 서버는 이미 멈췄습니다. 다시 실행하세요.' };
    try {
      const upstream = await run.sandbox.connect(route.port);
      tapUpstream(hub, run, route.port, upstream);
      return { run, upstream };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, route: SandboxRoute): void {
      void connect(route).then((result) => {
        if ('error' in result) {
          abortHandshake(socket, 'SANDBOX_UNREACHABLE', result.error);
          return;
        }
        const { run, upstream } = result;
        if (run.captureTag.includes('.')) options.conditions.shape(socket, run.captureTag, 'proxy');
        upstream.write(requestHeadBytes(req, route.target));
        if (head.length > 0) upstream.write(head);
        const fail = () => {
          socket.destroy();
          upstream.destroy();
        };
        upstream.on('error', fail);
        socket.on('error', fail);
        // pipe() passes on 'end' but not a destroy: a learner's server that is killed, or never ends
        // its side, must not leave the browser's socket (or ours to it) open forever.
        upstream.once('close', () => socket.destroy());
        socket.once('close', () => upstream.destroy());
        socket.pipe(upstream).pipe(socket);
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
        forward.on('error', (error) => {
          logger.info('sandbox_proxy_error', { message: error.message });
          if (!res.headersSent) sendError(res, 'SANDBOX_UNREACHABLE', {}, '서버 코드가 응답하지 않고 연결을 끊었습니다.');
          else res.destroy();
        });
        forward.on('response', (answer) => {
          const outHeaders: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) outHeaders[name] = value;
          // Whatever the learner's server sends runs like lesson code: in an opaque origin.
          outHeaders['content-security-policy'] = 'sandbox allow-scripts allow-forms';
          // On the learner's machine their page and their server share an origin; here the page is
          // sandboxed (Origin: null), so its requests back to the server (Socket.IO polling) are
          // cross-origin. Allowing them keeps the snippet's behaviour as written.
          if (req.headers.origin === 'null' && outHeaders['access-control-allow-origin'] === undefined) outHeaders['access-control-allow-origin'] = '*';
          const isHtml = /^text\/html/i.test(String(answer.headers['content-type'] ?? '')) && run.inject !== '';
          if (!isHtml || Number(answer.headers['content-length'] ?? 0) > MAX_INJECTED_HTML) {
            res.writeHead(answer.statusCode ?? 502, outHeaders);
            answer.pipe(res);
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          answer.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_INJECTED_HTML) chunks.push(chunk);
          });
          answer.on('end', () => {
            const snippet = `<script>globalThis.__pgSnippet=${JSON.stringify({ base: `/_sandbox/${run.token}`, ports: run.sandbox.ports() }).replace(/</g, '\\u003c')}</script>`;
            // Its inline scripts get the loop guard, as the lesson's own files do (the bridge defines it).
            const body = size > MAX_INJECTED_HTML ? Buffer.concat(chunks) : Buffer.from(injectIntoHtml(guardPageScripts(Buffer.concat(chunks).toString('utf8')), snippet + run.inject), 'utf8');
            delete outHeaders['content-length'];
            res.writeHead(answer.statusCode ?? 200, { ...outHeaders, 'content-length': String(body.length) });
            res.end(body);
          });
        });
        req.pipe(forward);
      });
    },
  };
}
