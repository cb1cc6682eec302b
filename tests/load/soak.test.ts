import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { SoakStats } from './soak-server.ts';

/**
 * SOAK_CLIENTS clients (default 300) connect, chat and leave again and again for SOAK_MS (default
 * 2 min), half on /ws/chat and half on Socket.IO, from ten loopback addresses (so the default
 * per-address cap of 50 stays on), plus a few Socket.IO clients on long polling. Every message
 * carries "<client>#<seq>". A sender waits for its own last message to come back before it leaves
 * (the room echo is its acknowledgement); observers connected throughout must receive every
 * message any sender got back. After everyone leaves, the server's handles and memory must be
 * where they were after a warm-up with the same load.
 */
const CLIENTS = Number(process.env['SOAK_CLIENTS'] ?? 300);
const SOAK_MS = Number(process.env['SOAK_MS'] ?? 120_000);
const WARMUP_MS = Number(process.env['SOAK_WARMUP_MS'] ?? 20_000);
const INTERVAL_MS = Number(process.env['SOAK_INTERVAL_MS'] ?? 3000);
const POLLING = Math.min(20, Math.floor(CLIENTS / 15));
const ADDRESSES = Array.from({ length: 10 }, (_, i) => `127.0.0.${i + 2}`);
const OBSERVER_ADDRESS = '127.0.0.20';
const MB = 1024 * 1024;

type Room = 'ws' | 'sio';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const random = (min: number, max: number) => min + Math.random() * (max - min);

/** One connection of either kind, reduced to what the soak needs. */
interface Conn {
  send(text: string): void;
  close(): Promise<void>;
}

function connectWs(port: number, localAddress: string, onText: (text: string) => void): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/chat`, { localAddress });
    ws.on('message', (data, isBinary) => !isBinary && onText(data.toString()));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        send: (text) => ws.send(text),
        close: () => new Promise((done) => (ws.readyState === ws.CLOSED ? done() : (ws.once('close', () => done()), ws.close(1000)))),
      }),
    );
  });
}

function connectSio(port: number, localAddress: string | null, onText: (text: string) => void): Promise<Conn> {
  const socket: Socket = io(`http://127.0.0.1:${port}`, {
    reconnection: false,
    transports: localAddress === null ? ['polling'] : ['websocket'],
    ...(localAddress === null ? {} : { localAddress }),
  } as Parameters<typeof io>[1]);
  socket.on('message', (text: string) => onText(text));
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () =>
      resolve({
        send: (text) => socket.emit('message', text),
        close: async () => {
          socket.close();
        },
      }),
    );
  });
}

/** "<anything>: s12#34" → { tag: "s12", seq: 34 } */
function parse(text: string): { tag: string; seq: number } | null {
  const match = /: (s\d+)#(\d+)$/.exec(text);
  return match ? { tag: match[1]!, seq: Number(match[2]) } : null;
}

interface Ledger {
  /** Messages whose sender got them back: the server broadcast them. */
  delivered: Record<Room, Set<string>>;
  senderLost: string[];
  outOfOrder: string[];
  sessions: number;
  messages: number;
  connectFailures: string[];
}

