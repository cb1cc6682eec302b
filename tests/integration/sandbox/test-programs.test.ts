import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxManager } from '../../../playground-server/sandbox/sandbox-types.ts';
import { availableModes, liveDescendants, run, startTestManager, stopLeftovers } from '../../helpers/sandbox-harness.ts';

const modes = await availableModes();

/** A learner's node:test file: it starts a Socket.IO server on port 0 and tests it with a real socket.io-client. */
const SOCKET_IO_TEST = `import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io } from "socket.io-client";

test("a Socket.IO server answers an ack through a real client", async (t) => {
  const httpServer = createServer();
  const server = new Server(httpServer);
  server.on("connection", (socket) => socket.on("add", (a, b, callback) => callback(a + b)));
  await new Promise((resolve) => httpServer.listen(0, resolve));
  const client = io("http://localhost:" + httpServer.address().port, { transports: ["websocket"] });
  t.after(() => { client.close(); server.close(); });
  assert.equal(await client.timeout(2000).emitWithAck("add", 2, 3), 5);
});
`;

describe.each(modes)('a learner’s test file as the sandbox entry (isolation: %s)', (mode) => {
  let manager: SandboxManager;
  beforeAll(async () => {
    // Importing socket.io and socket.io-client took over TEST_LIMITS' 1.5 s listen timeout on a busy machine (3 of 8
    // runs: listen-timeout, no output); the default 10 s is what learners get.
    manager = await startTestManager({ isolation: mode, cpuTimeMs: 5000, listenTimeoutMs: 10_000 });
  });
  afterAll(() => manager.closeAll());
  afterEach(async () => {
    expect(await stopLeftovers()).toBe(0);
    expect(liveDescendants()).toEqual([]);
  });

  it('runs node:test in-process; socket.io-client may be imported and reaches the file’s own server on port 0; it exits 0', async () => {
    const program = await run(manager, SOCKET_IO_TEST, { entry: 'server.test.js' });
    const exit = await program.exited;
    // With the exit in the message: an empty console says nothing of why (a limit, a crash, a timeout).
    expect(program.text(), JSON.stringify(exit)).toContain('✔ a Socket.IO server answers an ack through a real client');
    expect(exit).toMatchObject({ reason: 'exited', code: 0 });
  });

  it('a failing test ends it with exit code 1, and says which assertion failed', async () => {
    const program = await run(manager, SOCKET_IO_TEST.replace('), 5);', '), 6);'), { entry: 'server.test.js' });
    const exit = await program.exited;
    expect(program.text(), JSON.stringify(exit)).toContain('✖ a Socket.IO server answers an ack through a real client');
    expect(program.text()).toContain('5 !== 6');
    expect(exit).toMatchObject({ reason: 'crashed', code: 1 });
  });
});
