// 읽기용 예제: 크기·빈도·연결 수·유휴 시간에 한도를 둔 WebSocket 서버 (ws 8).
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const MAX_PAYLOAD = 64 * 1024; // 메시지 하나의 최대 크기. 넘으면 ws가 1009로 닫습니다
const RATE_PER_MINUTE = 100; // 연결 하나가 1분에 보낼 수 있는 메시지 수
const MAX_CONNECTIONS_PER_IP = 10; // 한 IP에서 동시에 열 수 있는 연결 수
const IDLE_TIMEOUT_MS = 5 * 60_000; // 5분 동안 아무 메시지가 없으면 닫습니다
const PING_EVERY_MS = 30_000; // 30초마다 ping, 다음 ping 때까지 pong이 없으면 끊긴 것으로 봅니다

const server = createServer();
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
const connectionsByIp = new Map();

server.on("upgrade", (req, socket, head) => {
  // 프록시 뒤라면 req.socket.remoteAddress는 프록시의 주소입니다. 믿을 수 있는 프록시가 붙인 X-Forwarded-For를 쓰세요.
  const ip = req.socket.remoteAddress;
  if ((connectionsByIp.get(ip) ?? 0) >= MAX_CONNECTIONS_PER_IP) {
    socket.end("HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req, ip));
});

wss.on("connection", (ws, req, ip) => {
  connectionsByIp.set(ip, (connectionsByIp.get(ip) ?? 0) + 1);
  // 토큰 버킷: 1분에 RATE_PER_MINUTE개가 차오르고, 메시지 하나에 하나씩 씁니다.
  let tokens = RATE_PER_MINUTE;
  let refilledAt = Date.now();
  let idleTimer = setTimeout(() => ws.close(1000, "idle timeout"), IDLE_TIMEOUT_MS);
  ws.isAlive = true;
  ws.on("pong", () => (ws.isAlive = true));
  // 한도를 넘은 메시지 등으로 ws가 연결을 닫을 때 error가 옵니다. 리스너가 없으면 프로세스가 죽습니다.
  ws.on("error", (error) => console.log("연결 오류:", error.code));
  ws.on("message", (data) => {
    const now = Date.now();
    tokens = Math.min(RATE_PER_MINUTE, tokens + ((now - refilledAt) / 60_000) * RATE_PER_MINUTE);
    refilledAt = now;
    if (tokens < 1) {
      ws.close(1008, "rate limit");
      return;
    }
    tokens -= 1;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => ws.close(1000, "idle timeout"), IDLE_TIMEOUT_MS);
    ws.send(data.toString()); // 이 예제는 받은 글을 그대로 돌려보냅니다
  });
  ws.on("close", () => {
    clearTimeout(idleTimer);
    const left = (connectionsByIp.get(ip) ?? 1) - 1;
    if (left === 0) connectionsByIp.delete(ip);
    else connectionsByIp.set(ip, left);
  });
});

// 하트비트: 응답 없는 연결(케이블이 뽑힌 노트북 등)은 close 프레임조차 보내지 못하므로 직접 끊어야 합니다.
setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) {
      ws.terminate();
      continue;
    }
    ws.isAlive = false;
    ws.ping();
  }
}, PING_EVERY_MS);

server.listen(8080);
