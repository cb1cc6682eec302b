import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, test } from "node:test";
import { WebSocket } from "ws";
import { startChatServer } from "./server.js";

let wss;
let url;
before(async () => {
  wss = await startChatServer(0); // 빈 포트: 다른 테스트나 프로그램과 부딪히지 않습니다.
  url = `ws://localhost:${wss.address().port}`;
});
after(() => wss.close());

// 진짜 클라이언트로 연결합니다. 열리지 않으면 1초 뒤에 실패합니다(영원히 기다리지 않게).
async function connect(t) {
  const socket = new WebSocket(url);
  t.after(() => socket.terminate());
  await once(socket, "open", { signal: AbortSignal.timeout(1000) });
  return socket;
}

// 다음 메시지 하나를 기다립니다. 시간 제한이 있는 once: 오지 않으면 AbortError로 테스트가 실패합니다.
async function nextMessage(socket) {
  const [data] = await once(socket, "message", { signal: AbortSignal.timeout(1000) });
  return data.toString();
}

test("보낸 사람을 포함해 모두가 메시지를 받는다", async (t) => {
  const a = await connect(t);
  const b = await connect(t);
  a.send("안녕");
  assert.equal(await nextMessage(a), "말함: 안녕");
  assert.equal(await nextMessage(b), "말함: 안녕");
});

test("바이너리를 보내면 1003으로 닫는다", async (t) => {
  const a = await connect(t);
  a.send(Buffer.from([1, 2, 3]));
  const [code, reason] = await once(a, "close", { signal: AbortSignal.timeout(1000) });
  assert.equal(code, 1003);
  assert.equal(reason.toString(), "텍스트만 받습니다");
});
