import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../protocol/wire/constants.ts';
import { createConnectionDecoder, type ConnectionEvent } from '../../protocol/wire/connection.ts';
import { encodeFrame, type DecodedFrame } from '../../protocol/wire/frame.ts';
import { createLiveTrimmer, type LiveTrimOptions } from '../../playground-server/live-trim.ts';
import { LIVE_PAYLOAD_PREFIX } from '../../protocol/capture.ts';
import { concatBytes, splitAt, utf8 } from './protocol/wire/bytes.ts';

const REQUEST = utf8('GET /ws/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
const accepted = (deflate: boolean) =>
  utf8(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n${deflate ? 'Sec-WebSocket-Extensions: permessage-deflate\r\n' : ''}\r\n`,
  );
const KEY = new Uint8Array([1, 2, 3, 4]);

type Piece = { direction: Direction; bytes: Uint8Array };
type Trimmed = { direction: Direction; bytes: Uint8Array } | { direction: Direction; elided: number };

/** Runs pieces (each cut at `cuts`) through one trimmer, as the tap does, at time `at(i)`. */
function trim(pieces: readonly Piece[], cuts: readonly number[], options: LiveTrimOptions = {}, at: (i: number) => number = () => 0): Trimmed[] {
  const trimmer = createLiveTrimmer(options);
  const out: Trimmed[] = [];
  let i = 0;
  for (const piece of pieces) {
    for (const chunk of splitAt(piece.bytes, cuts)) {
      trimmer.push(piece.direction, chunk, at(i++), {
        keep: (bytes, start, end) => out.push({ direction: piece.direction, bytes: bytes.slice(start, end) }),
        elide: (length) => out.push({ direction: piece.direction, elided: length }),
      });
    }
  }
  return out;
}

function decode(chunks: readonly Trimmed[]): ConnectionEvent[] {
  const decoder = createConnectionDecoder();
  const events = chunks.flatMap((chunk) => ('elided' in chunk ? decoder.skip(chunk.direction, chunk.elided) : decoder.push(chunk.direction, chunk.bytes)));
  return [...events, ...decoder.end('client-to-server'), ...decoder.end('server-to-client')];
}

const frames = (events: readonly ConnectionEvent[]) => events.flatMap((event) => (event.type === 'frame' ? [{ ...event.frame, direction: event.direction }] : []));
const invalidUtf8 = (frame: DecodedFrame) => frame.problems.filter((problem) => problem.code === 'INVALID_UTF8').length;
const elidedTotal = (chunks: readonly Trimmed[]) => chunks.reduce((sum, chunk) => sum + ('elided' in chunk ? chunk.elided : 0), 0);

const frameSpec = fc.record({
  direction: fc.constantFrom<Direction>('client-to-server', 'server-to-client'),
  fin: fc.boolean(),
  rsv1: fc.boolean(),
  opcode: fc.constantFrom(0, 1, 2, 8, 9, 10, 3),
  payload: fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 100 }) },
    { weight: 2, arbitrary: fc.integer({ min: 60, max: 70_000 }).map((length) => new Uint8Array(length).fill(0x61)) },
  ),
});

describe('the live trimmer (the tap snap length under load)', () => {
  it('leaves a stream the decoders read frame for frame: the same headers, lengths and payload prefixes', () => {
    fc.assert(
      fc.property(
        fc.array(frameSpec, { maxLength: 12 }),
        fc.array(fc.nat({ max: 80_000 }), { maxLength: 12 }),
        fc.boolean(),
        fc.constantFrom(0, 2000, 1_000_000),
        (specs, cuts, deflate, burst) => {
          const pieces: Piece[] = [
            { direction: 'client-to-server', bytes: REQUEST },
            { direction: 'server-to-client', bytes: accepted(deflate) },
            ...specs.map((spec) => ({
              direction: spec.direction,
              bytes: encodeFrame({ ...spec, maskingKey: spec.direction === 'client-to-server' ? KEY : null }),
            })),
          ];
          const whole = frames(decode(pieces));
          const trimmed = trim(pieces, cuts, { burst, rate: 0 });
          const events = decode(trimmed);
          expect(events.some((event) => event.type === 'problem' && event.problem.code === 'ELIDED_OUTSIDE_PAYLOAD')).toBe(false);
          const seen = frames(events);
          expect(seen.length).toBe(whole.length);
          let elided = 0;
          seen.forEach((frame, i) => {
            const full = whole[i]!;
            expect({ ...pick(frame), direction: frame.direction }).toEqual({ ...pick(full), direction: full.direction });
            expect(frame.payload).toEqual(full.payload.subarray(0, frame.payload.length));
            if (frame.elided > 0) {
              // Only uncompressed data frames, past the prefix.
              expect(frame.opcode).toBeLessThanOrEqual(2);
              expect(frame.rsv1).toBe(false);
              expect(frame.payload.length).toBe(LIVE_PAYLOAD_PREFIX);
              expect(frame.elided).toBe(frame.payloadLength - LIVE_PAYLOAD_PREFIX);
              expect(frame.truncated).toBe(true);
              // Cutting the payload adds no UTF-8 error of its own (the elided tail is not checked); an error in the kept
              // bytes, e.g. a fragment that goes on from a sequence the one before left open, the whole frame has too.
              expect(invalidUtf8(frame)).toBeLessThanOrEqual(invalidUtf8(full));
            } else expect(frame.payload).toEqual(full.payload);
            elided += frame.elided;
          });
          expect(elided).toBe(elidedTotal(trimmed));
        },
      ),
      {
        numRuns: 300,
        // Found by a run (seed -1214375347): a text fragment ending inside a UTF-8 sequence, and a continuation whose
        // first byte cannot go on from it, longer than the prefix — invalid in the whole stream as in the trimmed one.
        examples: [
          [
            [
              { direction: 'server-to-client', fin: false, rsv1: false, opcode: 1, payload: Uint8Array.from([0xc2]) },
              { direction: 'server-to-client', fin: false, rsv1: false, opcode: 0, payload: new Uint8Array(65).fill(0x61) },
            ],
            [],
            false,
            0,
          ],
        ],
      },
    );
  });

  it('elides nothing while the connection stays under its rate, and past it keeps headers and a prefix', () => {
    const message = 'ㅎ'.repeat(700); // 2,100 bytes of UTF-8
    const pieces: Piece[] = [
      { direction: 'client-to-server', bytes: REQUEST },
      { direction: 'server-to-client', bytes: accepted(false) },
      ...Array.from({ length: 40 }, (): Piece => ({ direction: 'client-to-server', bytes: encodeFrame({ opcode: 1, payload: message, maskingKey: KEY }) })),
    ];
    // All at once: a 20 KB bucket sends the first frames whole (2,036 bytes past the prefix each), then elides.
    const burst = trim(pieces, [], { burst: 20_000, rate: 0 });
    const seen = frames(decode(burst));
    expect(seen.map((frame) => frame.elided > 0)).toEqual([...Array<boolean>(9).fill(false), ...Array<boolean>(31).fill(true)]);
    expect(seen[0]?.text?.value).toBe(message);
    // The prefix (64 bytes) cuts the 22nd code point: the text shows the 21 whole ones, and no UTF-8 error.
    expect(seen[20]?.text?.value).toBe('ㅎ'.repeat(21));
    expect(seen[20]?.problems).toEqual([]);
    const messages = decode(burst).flatMap((event) => (event.type === 'message' ? [event.message] : []));
    expect(messages[20]).toMatchObject({ size: 2100, elided: 2100 - LIVE_PAYLOAD_PREFIX, truncated: true, complete: true });

    // Spread over time at a rate the bucket refills: nothing is elided.
    const paced = trim(pieces, [], { burst: 20_000, rate: 1_000_000 }, (i) => i * 10);
    expect(elidedTotal(paced)).toBe(0);
    expect(frames(decode(paced)).every((frame) => frame.text?.value === message)).toBe(true);
  });

  it('never elides before the 101, after a refusal, in control frames or in compressed messages', () => {
    const big = new Uint8Array(5000).fill(0x62);
    const frame = (opcode: number, rsv1 = false, fin = true) => encodeFrame({ opcode, rsv1, fin, payload: big });
    const never = { burst: 0, rate: 0 };
    // Refused: the server's 400 has a body, and the client's bytes after it are not frames to trim.
    const refused = trim(
      [
        { direction: 'client-to-server', bytes: REQUEST },
        { direction: 'server-to-client', bytes: utf8(`HTTP/1.1 400 Bad Request\r\nContent-Length: ${big.length}\r\n\r\n`) },
        { direction: 'server-to-client', bytes: big },
        { direction: 'client-to-server', bytes: frame(2) },
      ],
      [],
      never,
    );
    expect(elidedTotal(refused)).toBe(0);
    // Accepted with permessage-deflate: a compressed message (RSV1 on its first frame, then its continuation) stays whole.
    const compressed = trim(
      [
        { direction: 'client-to-server', bytes: REQUEST },
        { direction: 'server-to-client', bytes: accepted(true) },
        { direction: 'server-to-client', bytes: frame(1, true, false) },
        { direction: 'server-to-client', bytes: frame(0, false, true) },
        { direction: 'server-to-client', bytes: encodeFrame({ opcode: 9, payload: big.subarray(0, 125) }) },
        { direction: 'server-to-client', bytes: frame(2) },
      ],
      [7, 300, 5200],
      never,
    );
    expect(elidedTotal(compressed)).toBe(5000 - LIVE_PAYLOAD_PREFIX);
    expect(frames(decode(compressed)).map((f) => f.elided)).toEqual([0, 0, 0, 5000 - LIVE_PAYLOAD_PREFIX]);
    // Frames the client sent before the server's answer came are not trimmed either.
    const early = trim(
      [
        { direction: 'client-to-server', bytes: concatBytes([REQUEST, encodeFrame({ opcode: 2, payload: big, maskingKey: KEY })]) },
        { direction: 'server-to-client', bytes: accepted(false) },
      ],
      [],
      never,
    );
    expect(elidedTotal(early)).toBe(0);
  });

  it('keeps an elided Socket.IO packet out of the Engine.IO decoder (it would decode as something else)', () => {
    const request = utf8('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    const packet = `42["chat message","${'a'.repeat(3000)}"]`;
    const trimmed = trim(
      [
        { direction: 'client-to-server', bytes: request },
        { direction: 'server-to-client', bytes: accepted(false) },
        { direction: 'server-to-client', bytes: encodeFrame({ opcode: 1, payload: '42["hi"]' }) },
        { direction: 'server-to-client', bytes: encodeFrame({ opcode: 1, payload: packet }) },
      ],
      [],
      { burst: 0, rate: 0 },
    );
    const events = decode(trimmed);
    expect(events.filter((event) => event.type === 'socket.io')).toHaveLength(1);
    expect(frames(events)[1]?.elided).toBe(packet.length - LIVE_PAYLOAD_PREFIX);
  });

  it('stops decoding, with a problem, at a gap that is not inside a payload', () => {
    const decoder = createConnectionDecoder();
    decoder.push('client-to-server', REQUEST);
    decoder.push('server-to-client', accepted(false));
    const events = decoder.skip('server-to-client', 10);
    expect(events.map((event) => event.type)).toEqual(['skipped']);
    const http = createConnectionDecoder();
    const failed = http.skip('client-to-server', 5);
    expect(failed.map((event) => (event.type === 'problem' ? event.problem.code : event.type))).toEqual(['ELIDED_OUTSIDE_PAYLOAD', 'skipped']);
  });
});

function pick(frame: DecodedFrame) {
  return { index: frame.index, offset: frame.offset, header: frame.header, opcode: frame.opcode, fin: frame.fin, length: frame.payloadLength, complete: frame.complete };
}
