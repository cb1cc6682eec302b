import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordedServer } from '../../helpers/server.ts';
import { TestClient } from '../../helpers/ws.ts';
import { socketIoClient, type ChatClient } from '../../helpers/socket-io-client.ts';
import { get, settle, waitForReadiness, waitUntil } from './instances.ts';
import { RedisProcess } from '../../helpers/redis-process.ts';

type Instance = Awaited<ReturnType<typeof startRecordedServer>>;

let redis: RedisProcess;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  redis = await RedisProcess.start();
  [a, b] = await Promise.all([startRecordedServer({ redisUrl: redis.url }), startRecordedServer({ redisUrl: redis.url })]);
  await Promise.all([waitForReadiness(a.origin, 200), waitForReadiness(b.origin, 200)]);
});

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await redis?.stop();
});

const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 8)}`;

/** Waits until a TestClient got a text message containing `text`. */
const heard = (client: TestClient, text: string, timeoutMs = 5000) =>
  waitUntil(`a chat message containing ${JSON.stringify(text)} (got ${JSON.stringify(client.texts)})`, () => client.texts.some((m) => m.includes(text)), timeoutMs);
const countOf = (client: TestClient, text: string) => client.texts.filter((m) => m.includes(text)).length;

describe('two instances on one Redis', () => {
  it('say in /readyz and /metrics that they share broadcasts through Redis', async () => {
    const ready = JSON.parse((await get(`${a.origin}/readyz`)).body) as { status: string; checks: Record<string, unknown> };
    expect(ready).toMatchObject({ status: 'ready', checks: { listening: true, draining: false, redis: 'up' } });
    const metrics = (await get(`${a.origin}/metrics`)).body;
    expect(metrics).toContain('playground_info{scale="redis"} 1');
    expect(metrics).toContain('playground_redis_up 1');
  });

  it('Socket.IO: a message sent to one instance reaches a client of the other, once each, join notices too', async () => {
    const onA = await socketIoClient(a.origin, { transports: ['websocket'] });
    const onB = await socketIoClient(b.origin, { transports: ['websocket'] });
    await onA.waitFor(`${onB.socket.id} 님이 연결되었습니다.`);
    const text = unique('안녕하세요');
    onA.socket.emit('message', text);
    await onB.waitFor(`${onA.socket.id}: ${text}`);
    await onA.waitFor(`${onA.socket.id}: ${text}`);
    await settle();
    expect(onA.count(text)).toBe(1);
    expect(onB.count(text)).toBe(1);
    const idOfB = onB.socket.id;
    onB.close();
    await onA.waitFor(`${idOfB} 님의 연결이 끊어졌습니다.`);
    onA.close();
  });

  it('Socket.IO: a room broadcast on one instance reaches the room’s members on the other, and only them', async () => {
    const member = await socketIoClient(b.origin, { transports: ['websocket'] });
    const outsider = await socketIoClient(b.origin, { transports: ['websocket'] });
    const received: string[] = [];
    member.socket.on('notice', (text: string) => received.push(text));
    const outsiderReceived: string[] = [];
    outsider.socket.on('notice', (text: string) => outsiderReceived.push(text));
    // Joined where the socket lives, as a connection handler would (socket.join is immediate there;
    // io.in(…).socketsJoin goes through Redis and could arrive after the broadcast below).
    b.playground.socketIo.io.of('/').sockets.get(member.socket.id ?? '')?.join('수업-1');
    expect(b.playground.socketIo.io.of('/').adapter.rooms.get('수업-1')?.has(member.socket.id ?? '')).toBe(true);
    const text = unique('방 공지');
    a.playground.socketIo.io.to('수업-1').emit('notice', text);
    await waitUntil('the room member hears the notice', () => received.includes(text));
    await settle();
    expect(outsiderReceived).toEqual([]);
    member.close();
    outsider.close();
  });

  it('/ws/chat: a message sent to one instance reaches the other’s clients, once each; binary passes unchanged', async () => {
    const chatA = await TestClient.open(`${a.wsUrl}/ws/chat`);
    const chatB = await TestClient.open(`${b.wsUrl}/ws/chat`);
    await heard(chatA, '님이 연결되었습니다.');
    // B's join notice crossed to A: A has two join notices (its own and B's).
    await waitUntil('A heard B join', () => countOf(chatA, '님이 연결되었습니다.') >= 2);
    const text = unique('안녕');
    chatA.ws.send(text);
    await heard(chatB, `: ${text}`);
    await heard(chatA, `: ${text}`);
    chatB.ws.send(Buffer.from([0, 1, 2, 255]));
    await waitUntil('A got the binary message', () => chatA.messages.some((m) => m.isBinary));
    expect(chatA.messages.find((m) => m.isBinary)?.data).toEqual(Buffer.from([0, 1, 2, 255]));
    await settle();
    expect(countOf(chatA, text)).toBe(1);
    expect(countOf(chatB, text)).toBe(1);
    expect(chatB.messages.filter((m) => m.isBinary)).toHaveLength(1);
    chatB.ws.close();
    await waitUntil('A heard B leave', () => countOf(chatA, '님의 연결이 끊어졌습니다.') === 1);
    chatA.ws.close();
  });

  it('Redis stopped: each instance keeps serving its own clients and logs the loss once; restarted: delivery crosses again', async () => {
    const chatA = await TestClient.open(`${a.wsUrl}/ws/chat`);
    const chatA2 = await TestClient.open(`${a.wsUrl}/ws/chat`);
    const chatB = await TestClient.open(`${b.wsUrl}/ws/chat`);
    const sioA = await socketIoClient(a.origin, { transports: ['websocket'] });
    const sioA2 = await socketIoClient(a.origin, { transports: ['websocket'] });
    const sioB: ChatClient = await socketIoClient(b.origin, { transports: ['websocket'] });
    const lostBefore = a.log.count('redis_lost') + b.log.count('redis_lost');

    await redis.stop();
    await Promise.all([waitForReadiness(a.origin, 503), waitForReadiness(b.origin, 503)]);
    expect(JSON.parse((await get(`${a.origin}/readyz`)).body)).toMatchObject({ status: 'not ready', checks: { redis: 'down' } });

    const during = unique('레디스 없이');
    chatA.ws.send(during);
    sioA.socket.emit('message', during);
    await heard(chatA2, `: ${during}`);
    await heard(chatA, `: ${during}`);
    await sioA2.waitFor(during);
    await settle(300);
    expect(countOf(chatB, during)).toBe(0);
    expect(sioB.count(during)).toBe(0);
    // Still down for a while: the loss is logged once per instance, not once per retry.
    await settle(1500);
    expect(a.log.count('redis_lost') + b.log.count('redis_lost') - lostBefore).toBe(2);
    expect(a.log.events.find((e) => e.event === 'redis_lost')).toMatchObject({ level: 'warn', fields: { redis: `127.0.0.1:${redis.port}` } });
    const metrics = (await get(`${a.origin}/metrics`)).body;
    expect(metrics).toContain('playground_redis_up 0');
    expect(metrics).toMatch(/playground_redis_publish_failures_total [1-9]/);

    await redis.start();
    await Promise.all([waitForReadiness(a.origin, 200, 10_000), waitForReadiness(b.origin, 200, 10_000)]);
    expect(a.log.count('redis_restored')).toBe(1);
    const after = unique('다시 연결');
    chatA.ws.send(after);
    sioA.socket.emit('message', after);
    await heard(chatB, `: ${after}`);
    await sioB.waitFor(after);
    await settle();
    expect(countOf(chatB, after)).toBe(1);
    expect(countOf(chatA, after)).toBe(1);
    expect(sioB.count(after)).toBe(1);
    // Nothing said during the outage arrives late.
    expect(countOf(chatB, during)).toBe(0);

    for (const client of [chatA, chatA2, chatB]) client.ws.close();
    for (const client of [sioA, sioA2, sioB]) client.close();
  });
});

describe('without REDIS_URL', () => {
  it('two instances stay apart and need no Redis', async () => {
    const [x, y] = await Promise.all([startRecordedServer(), startRecordedServer()]);
    try {
      expect(x.scale.redis).toBeNull();
      const metrics = (await get(`${x.origin}/metrics`)).body;
      expect(metrics).toContain('playground_info{scale="single"} 1');
      expect(metrics).not.toContain('playground_redis_up');
      const chatX = await TestClient.open(`${x.wsUrl}/ws/chat`);
      const chatY = await TestClient.open(`${y.wsUrl}/ws/chat`);
      const text = unique('혼자');
      chatX.ws.send(text);
      await heard(chatX, text);
      await settle();
      expect(countOf(chatY, text)).toBe(0);
      chatX.ws.close();
      chatY.ws.close();
    } finally {
      await Promise.all([x.close(), y.close()]);
    }
  });
});
