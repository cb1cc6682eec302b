import { Agent as HttpAgent, type AgentOptions } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from 'node:tls';
import type { InspectErrorCode } from '../../protocol/inspect-errors.ts';
import type { TlsFacts } from '../../protocol/inspect-messages.ts';
import type { InspectTarget } from './target-policy.ts';

/** A failure with its code from the one table (inspect-errors.ts), carried through ws and engine.io-client as an Error. */
export class InspectFailure extends Error {
  readonly code: InspectErrorCode;
  constructor(code: InspectErrorCode, detail = '') {
    super(detail === '' ? code : `${code}: ${detail}`);
    this.code = code;
  }
}

/** TCP connect plus, for TLS, the handshake: a target that takes longer has not answered. */
export const CONNECT_TIMEOUT_MS = 10_000;

export interface PinnedAgentOptions {
  target: InspectTarget;
  /** Connect even when the certificate is not trusted (the learner allowed it for this address). */
  trustCertificate: boolean;
  /** Each socket, connected (and TLS-verified) but not yet written to: the place to tap it; `tls`: its facts (null without TLS). */
  onSocket(socket: Socket, tls: TlsFacts | null): void;
  /** The certificate facts of the first TLS connection. */
  onTls(facts: TlsFacts): void;
  connectTimeoutMs?: number;
}

function distinguished(name: PeerCertificate['subject'] | undefined): string {
  if (!name) return '';
  return Object.entries(name)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : String(value)}`)
    .join(', ');
}

export function tlsFacts(socket: TLSSocket): TlsFacts {
  const certificate = socket.getPeerCertificate();
  const authorizationError = socket.authorizationError as unknown as Error | string | undefined;
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.standardName ?? socket.getCipher()?.name ?? null,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    subject: distinguished(certificate.subject),
    issuer: distinguished(certificate.issuer),
    validFrom: certificate.valid_from ?? '',
    validTo: certificate.valid_to ?? '',
    fingerprint256: certificate.fingerprint256 ?? '',
    trusted: socket.authorized,
    untrustedReason: socket.authorized ? null : authorizationError === undefined ? 'UNKNOWN' : String((authorizationError as { code?: string }).code ?? authorizationError),
  };
}

function failureOf(error: NodeJS.ErrnoException, tls: boolean): InspectFailure {
  if (error instanceof InspectFailure) return error;
  if (tls && /SSL|TLS|EPROTO|ERR_SSL/i.test(`${error.code ?? ''} ${error.message}`)) return new InspectFailure('INSPECT_TLS_FAILED', error.message);
  return new InspectFailure('INSPECT_UNREACHABLE', error.code ?? error.message);
}

/**
 * Opens the connection to the address the target policy checked, whatever name the request carries:
 * the URL's host stays in the Host header and SNI, but the TCP connection goes to `target.address`
 * (no second DNS lookup, so no rebinding). The socket is handed over only once it is connected and,
 * for TLS, verified (or allowed): an untrusted server never gets a byte of the request (its
 * headers may carry a learner's token). Async `createConnection` (the callback form) is how
 * http.Agent lets us wait for that.
 */
function openPinned(options: PinnedAgentOptions, callback: (error: Error | null, socket?: Socket) => void): void {
  const { target } = options;
  let reported = false;
  let facts: TlsFacts | null = null;
  const done = (error: Error | null, socket?: Socket) => {
    if (reported) return;
    reported = true;
    clearTimeout(timer);
    if (error) {
      socket?.destroy();
      callback(error);
      return;
    }
    options.onSocket(socket!, facts);
    callback(null, socket);
  };
  const socket: Socket = target.tls
    ? tlsConnect({
        host: target.address,
        port: target.port,
        ...(target.servername === '' ? {} : { servername: target.servername }),
        // Checked by hand below, so the facts can be shown and an allowed self-signed certificate passes.
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
      })
    : netConnect({ host: target.address, port: target.port });
  const timer = setTimeout(() => done(new InspectFailure('INSPECT_TIMEOUT', 'connect')), options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
  socket.once('error', (error: NodeJS.ErrnoException) => done(failureOf(error, target.tls), socket));
  if (target.tls) {
    socket.once('secureConnect', () => {
      const tls = socket as TLSSocket;
      facts = tlsFacts(tls);
      options.onTls(facts);
      if (!facts.trusted && !options.trustCertificate) done(new InspectFailure('INSPECT_TLS_UNTRUSTED', facts.untrustedReason ?? ''), socket);
      else done(null, socket);
    });
  } else {
    socket.once('connect', () => done(null, socket));
  }
}

/**
 * An http(s).Agent for ws and engine.io-client: every connection they open goes through
 * `openPinned`. No keep-alive: each HTTP exchange (an Engine.IO poll) is one TCP connection, one
 * capture, as the sandbox proxy records them.
 */
export function pinnedAgent(options: PinnedAgentOptions): HttpAgent {
  const agentOptions: AgentOptions = { keepAlive: false, maxSockets: 4 };
  const agent = options.target.tls ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  (agent as unknown as { createConnection: unknown }).createConnection = (_request: unknown, callback: (error: Error | null, socket?: Socket) => void) => {
    openPinned(options, callback);
    return undefined;
  };
  return agent;
}
