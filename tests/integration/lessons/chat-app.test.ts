import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { lessonSandbox } from '../../helpers/sandbox-harness.ts';

/**
 * ‘채팅 앱 만들기’: every join handler of the lesson (step 4, the challenge's starting code and its
 * solution) answers its acknowledgement on every path, a refused room included, so a client that
 * waits with a time limit learns why instead of timing out. The servers run in the real sandbox.
 */
const example = (name: string) => readFileSync(fileURLToPath(new URL(`../../../content/docs/chat-app/${name}`, import.meta.url)), 'utf8');

const { serve, cleanups } = lessonSandbox();

async function connectTo(name: string): Promise<Socket> {
  const { url } = await serve(example(name), { files: { 'index.html': '<!doctype html><title>채팅</title>\n' } });
  const socket = io(url, { forceNew: true, auth: { nickname: '앨리스' }, transports: ['websocket'] });
  cleanups.push(() => socket.close());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('채팅 앱 만들기 › join answers on every path', () => {
  for (const name of ['examples/step4/server.js', 'challenges/switch-room/start/server.js', 'challenges/switch-room/solution/server.js']) {
    it(`${name}: a known room is answered { ok: true, room }, an unknown one { ok: false, error } — neither leaves the client waiting`, async () => {
      const socket = await connectTo(name);
      await expect(socket.timeout(2000).emitWithAck('join', '로비')).resolves.toEqual({ ok: true, room: '로비' });
      await expect(socket.timeout(2000).emitWithAck('join', '없는 방')).resolves.toEqual({ ok: false, error: '없는 방입니다.' });
    });
  }
});
