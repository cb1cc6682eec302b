import { describe, expect, it } from 'vitest';
import type { CaptureUpdate } from '../../../protocol/capture.ts';
import { playgroundTag } from '../../../protocol/page-tag.ts';
import { CaptureRouter, type CaptureSource } from '../../../src/playground/capture-router.ts';

const PAGE = '3f1c2a9e-5b7d-4c1e-9a2b-0c4d5e6f7a8b';
const bytes = (...values: number[]) => Uint8Array.from(values);

/** A page's capture stream that the test feeds by hand, as the control client would. */
function stream() {
  const listeners = new Set<(update: CaptureUpdate) => void>();
  const source: CaptureSource = {
    onCapture(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { source, send: (update: CaptureUpdate) => listeners.forEach((listener) => listener(update)), listeners };
}

const open = (id: string, tag: string): CaptureUpdate => ({ type: 'capture-open', id, tag, target: '/ws/echo', startedAt: 0 });

describe('the page’s capture router', () => {
  it('hands each playground the opens, chunks, cuts and ends of its own connections, in order', () => {
    const page = stream();
    const router = CaptureRouter.of(page.source);
    const got: Record<string, CaptureUpdate[]> = { a: [], b: [] };
    router.subscribe('a', (update) => got['a']!.push(update));
    router.subscribe('b', (update) => got['b']!.push(update));
    page.send(open('1', playgroundTag(PAGE, 'a')));
    page.send(open('2', playgroundTag(PAGE, 'b')));
    page.send(open('3', PAGE)); // the page's own tag: no playground's
    page.send({
      type: 'capture-chunks',
      records: [
        { id: 1, direction: 'client-to-server', t: 1, bytes: bytes(1) },
        { id: 2, direction: 'client-to-server', t: 1, bytes: bytes(2) },
        { id: 3, direction: 'client-to-server', t: 1, bytes: bytes(3) },
        { id: 1, direction: 'server-to-client', t: 2, bytes: bytes(4) },
      ],
    });
    page.send({ type: 'capture-cut', id: '2', t: 3 });
    page.send({ type: 'capture-end', id: '1', t: 4, truncated: false });
    page.send({ type: 'capture-end', id: '2', t: 4, truncated: true });
    expect(got['a']!.map((update) => update.type)).toEqual(['capture-open', 'capture-chunks', 'capture-end']);
    expect(got['a']![1]).toEqual({ type: 'capture-chunks', records: [expect.objectContaining({ id: 1, bytes: bytes(1) }), expect.objectContaining({ id: 1, bytes: bytes(4) })] });
    expect(got['b']!.map((update) => update.type)).toEqual(['capture-open', 'capture-chunks', 'capture-cut', 'capture-end']);
    expect(got['b']![1]).toEqual({ type: 'capture-chunks', records: [expect.objectContaining({ id: 2 })] });
  });

  it('is one per page, and keeps nothing of connections no playground of it asked for', () => {
    const page = stream();
    const router = CaptureRouter.of(page.source);
    expect(CaptureRouter.of(page.source)).toBe(router);
    expect(page.listeners.size).toBe(1);
    const got: CaptureUpdate[] = [];
    const stop = router.subscribe('a', (update) => got.push(update));
    page.send(open('1', playgroundTag(PAGE, 'z')));
    page.send({ type: 'capture-chunks', records: [{ id: 1, direction: 'client-to-server', t: 1, bytes: bytes(1) }] });
    page.send(open('2', 'not a tag'));
    stop();
    page.send(open('3', playgroundTag(PAGE, 'a')));
    expect(got).toEqual([]);
  });
});
