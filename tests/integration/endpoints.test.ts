import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatNotice } from '../../playground-server/endpoints/chat.ts';
import { startTestServer } from '../helpers/server.ts';
import { TestClient } from '../helpers/ws.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ maxPayload: 1024 });
});
afterAll(() => server.close());

describe('/ws/echo', () => {
  it('echoes text back unchanged, as text', async () => {
    const client = await TestClient.open(`${server.wsUrl}/ws/echo`);
    client.ws.send('서버 하이.');
    await client.waitFor(1);
    expect(client.messages[0]).toEqual({ data: Buffer.from('서버 하이.'), isBinary: false });
    client.ws.close();
  });

  it('echoes binary back unchanged, as binary', async () => {
    const client = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe]);
    client.ws.send(bytes);
    await client.waitFor(1);
    expect(client.messages[0]).toEqual({ data: bytes, isBinary: true });
    client.ws.close();
  });

  it('closes a connection with 1009 when a message is over the limit, and nobody else notices', async () => {
    const bystander = await TestClient.open(`${server.wsUrl}/ws/echo`);
    const offender = await TestClient.open(`${server.wsUrl}/ws/echo`);
    offender.ws.send(Buffer.alloc(1025));
    expect((await offender.closed).code).toBe(1009);
    await bystander.expectEcho('아직 여기 있어요');
    bystander.ws.close();
  });

  it('accepts a message exactly at the limit', async () => {
    const client = await TestClient.open(`${server.wsUrl}/ws/echo`);
    client.ws.send(Buffer.alloc(1024, 7));
    await client.waitFor(1);
    expect(client.messages[0]?.data.length).toBe(1024);
    client.ws.close();
  });
});

describe('/ws/chat', () => {
  it('tells everyone who joined, sends each message to all (sender too), and tells the others who left', async () => {
    const alice = await TestClient.open(`${server.wsUrl}/ws/chat`);
    await alice.waitFor(1);
    const aliceId = /^(\w+) 님이 연결되었습니다\.$/.exec(alice.texts[0] ?? '')?.[1];
    expect(aliceId).toBeDefined();

    const bob = await TestClient.open(`${server.wsUrl}/ws/chat`);
    await bob.waitFor(1);
    await alice.waitFor(2);
    const bobId = /^(\w+) 님이 연결되었습니다\.$/.exec(bob.texts[0] ?? '')?.[1] ?? '';
    expect(alice.texts[1]).toBe(chatNotice.joined(bobId));

    alice.ws.send('안녕하세요');
    await alice.waitFor(3);
    await bob.waitFor(2);
    expect(alice.texts[2]).toBe(`${aliceId}: 안녕하세요`);
    expect(bob.texts[1]).toBe(`${aliceId}: 안녕하세요`);

    bob.ws.send(Buffer.from([1, 2, 3]));
    await alice.waitFor(4);
    expect(alice.messages[3]).toEqual({ data: Buffer.from([1, 2, 3]), isBinary: true });

    await bob.waitFor(3);
    bob.ws.close();
    await alice.waitFor(5);
    expect(alice.texts.at(-1)).toBe(chatNotice.left(bobId));
    alice.ws.close();
  });
});

describe('HTTP on a WebSocket path', () => {
  it('answers a plain GET with 426 and a Korean hint', async () => {
    const response = await fetch(`${server.origin}/ws/echo`);
    expect(response.status).toBe(426);
    expect(response.headers.get('upgrade')).toBe('websocket');
    expect(await response.text()).toContain('new WebSocket');
  });
});
