const http = require("node:http");
const net = require("node:net");
const { WebSocketServer } = require("ws");

const TOKEN = "sesame";

// 평범한 HTTP 요청에는 평범하게 답합니다.
const server = http.createServer((request, response) => {
  response.end("여기는 WebSocket 서버입니다.");
});

// noServer: ws가 스스로 포트를 열지도, 업그레이드를 가로채지도 않습니다. 받을지는 우리가 정합니다.
const wss = new WebSocketServer({ noServer: true });

// 업그레이드 요청은 "request"가 아니라 "upgrade" 이벤트로 옵니다. 검사는 위에서부터 하나씩(가드 절).
server.on("upgrade", (request, socket, head) => {
  socket.on("error", () => socket.destroy());
  const url = new URL(request.url, "http://localhost");

  if (request.headers["sec-websocket-version"] !== "13") {
    return reject(socket, 426, { "Sec-WebSocket-Version": "13" }); // RFC 6455 §4.2.2: 아는 버전을 알려 줍니다
  }
  const token = url.searchParams.get("token");
  if (token === null) return reject(socket, 401); // 누구인지 밝히지 않았습니다
  if (token !== TOKEN) return reject(socket, 403); // 밝혔지만 들어올 수 없습니다

  wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
});

// 거절은 모두 이 함수 하나로: HTTP 응답을 쓰고 TCP 연결을 닫습니다. 101이 아니므로 WebSocket은 열리지 않습니다.
function reject(socket, status, headers = {}) {
  const lines = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`, "Connection: close", "Content-Length: 0"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  socket.end(`${lines.join("\r\n")}\r\n\r\n`);
  console.log(`거절했습니다: ${lines[0]}`);
}

wss.on("connection", (ws) => {
  console.log("연결을 받았습니다.");
  ws.on("error", (error) => console.log("소켓 오류:", error.message));
  ws.send("어서 오세요!");
});

server.listen(8080, () => {
  // 브라우저는 언제나 버전 13을 보냅니다. 다른 버전을 보내는 클라이언트는 net으로 요청을 직접 써서 흉내 냅니다.
  const raw = net.connect(8080, "localhost", () => {
    raw.write(
      "GET /?token=sesame HTTP/1.1\r\n" +
        "Host: localhost:8080\r\n" +
        "Upgrade: websocket\r\n" +
        "Connection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
        "Sec-WebSocket-Version: 8\r\n\r\n",
    );
  });
  raw.on("data", (data) => {
    for (const line of data.toString().trim().split("\r\n")) console.log(`버전 8 요청이 받은 응답 | ${line}`);
  });
});
