import { once } from "node:events";
import http2 from "node:http2";
import { closeFrame, readFrame, textFrame } from "./frames.js";
import { server, stats } from "./server.js";

server.listen(8443);
await once(server, "listening");

// Node의 HTTP/2 클라이언트로 서버에 연결합니다. (브라우저는 TLS 위의 HTTP/2만 쓰므로 이 예제는 Node끼리 합니다.)
const session = http2.connect("http://localhost:8443");
const [settings] = await once(session, "remoteSettings");
console.log(`[클라이언트] 서버의 SETTINGS: enableConnectProtocol = ${settings.enableConnectProtocol}`);

async function openWebSocket(path, text) {
  const stream = session.request({
    ":method": "CONNECT",
    ":protocol": "websocket",
    ":scheme": "http",
    ":path": path,
    ":authority": "localhost:8443",
    "sec-websocket-version": "13",
  });
  const [headers] = await once(stream, "response");
  console.log(`[클라이언트] ${path} → :status ${headers[":status"]} (스트림 ${stream.id})`);
  // 클라이언트의 프레임은 HTTP/2 위에서도 마스킹합니다.
  stream.write(textFrame(text, { mask: true }));
  const [reply] = await once(stream, "data");
  console.log(`[클라이언트] ${path}에서 받은 프레임: ${readFrame(reply).payload.toString("utf8")}`);
  stream.write(closeFrame(1000, "", { mask: true }));
  stream.end();
  await once(stream, "close");
}

// WebSocket 둘을 동시에 엽니다: 같은 HTTP/2 연결의 두 스트림입니다.
await Promise.all([openWebSocket("/chat", "안녕하세요"), openWebSocket("/news", "두 번째 WebSocket")]);
session.close();
server.close();
console.log(`[클라이언트] 끝: WebSocket 2개가 HTTP/2 연결 ${stats.connections}개를 함께 썼습니다.`);
