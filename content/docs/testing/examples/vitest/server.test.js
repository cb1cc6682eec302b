// 같은 테스트를 Vitest로: npm add -D vitest 한 뒤 npx vitest run
import { once } from "node:events";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { startRoomServer } from "../socket-io/server.js";

describe("방 서버", () => {
  let server;
  beforeAll(async () => {
    server = await startRoomServer(0);
  });
  afterAll(() => server.io.close());

  async function client(auth = { name: "민수" }) {
    const socket = connect(`http://localhost:${server.port}`, { auth, transports: ["websocket"], reconnection: false });
    onTestFinished(() => socket.disconnect());
    await once(socket, "connect", { signal: AbortSignal.timeout(1000) });
    return socket;
  }

  it("있는 방에 들어가면 ack로 ok를 받는다", async () => {
    const socket = await client();
    await expect(socket.timeout(1000).emitWithAck("join", "1반")).resolves.toEqual({ ok: true, room: "1반" });
  });

  it("없는 방은 오류로 답한다", async () => {
    const socket = await client();
    expect(await socket.timeout(1000).emitWithAck("join", "99반")).toEqual({ ok: false, error: "없는 방입니다" });
  });

  it("같은 방에 말이 간다", async () => {
    const minsu = await client({ name: "민수" });
    const jiwoo = await client({ name: "지우" });
    await minsu.timeout(1000).emitWithAck("join", "1반");
    await jiwoo.timeout(1000).emitWithAck("join", "1반");
    const heard = [];
    jiwoo.on("said", (text) => heard.push(text));
    minsu.emit("say", "1반", "안녕");
    // expect.poll: 조건이 맞을 때까지 다시 보고, 시간이 지나면 실패합니다.
    await expect.poll(() => heard, { timeout: 1000 }).toEqual(["민수: 안녕"]);
  });

  it("이름 없이 연결하면 connect_error로 거절한다", async () => {
    const socket = connect(`http://localhost:${server.port}`, { transports: ["websocket"], reconnection: false });
    onTestFinished(() => socket.disconnect());
    const [error] = await once(socket, "connect_error", { signal: AbortSignal.timeout(1000) });
    expect(error.message).toBe("이름이 필요합니다");
  });
});
