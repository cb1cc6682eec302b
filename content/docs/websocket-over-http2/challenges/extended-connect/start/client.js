import { once } from "node:events";
import http2 from "node:http2";
import { readFrame, textFrame } from "./frames.js";
import { server } from "./server.js";

server.listen(8443);
await once(server, "listening");
const session = http2.connect("http://localhost:8443");
const [settings] = await once(session, "remoteSettings");
console.log(`SETTINGS의 enableConnectProtocol: ${settings.enableConnectProtocol}`);

const request = (headers) => session.request({ ":scheme": "http", ":authority": "localhost:8443", ":path": "/chat", ...headers });

const page = request({ ":method": "GET" });
console.log(`GET → ${(await once(page, "response"))[0][":status"]}`);
page.resume();

if (settings.enableConnectProtocol) {
  const ws = request({ ":method": "CONNECT", ":protocol": "websocket", "sec-websocket-version": "13", "sec-websocket-protocol": "chat.v2, chat.v1" });
  const [headers] = await once(ws, "response");
  console.log(`websocket → ${headers[":status"]}, 고른 하위 프로토콜 ${headers["sec-websocket-protocol"] ?? "(없음)"}`);
  if (headers[":status"] === 200) {
    ws.write(textFrame("안녕", { mask: true }));
    const [reply] = await once(ws, "data");
    console.log(`돌아온 프레임: ${readFrame(reply).payload.toString("utf8")}`);
  }
  ws.close();
  const other = request({ ":method": "CONNECT", ":protocol": "not-websocket" });
  console.log(`not-websocket → ${(await once(other, "response"))[0][":status"]}`);
  other.close();
} else {
  console.log("서버가 확장 CONNECT를 허락하지 않아 WebSocket을 열 수 없습니다.");
}
session.close();
server.close();
