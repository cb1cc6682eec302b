import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ReusedReads } from '../../playground-server/reused-reads.ts';
import { switchToReusedReads } from '../../playground-server/switch-to-reused-reads.ts';
import { sleep, waitUntil } from '../helpers/wait.ts';

/**
 * The browser's side of the sandbox proxy is a socket the HTTP server accepted; after the upgrade it is switched to
 * reads into one reused buffer through Node internals (switch-to-reused-reads.ts). These run on our pinned Node and
 * fail if it stops taking the switch: the fallback would keep the proxy working, only slower, and nobody would notice.
 */

let server: Server | undefined;
/** The server's sides of the upgraded connections: an HTTP server's sockets are half-open, so they are closed here. */
const accepted = new Set<Duplex>();
afterEach(async () => {
  for (const socket of accepted) socket.destroy();
  accepted.clear();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/**
 * An HTTP server whose upgrade goes to `onUpgrade` (synchronously, in the 'upgrade' event, as the proxy switches);
 * a client that has sent the upgrade request. `upgrade` settles once `onUpgrade` has run.
 */
async function upgraded(onUpgrade: (socket: Duplex, head: Buffer) => void): Promise<{ client: Socket; upgrade: Promise<Duplex> }> {
  let done!: (socket: Duplex) => void;
  const upgrade = new Promise<Duplex>((resolve) => (done = resolve));
  server = createServer();
  server.on('upgrade', (_req, socket: Duplex, head: Buffer) => {
    accepted.add(socket);
    onUpgrade(socket, head);
    done(socket);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  client.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
  return { client, upgrade };
}

/** Sends `count` chunks of `size` bytes (each filled with its number), one per turn of the event loop, so they arrive as separate reads. */
async function sendSpaced(client: Socket, count: number, size: number): Promise<Buffer> {
  const sent: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = Buffer.alloc(size, i % 251);
    sent.push(chunk);
    client.write(chunk);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return Buffer.concat(sent);
}

/** Whether the socket's handle is reading (libuv readStart) — false once a read was refused. */
const reading = (socket: Duplex) => (socket as unknown as { _handle: { reading: boolean } })._handle.reading;

describe('switching an accepted socket to reused reads', () => {
  it('takes on our pinned Node: every read lands in the one buffer, none passes as a \'data\' event of Node\'s own', async () => {
    const reads = new ReusedReads(64 * 1024);
    const received: Buffer[] = [];
    const buffers = new Set<ArrayBufferLike>();
    let switched: boolean | undefined;
    let nodeData = 0;
    const { client, upgrade } = await upgraded((socket, head) => {
      switched = switchToReusedReads(socket, reads);
      received.push(Buffer.from(head));
      socket.on('data', () => nodeData++);
      reads.take((bytes) => {
        buffers.add(bytes.buffer);
        received.push(Buffer.from(bytes));
        return true;
      }, socket);
    });
    const sent = await sendSpaced(client, 40, 1000);
    const socket = await upgrade;
    const ended = new Promise((resolve) => socket.once('end', resolve));
    client.end();
    await ended;
    expect(switched).toBe(true);
    expect(Buffer.concat(received).equals(sent)).toBe(true);
    expect(buffers.size).toBe(1);
    expect(nodeData).toBe(0);
  });

  it('stops reading when the taker says no, and reads on after resume(): no byte lost or repeated', async () => {
    const reads = new ReusedReads(64 * 1024);
    const received: Buffer[] = [];
    let refused = false;
    const { client, upgrade } = await upgraded((socket, head) => {
      expect(switchToReusedReads(socket, reads)).toBe(true);
      received.push(Buffer.from(head));
      reads.take((bytes) => {
        received.push(Buffer.from(bytes));
        if (refused) return true;
        refused = true;
        return false;
      }, socket);
    });
    const sent = await sendSpaced(client, 20, 4096);
    const socket = await upgrade;
    await waitUntil('a read was refused', () => refused);
    // Reading stopped: what came after that read waits in the kernel, not here.
    expect(reading(socket)).toBe(false);
    const readsBefore = received.length;
    await sleep(50);
    expect(received.length).toBe(readsBefore);
    const ended = new Promise((resolve) => socket.once('end', resolve));
    socket.resume();
    client.end();
    await ended;
    expect(Buffer.concat(received).equals(sent)).toBe(true);
  });

  it('keeps a buffer\'s worth of what comes before anyone takes it, then stops reading until it is taken', async () => {
    const reads = new ReusedReads(16 * 1024);
    let head = Buffer.alloc(0);
    const { client, upgrade } = await upgraded((socket, bodyHead) => {
      expect(switchToReusedReads(socket, reads)).toBe(true);
      head = Buffer.from(bodyHead);
    });
    const sent = await sendSpaced(client, 16, 4096);
    const socket = await upgrade;
    // 16 KiB kept, the rest (48 KiB) left in the kernel.
    await waitUntil('reading stopped', () => !reading(socket));
    const received: Buffer[] = [head];
    const ended = new Promise((resolve) => socket.once('end', resolve));
    reads.take((bytes) => (received.push(Buffer.from(bytes)), true), socket);
    client.end();
    await ended;
    expect(Buffer.concat(received).equals(sent)).toBe(true);
  });

  it('leaves a socket with bytes already waiting in its readable buffer as it is (they would come out of order)', async () => {
    let switched: boolean | undefined;
    const { client, upgrade } = await upgraded((socket) => {
      socket.unshift(Buffer.from('waiting'));
      switched = switchToReusedReads(socket, new ReusedReads(1024));
    });
    const socket = await upgrade;
    const data = await new Promise<Buffer>((resolve) => socket.once('data', resolve));
    expect(data.toString()).toBe('waiting');
    expect(switched).toBe(false);
    client.destroy();
  });
});
