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

// 할 일: 테스트 둘을 더 쓰세요.
// 1. "ping"을 보내면 "pong"이 온다. 답이 오지 않으면 테스트가 멈추지 말고 1초 안에 실패해야 합니다.
// 2. 바이너리를 보내면 닫힘 코드 1003으로 닫힌다.
