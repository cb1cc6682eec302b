import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, test } from "node:test";
import { WebSocket } from "ws";
import { startServer } from "./server.js";

let wss;
before(async () => {
  wss = await startServer(0);
});
after(() => wss.close());

async function connect(t) {
  const socket = new WebSocket(`ws://localhost:${wss.address().port}`);
  t.after(() => socket.terminate());
  // 인사는 열리자마자 오므로, 열리기 전부터 받을 준비를 해 둡니다.
  const hello = once(socket, "message", { signal: AbortSignal.timeout(1000) });
  await once(socket, "open", { signal: AbortSignal.timeout(1000) });
  return { socket, hello: hello.then(([data]) => JSON.parse(data.toString())) };
}

test("연결하면 hello로 인사한다", async (t) => {
  const { hello } = await connect(t);
  assert.equal((await hello).type, "hello");
});

test("ping을 보내면 pong이 온다", async (t) => {
  const { socket, hello } = await connect(t);
  await hello;
  socket.send("ping");
  // 시간 제한이 있는 once: pong이 오지 않으면 1초 뒤 AbortError로 실패합니다.
  const [data] = await once(socket, "message", { signal: AbortSignal.timeout(1000) });
  assert.equal(data.toString(), "pong");
});

test("바이너리를 보내면 1003으로 닫는다", async (t) => {
  const { socket, hello } = await connect(t);
  await hello;
  socket.send(Buffer.from([1, 2, 3]));
  const [code] = await once(socket, "close", { signal: AbortSignal.timeout(1000) });
  assert.equal(code, 1003);
});
