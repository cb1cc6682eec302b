import http2 from "node:http2";
import { readFrame, textFrame } from "./frames.js";

const SUPPORTED = ["chat.v1"];

// 1. 확장 CONNECT를 허락합니다(SETTINGS_ENABLE_CONNECT_PROTOCOL = 1).
export const server = http2.createServer({ settings: { enableConnectProtocol: true } });

server.on("stream", (stream, headers) => {
  if (headers[":method"] === "GET") {
    stream.respond({ ":status": 200, "content-type": "text/plain; charset=utf-8" });
    stream.end("HTTP/2 서버입니다.");
    return;
  }
  if (headers[":method"] === "CONNECT" && headers[":protocol"] !== undefined && headers[":protocol"] !== "websocket") {
    // 4. 알지 못하는 프로토콜의 확장 CONNECT
    stream.respond({ ":status": 501 });
    stream.end();
    return;
  }
  if (headers[":method"] !== "CONNECT") {
    stream.respond({ ":status": 405 });
    stream.end();
    return;
  }
  // 2. 제안받은 하위 프로토콜 가운데 지원하는 것 하나를 고릅니다(RFC 6455 §4.2.2와 같습니다).
  const offered = String(headers["sec-websocket-protocol"] ?? "").split(",").map((name) => name.trim());
  const chosen = offered.find((name) => SUPPORTED.includes(name));
  stream.respond({ ":status": 200, ...(chosen ? { "sec-websocket-protocol": chosen } : {}) });
  // 3. 받은 텍스트를 그대로 돌려줍니다.
  stream.on("data", (bytes) => {
    const frame = readFrame(bytes);
    if (frame.opcode === 0x1) stream.write(textFrame(frame.payload.toString("utf8")));
  });
  stream.on("end", () => stream.end());
});
