import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minimalLengthForm } from '../../../../protocol/wire/constants.ts';
import { createFrameDecoder, encodeFrame, type FrameDecoderEvent, type FrameDecoderOptions, type FrameFields } from '../../../../protocol/wire/frame.ts';
import { concatBytes, hex, splitAt } from './bytes.ts';

function decodeChunks(chunks: Uint8Array[], options: FrameDecoderOptions): FrameDecoderEvent[] {
  const decoder = createFrameDecoder(options);
  return [...chunks.flatMap((chunk) => decoder.push(chunk)), ...decoder.end()];
}

/** Skipped bytes are reported per pushed chunk; merge neighbouring ranges so cuts do not matter. */
function mergeSkipped(events: FrameDecoderEvent[]): FrameDecoderEvent[] {
  const merged: FrameDecoderEvent[] = [];
  for (const event of events) {
    const last = merged.at(-1);
    if (event.type === 'skipped' && last?.type === 'skipped' && last.offset + last.length === event.offset) {
      merged[merged.length - 1] = { ...last, length: last.length + event.length };
    } else merged.push(event);
  }
  return merged;
}

/** Long payloads (16- and 64-bit length forms) are built by filling, which is much cheaper to generate. */
const payload = (maxLong: number): fc.Arbitrary<Uint8Array> => fc.oneof(
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 140 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 126, max: maxLong }), fc.integer({ min: 0, max: 255 })).map(([length, byte]) => new Uint8Array(length).fill(byte)) },
);

const frameFields = (maxLong: number): fc.Arbitrary<FrameFields & { payload: Uint8Array; maskingKey: Uint8Array | null }> => fc.record({
  fin: fc.boolean(),
  rsv1: fc.boolean(),
  rsv2: fc.boolean(),
  rsv3: fc.boolean(),
  opcode: fc.integer({ min: 0, max: 15 }),
  payload: payload(maxLong),
  maskingKey: fc.option(fc.uint8Array({ minLength: 4, maxLength: 4 }), { nil: null }),
});
const fields = frameFields(70_000);

const options: fc.Arbitrary<FrameDecoderOptions> = fc.record({
  direction: fc.constantFrom('client-to-server' as const, 'server-to-client' as const, undefined),
  perMessageDeflate: fc.boolean(),
  maxFramePayload: fc.integer({ min: 0, max: 300 }),
  maxMessagePayload: fc.integer({ min: 0, max: 600 }),
  maxFragmentsListed: fc.integer({ min: 0, max: 5 }),
});

/** Bytes that look like frames often enough to reach deep states: encoded frames with some bytes overwritten. */
const frameLikeBytes = fc
  .tuple(fc.array(frameFields(2000), { maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }))
  .map(([frames, edits]) => {
    const bytes = concatBytes(frames.map((frame) => encodeFrame(frame)));
    for (const [at, byte] of edits) if (bytes.length > 0) bytes[at % bytes.length] = byte;
    return bytes;
  });

const junk = fc.oneof(fc.uint8Array({ maxLength: 2000 }), frameLikeBytes);
const cuts = fc.array(fc.nat({ max: 80_000 }), { maxLength: 20 });
const junkCuts = fc.array(fc.nat({ max: 13_000 }), { maxLength: 20 });

describe('frame decoder under random input', () => {
  it('never throws on random bytes cut at random points, and decodes the same whatever the cuts', () => {
    fc.assert(
      fc.property(junk, junkCuts, options, (bytes, points, opts) => {
        const whole = decodeChunks([bytes], opts);
        const pieces = mergeSkipped(decodeChunks(splitAt(bytes, points), opts));
        expect(pieces).toEqual(whole);
        const bytewise = bytes.length <= 300 ? mergeSkipped(decodeChunks(splitAt(bytes, Array.from(bytes, (_, i) => i)), opts)) : whole;
        expect(bytewise).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('accounts for every byte: frames and skipped ranges tile the stream without gaps or overlaps', () => {
    fc.assert(
      fc.property(junk, junkCuts, options, (bytes, points, opts) => {
        let next = 0;
        for (const event of decodeChunks(splitAt(bytes, points), opts)) {
          if (event.type === 'frame') {
            expect(event.frame.offset).toBe(next);
            next = event.frame.payloadOffset + event.frame.payloadReceived;
          } else if (event.type === 'skipped') {
            expect(event.offset).toBe(next);
            next += event.length;
          } else if (event.type === 'partial-header') {
            expect(event.offset).toBe(next);
            next += event.bytes.length;
          }
        }
        expect(next).toBe(bytes.length);
      }),
      // The one way to stop mid-stream: a 64-bit length with its top bit set, followed by more bytes.
      { numRuns: 300, examples: [[hex('82 7f 8000000000000001 aabbcc'), [3], {}]] },
    );
  });

  it('round-trips valid frames: encode several, cut anywhere, decode, and get the same fields back', () => {
    fc.assert(
      fc.property(fc.array(fields, { minLength: 1, maxLength: 5 }), cuts, (frames, points) => {
        const stream = concatBytes(frames.map((frame) => encodeFrame(frame)));
        const decoded = decodeChunks(splitAt(stream, points), { maxFramePayload: 80_000 }).flatMap((event) => (event.type === 'frame' ? [event.frame] : []));
        expect(decoded.map((frame) => ({
          fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3, opcode: frame.opcode,
          payload: frame.payload, maskingKey: frame.maskingKey, lengthForm: frame.lengthForm, complete: frame.complete,
        }))).toEqual(frames.map((frame) => ({
          fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3, opcode: frame.opcode,
          payload: frame.payload, maskingKey: frame.maskingKey, lengthForm: minimalLengthForm(frame.payload.length), complete: true,
        })));
      }),
      { numRuns: 200 },
    );
  });
});
