import { describe, expect, it } from 'vitest';
import { decodeChunkBatch, encodeCaptureMessage, encodeChunkBatch, isCaptureMessage, type CaptureMessage, type ChunkRecord } from '../../../protocol/capture.ts';

describe('the capture protocol', () => {
  it('sends opens, cuts and ends as JSON text the page tells apart from the other server messages', () => {
    const messages: CaptureMessage[] = [
      { type: 'capture-open', id: '7', tag: 'page.a', target: '/ws/echo', startedAt: 1_700_000_000_000 },
      { type: 'capture-cut', id: '7', t: 12.5 },
      { type: 'capture-end', id: '7', t: 20, truncated: true },
    ];
    for (const message of messages) {
      const received = JSON.parse(encodeCaptureMessage(message)) as { type: string };
      expect(received).toEqual(message);
      expect(isCaptureMessage(received)).toBe(true);
    }
    expect(isCaptureMessage({ type: 'welcome' })).toBe(false);
    expect(isCaptureMessage({ type: 'capture-chunk' })).toBe(false);
  });

  it('carries chunks in binary batches, elided counts included, and stops at a damaged record', () => {
    const records: ChunkRecord[] = [
      { id: 1, direction: 'client-to-server', t: 0.25, bytes: Uint8Array.of(1, 2, 3) },
      { id: 1, direction: 'server-to-client', t: 1, bytes: new Uint8Array(0), elided: 4096 },
      { id: 2, direction: 'server-to-client', t: 2.5, bytes: Uint8Array.of(9) },
    ];
    const batch = encodeChunkBatch(records);
    expect(decodeChunkBatch(batch)).toEqual(records);
    expect(decodeChunkBatch(batch.subarray(0, batch.length - 1))).toHaveLength(2);
  });
});