async function runLoad(port: number, durationMs: number, ledger: Ledger): Promise<void> {
  const end = Date.now() + durationMs;
  const client = async (index: number) => {
    const room: Room = index % 2 === 0 ? 'ws' : 'sio';
    const polling = room === 'sio' && index < POLLING * 2;
    const address = ADDRESSES[index % ADDRESSES.length]!;
    let session = 0;
    await sleep(random(0, 2000));
    while (Date.now() < end) {
      // Unique per client and session, and matched by /s\d+/.
      const mine = `s${index * 100_000 + session++}`;
      let last = -1;
      const back = new Set<number>();
      const onText = (text: string) => {
        const parsed = parse(text);
        if (parsed?.tag !== mine) return;
        if (parsed.seq <= last) ledger.outOfOrder.push(`${mine}#${parsed.seq}`);
        last = parsed.seq;
        back.add(parsed.seq);
        ledger.delivered[room].add(`${mine}#${parsed.seq}`);
      };
      let conn: Conn;
      try {
        conn = room === 'ws' ? await connectWs(port, address, onText) : await connectSio(port, polling ? null : address, onText);
      } catch (error) {
        ledger.connectFailures.push(`${mine}: ${String(error)}`);
        await sleep(500);
        continue;
      }
      ledger.sessions += 1;
      const stay = Date.now() + random(4000, 15_000);
      let seq = 0;
      while (Date.now() < Math.min(stay, end)) {
        conn.send(`${mine}#${seq++}`);
        ledger.messages += 1;
        await sleep(random(INTERVAL_MS * 0.5, INTERVAL_MS * 1.5));
      }
      const deadline = Date.now() + 5000;
      while (back.size < seq && Date.now() < deadline) await sleep(20);
      for (let i = 0; i < seq; i++) if (!back.has(i)) ledger.senderLost.push(`${mine}#${i}`);
      await conn.close();
      await sleep(random(0, 500));
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
}

let server: ChildProcess;
let port: number;
const ask = () =>
  new Promise<SoakStats>((resolve) => {
    const onMessage = (message: { stats?: SoakStats }) => {
      if (!message.stats) return;
      server.off('message', onMessage);
      resolve(message.stats);
    };
    server.on('message', onMessage);
    server.send('stats');
  });
/** Stats once the server has let go of every connection. */
async function settled(): Promise<SoakStats> {
  for (let i = 0; i < 50; i++) {
    const stats = await ask();
    if (stats.connections === 0) {
      await sleep(1000);
      return ask();
    }
    await sleep(200);
  }
  return ask();
}

beforeAll(async () => {
  server = fork(fileURLToPath(new URL('./soak-server.ts', import.meta.url)), { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  port = await new Promise<number>((resolve) => server.once('message', (message: { port: number }) => resolve(message.port)));
});
afterAll(async () => {
  server.send('stop');
  await new Promise((resolve) => server.once('exit', resolve));
});

describe(`soak: ${CLIENTS} clients on /ws/chat and Socket.IO for ${SOAK_MS / 1000} s`, () => {
  it('loses no message for connected clients, and holds no more handles or memory once they leave', async () => {
    const observers: Array<{ room: Room; seen: Set<string>; conn: Conn }> = [];
    for (const room of ['ws', 'ws', 'sio', 'sio'] as const) {
      const seen = new Set<string>();
      const onText = (text: string) => {
        const parsed = parse(text);
        if (parsed) seen.add(`${parsed.tag}#${parsed.seq}`);
      };
      const conn = room === 'ws' ? await connectWs(port, OBSERVER_ADDRESS, onText) : await connectSio(port, OBSERVER_ADDRESS, onText);
      observers.push({ room, seen, conn });
    }
    const fresh = (): Ledger => ({ delivered: { ws: new Set(), sio: new Set() }, senderLost: [], outOfOrder: [], sessions: 0, messages: 0, connectFailures: [] });

    // Warm-up with the same load, so the baseline includes whatever the server keeps once (JIT, pools, malloc arenas).
    const warmup = fresh();
    await runLoad(port, WARMUP_MS, warmup);
    for (const observer of observers) await observer.conn.close();
    const before = await settled();

    for (const observer of observers) {
      observer.seen.clear();
      const onText = (text: string) => {
        const parsed = parse(text);
        if (parsed) observer.seen.add(`${parsed.tag}#${parsed.seq}`);
      };
      observer.conn = observer.room === 'ws' ? await connectWs(port, OBSERVER_ADDRESS, onText) : await connectSio(port, OBSERVER_ADDRESS, onText);
    }
    const soak = fresh();
    const started = Date.now();
    await runLoad(port, SOAK_MS, soak);
    const ranFor = Date.now() - started;
    await sleep(1000);
    const observerLost = observers.flatMap(({ room, seen }) => [...soak.delivered[room]].filter((id) => !seen.has(id)).map((id) => `${room} observer missed ${id}`));
    for (const observer of observers) await observer.conn.close();
    const after = await settled();

    process.stdout.write(
      `soak: ${soak.sessions} sessions, ${soak.messages} messages sent in ${(ranFor / 1000).toFixed(0)} s; ` +
        `rss ${(before.rss / MB).toFixed(1)} → ${(after.rss / MB).toFixed(1)} MiB, heap ${(before.heapUsed / MB).toFixed(1)} → ${(after.heapUsed / MB).toFixed(1)} MiB, ` +
        `handles ${JSON.stringify(before.handles)} → ${JSON.stringify(after.handles)}\n`,
    );
    expect(soak.connectFailures).toEqual([]);
    expect(soak.sessions).toBeGreaterThan(CLIENTS);
    expect(soak.delivered.ws.size + soak.delivered.sio.size).toBe(soak.messages);
    expect(soak.senderLost).toEqual([]);
    expect(soak.outOfOrder).toEqual([]);
    expect(observerLost).toEqual([]);
    expect(after.connections).toBe(0);
    expect(after.handles).toEqual(before.handles);
    expect(after.heapUsed).toBeLessThan(before.heapUsed + 5 * MB);
    expect(after.rss).toBeLessThan(before.rss + Math.max(20 * MB, before.rss * 0.15));
  });
});
