import http2 from "node:http2";
import { readFrame, textFrame } from "./frames.js";

// 이 서버는 지금 평범한 HTTP/2 GET 요청에만 답합니다. WebSocket도 받도록 다음을 더하세요.
// 1. SETTINGS로 확장 CONNECT를 허락합니다.
// 2. CONNECT + :protocol "websocket" 요청에 200으로 답합니다. 클라이언트가 sec-websocket-protocol로
//    제안한 하위 프로토콜 가운데 SUPPORTED에 있는 것 하나를 골라 응답 헤더 sec-websocket-protocol에 담습니다.
// 3. 받은 텍스트 프레임을 같은 텍스트의 프레임으로 돌려줍니다(서버의 프레임은 마스킹하지 않습니다).
// 4. :protocol이 "websocket"이 아닌 확장 CONNECT에는 501(Not Implemented)로 답합니다.
const SUPPORTED = ["chat.v1"];

export const server = http2.createServer();

server.on("stream", (stream, headers) => {
  if (headers[":method"] === "GET") {
    stream.respond({ ":status": 200, "content-type": "text/plain; charset=utf-8" });
    stream.end("HTTP/2 서버입니다.");
    return;
  }
  stream.respond({ ":status": 405 });
  stream.end();
});
