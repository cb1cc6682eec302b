import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from '../../../src/playground/share-codec.ts';

describe('share links', () => {
  it('round-trips a playground’s files, Korean and all', async () => {
    const files = { 'index.html': '<ul></ul>\n<script type="module" src="client.js"></script>', 'client.js': 'socket.emit("message", "안녕하세요 👋");' };
    const fragment = await encodeShare('chat-page', files);
    expect(fragment).toMatch(/^share=chat-page\.[A-Za-z0-9_-]+$/);
    expect(await decodeShare(`#${fragment}`)).toEqual({ id: 'chat-page', files });
  });

  it('compresses: a typical lesson file makes a link well under 2 KB', async () => {
    const code = 'const socket = new WebSocket("ws://example.com/socketserver");\n'.repeat(40);
    expect((await encodeShare('echo-client.js', { 'echo-client.js': code })).length).toBeLessThan(400);
  });

  it('round-trips any files and ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ maxLength: 500 }), { minKeys: 1, maxKeys: 5 }),
        async (id, files) => {
          expect(await decodeShare(await encodeShare(id, files))).toEqual({ id, files });
        },
      ),
      { numRuns: 100 },
    );
  });

  it.each([
    ['an unrelated fragment', '#section-2'],
    ['no payload', '#share=abc'],
    ['not base64url', '#share=abc.@@@'],
    ['not deflate', '#share=abc.aGVsbG8'],
    ['a bad percent-escape in the id', '#share=%E0%A4%A.aGVsbG8'],
  ])('gives null for %s', async (_case, fragment) => {
    expect(await decodeShare(fragment)).toBeNull();
  });

  it('gives null for valid compression of the wrong shape', async () => {
    const [, payload] = (await encodeShare('x', { 'a.js': '1' })).split('.');
    const wrong = await encodeShare('x', { 'a.js': '1' });
    expect(await decodeShare(wrong)).not.toBeNull();
    // Same codec, but a JSON payload that is not { v: 1, files }:
    const stream = new Blob([JSON.stringify({ v: 2, files: { 'a.js': 1 } })]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    const b64 = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(payload).toBeDefined();
    expect(await decodeShare(`share=x.${b64}`)).toBeNull();
  });

  it('refuses a decompression bomb', async () => {
    const stream = new Blob([JSON.stringify({ v: 1, files: { 'a.js': 'a'.repeat(3_000_000) } })]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    const b64 = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(await decodeShare(`share=x.${b64}`)).toBeNull();
  });
});
