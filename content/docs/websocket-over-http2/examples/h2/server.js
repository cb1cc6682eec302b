import http2 from "node:http2";
import { closeFrame, readFrame, textFrame } from "./frames.js";

// 1. 서버가 SETTINGS로 “확장 CONNECT를 써도 됩니다”(SETTINGS_ENABLE_CONNECT_PROTOCOL = 1)라고 알립니다.
export const server = http2.createServer({ settings: { enableConnectProtocol: true } });
export const stats = { connections: 0 };
server.on("session", () => console.log(`[서버] HTTP/2 연결 ${++stats.connections}번째가 열렸습니다.`));

// 2. WebSocket 하나는 스트림 하나입니다. 요청 헤더는 HTTP/1.1의 GET + Upgrade가 아니라 CONNECT + :protocol입니다.
server.on("stream", (stream, headers) => {
  if (headers[":method"] !== "CONNECT" || headers[":protocol"] !== "websocket") {
    stream.respond({ ":status": 404 });
    stream.end();
    return;
  }
  console.log(`[서버] 스트림 ${stream.id}: ${headers[":method"]} ${headers[":path"]}, :protocol ${headers[":protocol"]}, sec-websocket-version ${headers["sec-websocket-version"]}, sec-websocket-key ${headers["sec-websocket-key"] ?? "(없음)"}`);
  // 3. 성공은 101이 아니라 200입니다. Sec-WebSocket-Accept도 없습니다.
  stream.respond({ ":status": 200 });
  // 4. 그 뒤로 스트림의 DATA에는 RFC 6455 프레임이 그대로 오갑니다. (짧게 쓰려고 DATA 하나에 프레임 하나가 온다고 봅니다.)
  stream.on("data", (bytes) => {
    const received = readFrame(bytes);
    if (received.opcode === 0x1) {
      const text = received.payload.toString("utf8");
      console.log(`[서버] 스트림 ${stream.id}에서 받은 텍스트 프레임(마스크 ${received.masked}): ${text}`);
      stream.write(textFrame(`에코: ${text}`));
    } else if (received.opcode === 0x8) {
      console.log(`[서버] 스트림 ${stream.id}: 닫기 프레임(${received.payload.readUInt16BE(0)})을 받아 답하고 스트림을 끝냅니다(END_STREAM).`);
      stream.end(closeFrame(1000));
    }
  });
});
