import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import type { SandboxManager } from '../../../playground-server/sandbox/sandbox-types.ts';
import {
  availableModes,
  liveDescendants,
  relayTo,
  run,
  SOCKET_IO_SEED_PAGE,
  SOCKET_IO_SEED_SERVER,
  startTestManager,
  stopLeftovers,
  WS_SEED_SERVER,
} from '../../helpers/sandbox-harness.ts';
import { TestClient } from '../../helpers/ws.ts';

const modes = await availableModes();

/** How console.log prints a Buffer holding `text` as UTF-8: <Buffer ec 95 88 …>. */
function printedBuffer(text: string): string {
  return `<Buffer ${[...Buffer.from(text)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ')}>`;
}

function nextMessage(socket: ClientSocket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (text: string) => resolve(text)));
}

describe.each(modes)('the seed article\'s servers run as written (isolation: %s)', (mode) => {
  let manager: SandboxManager;
  beforeAll(async () => {
    manager = await startTestManager({ isolation: mode });
    expect(manager.mode).toBe(mode);
  });
  afterAll(() => manager.closeAll());
  afterEach(async () => {
    expect(await stopLeftovers()).toBe(0);
    expect(manager.count()).toBe(0);
    expect(liveDescendants()).toEqual([]);
  });

  it('the ws server (CommonJS, require("ws"), port 8080) answers a real ws client and logs in Korean', async () => {
    const { sandbox, text, exited } = await run(manager, WS_SEED_SERVER);
    expect(await sandbox.listening).toEqual({ virtualPort: 8080 });
    expect(sandbox.ports()).toEqual([8080]);
    const relay = await relayTo(sandbox, 8080);

    const client = await TestClient.open(relay.url.replace('http', 'ws'));
    client.ws.send('안녕하세요');
    await client.waitFor(1);
    expect(client.texts).toEqual(['메세지 수신완료.']);
    client.ws.close();
    await client.closed;
    await expect.poll(text).toContain('클라이언트가 접속을 끊었습니다.');
    expect(text()).toContain('클라이언트가 접속하였습니다.');
    // console.log of a Buffer, as the seed prints it: the UTF-8 bytes of "안녕하세요".
    expect(text()).toContain(`받은 메세지: ${printedBuffer('안녕하세요')}`);

    await relay.close();
    await sandbox.stop();
    const exit = await exited;
    expect(exit.reason).toBe('stopped');
    expect(exit.message).toBe('서버를 멈췄습니다.');
  });

  it('the Socket.IO server (ES module in a .js file) serves index.html and relays chat between two clients', async () => {
    const { sandbox, text } = await run(manager, SOCKET_IO_SEED_SERVER, { files: { 'index.html': SOCKET_IO_SEED_PAGE } });
    expect(await sandbox.listening).toEqual({ virtualPort: 3000 });
    await expect.poll(text).toContain('http://localhost:3000 에서 서버 구동 중...');
    const relay = await relayTo(sandbox, 3000);

    const page = await fetch(`${relay.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(await page.text()).toBe(SOCKET_IO_SEED_PAGE);

    // Default transports: HTTP long-polling first, then the upgrade to WebSocket, both through connect(3000).
    const alice = io(relay.url, { reconnection: false, forceNew: true });
    const aliceJoined = nextMessage(alice);
    await new Promise<void>((resolve) => alice.once('connect', () => resolve()));
    expect(await aliceJoined).toBe(`${alice.id} 님이 연결되었습니다.`);

    const bob = io(relay.url, { reconnection: false, forceNew: true, transports: ['websocket'] });
    const aliceSeesBob = nextMessage(alice);
    const bobJoined = nextMessage(bob);
    await new Promise<void>((resolve) => bob.once('connect', () => resolve()));
    expect(await aliceSeesBob).toBe(`${bob.id} 님이 연결되었습니다.`);
    expect(await bobJoined).toBe(`${bob.id} 님이 연결되었습니다.`);

    const toAlice = nextMessage(alice);
    const toBob = nextMessage(bob);
    bob.emit('message', '반가워요');
    expect(await toAlice).toBe(`${bob.id}: 반가워요`);
    expect(await toBob).toBe(`${bob.id}: 반가워요`);

    const bobId = bob.id;
    const aliceSeesBobLeave = nextMessage(alice);
    bob.disconnect();
    expect(await aliceSeesBobLeave).toBe(`${bobId} 님의 연결이 끊어졌습니다.`);
    alice.disconnect();
    await relay.close();
    await sandbox.stop();
  });

  it('two sandboxes running the identical ws server at once do not collide', async () => {
    const first = await run(manager, WS_SEED_SERVER, { owner: 'kim' });
    const second = await run(manager, WS_SEED_SERVER, { owner: 'lee' });
    expect(await first.sandbox.listening).toEqual({ virtualPort: 8080 });
    expect(await second.sandbox.listening).toEqual({ virtualPort: 8080 });
    const relays = await Promise.all([relayTo(first.sandbox, 8080), relayTo(second.sandbox, 8080)]);

    const clients = await Promise.all(relays.map((relay) => TestClient.open(relay.url.replace('http', 'ws'))));
    clients[0]!.ws.send('첫 번째');
    clients[1]!.ws.send('두 번째');
    await Promise.all(clients.map((client) => client.waitFor(1)));
    // Each message reached its own sandbox only.
    await expect.poll(() => first.text()).toContain('받은 메세지:');
    await expect.poll(() => second.text()).toContain('받은 메세지:');
    expect(first.text()).toContain(printedBuffer('첫 번째'));
    expect(second.text()).toContain(printedBuffer('두 번째'));
    expect(first.text()).not.toContain(printedBuffer('두 번째'));
    expect(second.text()).not.toContain(printedBuffer('첫 번째'));

    for (const client of clients) client.ws.close();
    await Promise.all(relays.map((relay) => relay.close()));
    await Promise.all([first.sandbox.stop(), second.sandbox.stop()]);
  });

  it('server.address() inside still reports the port the snippet asked for, and listen() variants all work', async () => {
    const { sandbox, text } = await run(
      manager,
      [
        'const http = require("node:http");',
        'const a = http.createServer().listen(3000, "0.0.0.0", () => console.log("a", JSON.stringify(a.address())));',
        'const b = http.createServer().listen({ port: 8080, host: "localhost" }, () => console.log("b", JSON.stringify(b.address())));',
        'const c = http.createServer().listen(() => console.log("c", c.address().port >= 49152));',
        'const d = http.createServer().listen(3000);',
        'd.on("error", (e) => console.log("d", e.code));',
      ].join('\n'),
    );
    await sandbox.listening;
    await expect.poll(() => sandbox.ports().length).toBe(3);
    await expect.poll(text).toContain('d EADDRINUSE');
    expect(text()).toContain('a {"address":"0.0.0.0","family":"IPv4","port":3000}');
    expect(text()).toContain('b {"address":"127.0.0.1","family":"IPv4","port":8080}');
    expect(text()).toContain('c true');
    await sandbox.stop();
  });

  it('connect() refuses a port nobody listens on, and more connections than the limit', async () => {
    const { sandbox } = await run(manager, WS_SEED_SERVER);
    await sandbox.listening;
    await expect(sandbox.connect(9999)).rejects.toMatchObject({ code: 'SANDBOX_NOT_LISTENING', message: expect.stringContaining('9999번 포트') });
    const open = await Promise.all(Array.from({ length: sandbox.maxConnections }, () => sandbox.connect(8080)));
    expect(sandbox.connectionCount()).toBe(sandbox.maxConnections);
    await expect(sandbox.connect(8080)).rejects.toMatchObject({ code: 'SANDBOX_TOO_MANY_CONNECTIONS' });
    open[0]!.destroy();
    await expect.poll(() => sandbox.connectionCount()).toBe(sandbox.maxConnections - 1);
    const again = await sandbox.connect(8080);
    again.destroy();
    await sandbox.stop();
    await expect(sandbox.connect(8080)).rejects.toMatchObject({ code: 'SANDBOX_NOT_RUNNING' });
  });
});
