import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetConditions } from '../../playground-server/net-conditions.ts';
import { holdReading, releaseReading } from '../../playground-server/reading-holds.ts';

/** A loopback TCP pair: `accepted` is the server's end (what the playground server shapes), `peer` the sender. */
async function socketPair(): Promise<{ accepted: Socket; peer: Socket; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const acceptedP = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const peer = connect(port, '127.0.0.1');
  return { accepted: await acceptedP, peer, server };
}

const opened: { accepted: Socket; peer: Socket; server: Server }[] = [];
afterEach(() => {
  for (const { accepted, peer, server } of opened.splice(0)) {
    accepted.destroy();
    peer.destroy();
    server.close();
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reading holds: one part of the server does not undo another’s pause', () => {
  it('a socket reads again only when the last holder lets go; a holder that held nothing changes nothing', async () => {
    const pair = await socketPair();
    opened.push(pair);
    const { accepted } = pair;
    accepted.on('data', () => {});
    holdReading(accepted, 'a');
    holdReading(accepted, 'b');
    expect(accepted.isPaused()).toBe(true);
    releaseReading(accepted, 'a');
    expect(accepted.isPaused()).toBe(true);
    releaseReading(accepted, 'nobody');
    expect(accepted.isPaused()).toBe(true);
    releaseReading(accepted, 'b');
    expect(accepted.isPaused()).toBe(false);
  });

  it('a slowed link lets its delayed reads in without resuming a socket the proxy holds (the sender’s bytes stay with the sender)', async () => {
    const pair = await socketPair();
    opened.push(pair);
    const { accepted, peer } = pair;
    const conditions = new NetConditions();
    conditions.set('t', { latencyMs: 20, bytesPerSecond: 0 });
    conditions.shape(accepted, 't', 'proxy');
    let received = 0;
    // As the proxy does when the learner's server is full: the first read that arrives holds the socket, and never
    // lets go in this test (the learner's server never drains).
    accepted.on('data', (bytes: Buffer) => {
      received += bytes.length;
      holdReading(accepted, 'learner-server-full');
    });
    const chunk = Buffer.alloc(64 * 1024, 1);
    let sent = 0;
    const sendMore = () => {
      while (sent < 64 * 1024 * 1024 && peer.write(chunk)) sent += chunk.length;
    };
    peer.on('drain', sendMore);
    sendMore();
    // Long enough for many latency periods: without holds, every delayed read let in resumed the socket and the
    // proxy's side received the sender's bytes as fast as they came.
    await sleep(1500);
    const afterHold = received;
    await sleep(500);
    expect(received).toBe(afterHold);
    // What got in is what was already read when the hold came, bounded by the slowed link's own queue.
    expect(received).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(accepted.isPaused()).toBe(true);
  }, 15_000);
});
