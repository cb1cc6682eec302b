const { WebSocketServer } = require("ws");
const { createHash } = require("node:crypto");

// RFC 6455 §1.3: 모든 WebSocket 서버가 똑같이 쓰는 고정 문자열(GUID)
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

const wss = new WebSocketServer({ port: 8080 });

// "headers": ws가 101 응답을 보내기 직전. 받은 요청과 보낼 응답을 함께 볼 수 있습니다.
wss.on("headers", (headers, request) => {
  console.log("── 받은 요청 ──");
  console.log(`${request.method} ${request.url} HTTP/${request.httpVersion}`);
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    console.log(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
  }

  console.log("── 보낼 응답 ──");
  for (const line of headers) console.log(line);

  // ws가 넣은 Sec-WebSocket-Accept를 직접 계산해 맞춰 봅니다.
  const key = request.headers["sec-websocket-key"];
  const accept = createHash("sha1").update(key + GUID).digest("base64");
  console.log(`직접 계산한 Sec-WebSocket-Accept: ${accept}`);
});

wss.on("connection", (socket) => {
  socket.on("message", (data) => {
    console.log("핸드셰이크 뒤 첫 메시지:", data.toString());
    socket.close(1000, "잘 봤습니다");
  });
});
