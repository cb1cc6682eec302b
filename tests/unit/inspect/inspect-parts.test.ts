import { describe, expect, it } from 'vitest';
import { InspectFailure } from '../../../playground-server/inspect/pinned-agent.ts';
import { emitArguments } from '../../../playground-server/inspect/socket-io-target.ts';
import { hexBytes } from '../../../playground-server/inspect/target-session.ts';
import { classifyWsError } from '../../../playground-server/inspect/websocket-target.ts';

describe('the composer’s bytes and arguments', () => {
  it('reads hex with spaces, colons and 0x, and refuses half bytes and other letters', () => {
    expect(hexBytes('de ad:BE 0xef')).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(hexBytes('')).toEqual(Buffer.alloc(0));
    expect(hexBytes('abc')).toBeNull();
    expect(hexBytes('zz')).toBeNull();
  });

  it('takes a JSON array as Socket.IO arguments, {"$hex"} as a binary attachment, and nothing else', () => {
    expect(emitArguments('["a", 1, {"$hex": "00ff"}, {"$hex": "x", "other": 1}]')).toEqual(['a', 1, Buffer.from([0, 255]), { $hex: 'x', other: 1 }]);
    expect(emitArguments('{"a": 1}')).toBeNull();
    expect(emitArguments('[{"$hex": "0"}]')).toBeNull();
    expect(emitArguments('not json')).toBeNull();
  });
});

describe('what ws’s client errors mean for the learner', () => {
  const error = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });
  it.each([
    [error('Unexpected server response: 302'), 'INSPECT_REDIRECT'],
    [error('Unexpected server response: 404'), 'INSPECT_HANDSHAKE_FAILED'],
    [error('Invalid Sec-WebSocket-Accept header'), 'INSPECT_HANDSHAKE_FAILED'],
    [error('Parse Error: Expected HTTP/', 'HPE_INVALID_CONSTANT'), 'INSPECT_HANDSHAKE_FAILED'],
    [error('Max payload size exceeded', 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'), 'INSPECT_MESSAGE_TOO_BIG'],
    [error('Invalid opcode 3', 'WS_ERR_INVALID_OPCODE'), 'INSPECT_PROTOCOL_ERROR'],
    [error('Opening handshake has timed out'), 'INSPECT_TIMEOUT'],
    [error('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), 'INSPECT_UNREACHABLE'],
    [new InspectFailure('INSPECT_TLS_UNTRUSTED', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'INSPECT_TLS_UNTRUSTED'],
  ])('%s → %s', (input, code) => {
    expect(classifyWsError(input)).toBe(code);
  });
});
