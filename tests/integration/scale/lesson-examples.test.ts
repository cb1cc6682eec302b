import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import relayCheck from '../../../content/docs/scaling/challenges/relay/check.ts';
import type { CheckContext, CheckSocket } from '../../../src/playground/challenge-api.ts';
import { lessonSandbox, relayTo, type Run } from '../../helpers/sandbox-harness.ts';
import { waitUntil } from '../../helpers/wait.ts';
import { TestClient } from '../../helpers/ws.ts';

/** The 확장 lesson's runnable examples, run in the real sandbox as the lesson page runs them. */
const example = (name: string) => readFileSync(new URL(`../../../content/docs/scaling/examples/${name}`, import.meta.url), 'utf8');
/** The lesson's challenge folder (start/, solution/). */
const challengeFile = (path: string) => readFileSync(new URL(`../../../content/docs/scaling/challenges/relay/${path}`, import.meta.url), 'utf8');

const { serve, cleanups } = lessonSandbox();

/** What the lesson page's client.js does: connect to instance A (8080), greet after 500 ms. */
async function pageClient(server: Run, url: string): Promise<TestClient> {
  const client = await TestClient.open(url.replace(/^http/, 'ws'));
  await waitUntil('the classmate on B is connected', () => server.text().includes('B에 접속한 학생이 기다립니다.'), 15_000);
  client.ws.send('안녕하세요, 모두 들리나요?');
  return client;
}

describe('scaling lesson examples', () => {
  it('two instances without a bus: the page on A hears itself, the classmate on B hears nothing', async () => {
    const { server, url } = await serve(example('two-instances-server.js'), { port: 8080 });
    const client = await pageClient(server, url);
    await client.waitFor(1);
    expect(client.texts).toEqual(['[A] 안녕하세요, 모두 들리나요?']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.text()).not.toContain('B에 접속한 학생이 받음');
    await server.sandbox.stop();
  });

  it('with the bus: the greeting crosses to B once, and the classmate’s answer crosses back to the page', async () => {
    const { server, url } = await serve(example('bus-server.js'), { port: 8080 });
    const client = await pageClient(server, url);
    await client.waitFor(2);
    expect(client.texts).toEqual(['[A에서] 안녕하세요, 모두 들리나요?', '[B에서] 네, B에서도 잘 들려요!']);
    expect(server.text()).toContain('B에 접속한 학생이 받음: [A에서] 안녕하세요, 모두 들리나요?');
    expect(server.text()).toContain('인스턴스 B: 버스에서 받아 내 클라이언트 1명에게 보냅니다.');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.text().match(/B에 접속한 학생이 받음: \[A에서\]/g)).toHaveLength(1);
    expect(client.texts).toHaveLength(2);
    await server.sandbox.stop();
  });
});

/** The check API as the lesson page provides it, with the learner's ports reached through relays. */
function nodeCheckContext(server: Run): CheckContext {
  return {
    files: {},
    lines: () => [],
    waitForLine: async () => null,
    socketIo: () => Promise.reject(new Error('the relay check speaks plain WebSocket')),
    breakConnections: () => Promise.reject(new Error('the relay check breaks no connection')),
    runProgram: () => Promise.reject(new Error('the relay check runs no program')),
    async connect(target) {
      if (typeof target !== 'number') throw new Error('only ports in this test');
      const relay = await relayTo(server.sandbox, target);
      cleanups.push(() => relay.close());
      const client = await TestClient.open(`ws://127.0.0.1:${relay.port}`);
      const socket: CheckSocket = {
        send: (data) => client.ws.send(data as string),
        get messages() {
          return client.texts;
        },
        waitForMessage: async (match, timeoutMs = 3000) => {
          const find = () => client.texts.find((text) => (typeof match === 'string' ? text.includes(match) : match.test(text)));
          await waitUntil('a message', () => find() !== undefined, timeoutMs).catch(() => {});
          return find() ?? null;
        },
        close: (code, reason) => client.ws.close(code, reason),
        closed: client.closed.then(({ code, reason }) => ({ code, reason, wasClean: true })),
      };
      return socket;
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

describe('도전 과제 scaling/relay', () => {
  it('the solution passes every check', async () => {
    const { server } = await serve(challengeFile('solution/server.js'), { port: 8080 });
    const results = await relayCheck(nodeCheckContext(server));
    expect(results.map((result) => result.ok)).toEqual([true, true, true]);
    await server.sandbox.stop();
  });

  it('the starting code fails it', async () => {
    const { server } = await serve(challengeFile('start/server.js'), { port: 8080 });
    const results = await relayCheck(nodeCheckContext(server));
    expect(results[0]).toMatchObject({ ok: false });
    expect(results.every((result) => result.ok)).toBe(false);
    await server.sandbox.stop();
  });

  it('a relay that forgets to skip its own messages fails the duplicate check', async () => {
    const echoingTwice = challengeFile('solution/server.js').replace('if (message.from !== name) sendToMyClients(message.text);', 'sendToMyClients(message.text);');
    expect(echoingTwice).not.toBe(challengeFile('solution/server.js'));
    const { server } = await serve(echoingTwice, { port: 8080 });
    const results = await relayCheck(nodeCheckContext(server));
    expect(results.map((result) => result.ok)).toEqual([true, true, false]);
    await server.sandbox.stop();
  });
});
