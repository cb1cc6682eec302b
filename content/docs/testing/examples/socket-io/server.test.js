import assert from "node:assert/strict";
import { once } from "node:events";
import { after, before, test } from "node:test";
import { io as connect } from "socket.io-client";
import { startRoomServer } from "./server.js";

let server;
before(async () => {
  server = await startRoomServer(0);
});
after(() => server.io.close());

// 진짜 socket.io-client로 연결합니다. WebSocket으로 바로 붙고, 끊겨도 다시 연결하지 않습니다.
async function client(t, auth = { name: "민수" }) {
  const socket = connect(`http://localhost:${server.port}`, { auth, transports: ["websocket"], reconnection: false });
  t.after(() => socket.disconnect());
  await once(socket, "connect", { signal: AbortSignal.timeout(1000) });
  return socket;
}

test("있는 방에 들어가면 ack로 ok를 받는다", async (t) => {
  const socket = await client(t);
  // timeout(ms)을 붙인 emitWithAck: 답이 없으면 기다림이 오류로 끝납니다.
  assert.deepEqual(await socket.timeout(1000).emitWithAck("join", "1반"), { ok: true, room: "1반" });
});

test("없는 방은 오류로 답한다(답하지 않는 경로가 없다)", async (t) => {
  const socket = await client(t);
  assert.deepEqual(await socket.timeout(1000).emitWithAck("join", "99반"), { ok: false, error: "없는 방입니다" });
});

test("같은 방에만 말이 간다", async (t) => {
  const minsu = await client(t, { name: "민수" });
  const jiwoo = await client(t, { name: "지우" });
  const seoyeon = await client(t, { name: "서연" });
  await minsu.timeout(1000).emitWithAck("join", "1반");
  await jiwoo.timeout(1000).emitWithAck("join", "1반");
  await seoyeon.timeout(1000).emitWithAck("join", "2반");
  const heardBySeoyeon = [];
  seoyeon.on("said", (text) => heardBySeoyeon.push(text));

  minsu.emit("say", "1반", "안녕");
  const [text] = await once(jiwoo, "said", { signal: AbortSignal.timeout(1000) });
  assert.equal(text, "민수: 안녕");
  // “오지 않았다”를 시간으로 재지 않습니다. 서연이 자기 방에 표지를 보내고, 그것이 돌아올 때까지 다른 것이 왔는지 봅니다.
  // 민수의 말은 이미 보내졌으니(지우가 받았으니), 서연에게 갈 것이었다면 표지보다 먼저 도착했을 것입니다.
  seoyeon.emit("say", "2반", "표지");
  await once(seoyeon, "said", { signal: AbortSignal.timeout(1000) });
  assert.deepEqual(heardBySeoyeon, ["서연: 표지"]);
});

test("이름 없이 연결하면 미들웨어가 connect_error로 거절한다", async (t) => {
  const socket = connect(`http://localhost:${server.port}`, { transports: ["websocket"], reconnection: false });
  t.after(() => socket.disconnect());
  const [error] = await once(socket, "connect_error", { signal: AbortSignal.timeout(1000) });
  assert.equal(error.message, "이름이 필요합니다");
});
