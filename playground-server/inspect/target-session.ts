import type { Agent } from 'node:http';
import type { InspectErrorCode } from '../../protocol/inspect-errors.ts';
import type { ComposedMessage, InspectConnectRequest, InspectServerMessage } from '../../protocol/inspect-messages.ts';
import type { InspectTarget } from './target-policy.ts';

/** What a connection to a learner's server (WebSocket or Socket.IO) is given by the registry. */
export interface TargetContext {
  target: InspectTarget;
  request: InspectConnectRequest;
  /** Opens every TCP connection to the checked address, tapped (pinned-agent.ts). */
  agent: Agent;
  /** The largest message taken from the target. */
  maxMessageBytes: number;
  /** How long the opening handshake may take. */
  handshakeTimeoutMs: number;
  report(message: InspectServerMessage): void;
  /** The connection is over: `failure` says why when it did not end cleanly. Called once. */
  ended(code: number | null, reason: string, failure: InspectErrorCode | null): void;
  /** The first failure something below the library saw (the agent, the polling transport), if any. */
  failure(): InspectErrorCode | null;
}

/** One open inspect connection, as the registry drives it. */
export interface TargetSession {
  /** Sends what the composer made; an error code when it cannot. */
  send(message: ComposedMessage): InspectErrorCode | null;
  /** Closes politely (a close frame / Socket.IO disconnect). */
  close(): void;
  /** Ends at once (limits, the page went away). */
  destroy(): void;
}

/** Hex digits (spaces, colons and a 0x prefix allowed) → bytes; null when they are not whole bytes of hex. */
export function hexBytes(text: string): Buffer | null {
  const digits = text.replace(/0x/gi, '').replace(/[\s:]/g, '');
  if (digits.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(digits)) return null;
  return Buffer.from(digits, 'hex');
}
