const http = require("node:http");
const { WebSocketServer } = require("ws");

const ALLOWED_ORIGIN = "https://my-chat.example";

const server = http.createServer((request, response) => response.end("여기는 WebSocket 서버입니다."));

// noServer: ws가 스스로 포트를 열지도, 업그레이드 요청을 가로채지도 않습니다. 받을지는 아래 upgrade 이벤트에서 정합니다.
// maxPayload: 한 메시지의 최대 크기(바이트). 넘으면 연결을 1009로 닫습니다.
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 });

// 업그레이드 요청(핸드셰이크)은 HTTP 서버의 "request"가 아니라 "upgrade" 이벤트로 옵니다.
server.on("upgrade", (request, socket, head) => {
  console.log("Origin:", request.headers.origin);
  if (request.headers.origin !== ALLOWED_ORIGIN) {
    console.log("허용하지 않은 출처라서 403으로 거절합니다.");
    // 101이 아닌 HTTP 응답을 쓰고 닫으면 WebSocket은 열리지 않습니다.
    socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  // 통과한 요청만 ws에 넘깁니다. ws가 101 응답을 쓰고 connection 이벤트를 일으킵니다.
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
});

wss.on("connection", (socket) => {
  console.log("연결되었습니다.");
  // 오류 리스너가 없으면, 잘못된 프레임 하나가 서버 프로세스 전체를 죽입니다.
  socket.on("error", (error) => console.log("소켓 오류:", error.message));
});

server.listen(8080);
