import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPrometheus, mergeFamilies } from '../../../playground-server/health/metrics.ts';
import { startRecordedServer } from '../../helpers/server.ts';
import { TestClient } from '../../helpers/ws.ts';
import { get, waitForReadiness, waitUntil } from '../scale/instances.ts';
import { freePort } from '../../helpers/free-port.ts';
import { RedisProcess } from '../../helpers/redis-process.ts';

type Instance = Awaited<ReturnType<typeof startRecordedServer>>;
const TOKEN = 'a-classroom-token-0123456789';

function head(url: string): Promise<{ status: number; length: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'HEAD', agent: false }, (res) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => (length += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, length }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('on loopback (the default)', () => {
  let app: Instance;
  beforeAll(async () => {
    app = await startRecordedServer();
  });
  afterAll(() => app?.close());

  it('/healthz says the process is up, without a token', async () => {
    const answer = await get(`${app.origin}/healthz`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok', pid: process.pid });
    expect(await head(`${app.origin}/healthz`)).toEqual({ status: 200, length: 0 });
  });

  it('/readyz is 200 while serving and 503 once shutdown has begun', async () => {
    expect(JSON.parse((await get(`${app.origin}/readyz`)).body)).toEqual({ status: 'ready', pid: process.pid, checks: { listening: true, draining: false } });
    const other = await startRecordedServer();
    other.health.draining();
    const answer = await get(`${other.origin}/readyz`);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'not ready', checks: { draining: true } });
    await other.close();
  });

  it('/metrics speaks the Prometheus text format: connections per endpoint, messages, sandboxes, event-loop delay', async () => {
    const chat = await TestClient.open(`${app.wsUrl}/ws/chat`);
    chat.ws.send('하나');
    await chat.waitFor(2);
    const answer = await get(`${app.origin}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = answer.body;
    expect(text).toContain('# TYPE playground_connections gauge');
    expect(text).toContain('playground_connections{endpoint="chat"} 1');
    expect(text).toContain('playground_connections{endpoint="socket.io"} 0');
    // The join notice and the message.
    expect(text).toContain('playground_messages_total{endpoint="chat",origin="local"} 2');
    expect(text).toMatch(/^playground_sandboxes_running \d+$/m);
    expect(text).toMatch(/^playground_event_loop_delay_p99_seconds \d+(\.\d+)?(e-\d+)?$/m);
    // Every sample line is "name{labels} value", every family has HELP and TYPE.
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) [a-z_][a-z0-9_]* .+|[a-z_][a-z0-9_]*(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[\d.e+-]+)$/);
    chat.ws.close();
  });

  it('is not answered for other methods (the site says 405)', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request(`${app.origin}/metrics`, { method: 'POST', agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer).toBe(405);
  });
});

describe('bound to a public address (0.0.0.0)', () => {
  it('without METRICS_TOKEN, /healthz, /readyz and /metrics do not exist: the same 404 as any missing page', async () => {
    const app = await startRecordedServer({ host: '0.0.0.0' });
    try {
      const missing = await get(`${app.origin}/no-such-page`);
      expect(missing.status).toBe(404);
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        const answer = await get(`${app.origin}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
        expect(answer.status).toBe(404);
        expect(answer.body).toBe(missing.body);
      }
    } finally {
      await app.close();
    }
  });

  it('with METRICS_TOKEN, they answer only the right bearer token', async () => {
    const app = await startRecordedServer({ host: '0.0.0.0', metricsToken: TOKEN });
    try {
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        expect((await get(`${app.origin}${path}`)).status).toBe(404);
        expect((await get(`${app.origin}${path}`, { headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(404);
        expect((await get(`${app.origin}${path}`, { headers: { Authorization: `Basic ${TOKEN}` } })).status).toBe(404);
        expect((await get(`${app.origin}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});

describe('with REDIS_URL', () => {
  it('/readyz stays 503 until Redis answers, logs the unreachable Redis once, then becomes ready', async () => {
    const port = await freePort();
    const app = await startRecordedServer({ redisUrl: `redis://127.0.0.1:${port}` });
    let redis: RedisProcess | undefined;
    try {
      await waitUntil('Redis is reported unreachable', () => app.log.count('redis_unreachable') === 1);
      const answer = await get(`${app.origin}/readyz`);
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({ checks: { listening: true, redis: 'connecting' } });
      expect((await get(`${app.origin}/metrics`)).body).toContain('playground_redis_up 0');
      // Serving anyway: the site and its own clients do not wait for Redis.
      const chat = await TestClient.open(`${app.wsUrl}/ws/chat`);
      chat.ws.send('레디스 전');
      await chat.waitFor(2);
      chat.ws.close();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(app.log.count('redis_unreachable')).toBe(1);
      redis = await RedisProcess.startOn(port);
      await waitForReadiness(app.origin, 200, 10_000);
      expect(app.log.count('redis_connected')).toBe(1);
    } finally {
      await app.close();
      await redis?.stop();
    }
  });
});

describe('metrics text', () => {
  it('merges families of several workers under one HELP/TYPE and escapes label values', () => {
    const text = renderPrometheus(
      mergeFamilies([
        { labels: { worker: '0' }, families: [{ name: 'x_total', help: 'X.', type: 'counter', samples: [{ labels: { path: 'a"b\\c\nd' }, value: 1 }] }] },
        { labels: { worker: '1' }, families: [{ name: 'x_total', help: 'X.', type: 'counter', samples: [{ value: 2 }] }] },
      ]),
    );
    expect(text).toBe('# HELP x_total X.\n# TYPE x_total counter\nx_total{worker="0",path="a\\"b\\\\c\\nd"} 1\nx_total{worker="1"} 2\n');
  });
});
