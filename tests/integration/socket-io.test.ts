import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';
import { socketIoClient } from '../helpers/socket-io-client.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const join = (transports: Array<'polling' | 'websocket'> = ['polling', 'websocket']) => socketIoClient(server.origin, { transports });

describe('Socket.IO chat (the seed article’s server)', () => {
  it('sends the join notice to everyone with io.emit', async () => {
    const a = await join();
    await a.waitFor((m) => m.includes(`${a.socket.id} 님이 연결되었습니다.`));
    const b = await join(['websocket']);
    await a.waitFor((m) => m.includes(`${b.socket.id} 님이 연결되었습니다.`));
    await b.waitFor((m) => m.includes(`${b.socket.id} 님이 연결되었습니다.`));
    a.socket.disconnect();
    b.socket.disconnect();
  });

  it('re-emits each message to everyone as "<id>: <msg>"', async () => {
    const a = await join();
    const b = await join(['websocket']);
    a.socket.emit('message', '안녕하세요');
    const expected = `${a.socket.id}: 안녕하세요`;
    await a.waitFor((m) => m.includes(expected));
    await b.waitFor((m) => m.includes(expected));
    a.socket.disconnect();
    b.socket.disconnect();
  });

  it('tells only the others when someone leaves (socket.broadcast.emit)', async () => {
    const a = await join();
    const b = await join();
    const leaverId = b.socket.id;
    b.socket.disconnect();
    await a.waitFor((m) => m.includes(`${leaverId} 님의 연결이 끊어졌습니다.`));
    expect(b.messages.some((m) => m.includes('끊어졌습니다'))).toBe(false);
    a.socket.disconnect();
  });

  it('upgrades from polling to websocket', async () => {
    const a = await join(['polling', 'websocket']);
    await new Promise<void>((resolve) => {
      if (a.socket.io.engine.transport.name === 'websocket') resolve();
      else a.socket.io.engine.once('upgrade', () => resolve());
    });
    expect(a.socket.io.engine.transport.name).toBe('websocket');
    a.socket.disconnect();
  });

  it('refuses a handshake from another site', async () => {
    const response = await fetch(`${server.origin}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
  });
});

describe('Socket.IO client bundle', () => {
  it.each(['socket.io.esm.min.js', 'socket.io.js', 'socket.io.min.js'])('serves /socket.io/%s locally, loadable from the sandboxed frame', async (name) => {
    const response = await fetch(`${server.origin}/socket.io/${name}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect((await response.text()).length).toBeGreaterThan(10_000);
  });

  it('serves the ESM build with the io export the seed imports', async () => {
    const text = await (await fetch(`${server.origin}/socket.io/socket.io.esm.min.js`)).text();
    expect(text).toMatch(/export\{[^}]*\bas io\b/);
  });
});
