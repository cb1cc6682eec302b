// 읽기용 예제: 핸드셰이크에서 Origin을 검사해 다른 사이트의 페이지가 연결하지 못하게 합니다 (ws 8).
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

// 이 서비스의 페이지가 있는 출처를 정확히 적습니다(허용 목록).
// endsWith(".example.com")나 정규식 같은 부분 일치는 evil-example.com 같은 주소에 뚫리기 쉽습니다.
const ALLOWED_ORIGINS = new Set(["https://chat.example.com"]);

const server = createServer();
const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

server.on("upgrade", (req, socket, head) => {
  // 브라우저는 Origin을 언제나 붙이고, 페이지의 스크립트는 이 값을 바꿀 수 없습니다.
  // (Origin이 없는 요청은 브라우저가 아닌 도구입니다. 받아 줄지는 서비스가 정합니다: 여기서는 거절)
  if (!ALLOWED_ORIGINS.has(req.headers.origin)) {
    socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
});

wss.on("connection", (ws, req) => {
  ws.on("error", (error) => console.log("연결 오류:", error.code)); // 리스너가 없으면 프로세스가 죽습니다
  ws.send(`어서 오세요. 출처 ${req.headers.origin} 를 확인했습니다.`);
});

server.listen(8080);
