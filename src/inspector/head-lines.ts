/**
 * HTTP heads exactly as they were sent: the lines are cut from the captured bytes themselves (the
 * parser keeps each header's offset and length), so spacing, case and order are the wire's.
 */
import type { CapturedChunk } from '../../protocol/capture.ts';
import type { Direction } from '../../protocol/wire/constants.ts';
import type { HttpHead } from '../../protocol/wire/http-head.ts';

/** Bytes [start, end) of one direction's stream, gathered from its chunks; shorter when chunks are missing. */
export function streamSlice(chunks: readonly CapturedChunk[], direction: Direction, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  let offset = 0;
  let filled = 0;
  for (const chunk of chunks) {
    if (chunk.direction !== direction) continue;
    const chunkEnd = offset + chunk.bytes.length;
    if (chunkEnd > start && offset < end) {
      const from = Math.max(start, offset);
      const to = Math.min(end, chunkEnd);
      out.set(chunk.bytes.subarray(from - offset, to - offset), from - start);
      filled += to - from;
    }
    offset = chunkEnd;
    if (offset >= end) break;
  }
  return filled === out.length ? out : out.subarray(0, filled);
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * The start line and header lines of `head` (which began at stream offset `offset`), without their
 * CRLF, as sent. Falls back to "Name: value" when the bytes are not at hand (a truncated capture).
 */
export function headLines(chunks: readonly CapturedChunk[], direction: Direction, offset: number, head: HttpHead): string[] {
  const bytes = streamSlice(chunks, direction, offset, offset + head.length);
  if (bytes.length !== head.length) return [head.startLine, ...head.headers.map((header) => `${header.name}: ${header.value}`)];
  const firstHeader = head.headers[0]?.offset ?? head.length - 2;
  return [
    utf8.decode(bytes.subarray(0, firstHeader - 2)),
    ...head.headers.map((header) => utf8.decode(bytes.subarray(header.offset, header.offset + header.rawLength - 2))),
  ];
}
