import { createServer } from "node:http";
import { Server } from "socket.io";

// 연결을 허락할 페이지의 출처. 이 놀이터의 페이지는 "null"입니다: 넣어 보세요.
const ALLOWED_ORIGINS = ["https://my-chat.example"];

const server = createServer();
const io = new Server(server, {
  // 새 연결의 첫 요청마다(폴링이든 WebSocket이든) 불립니다. 거절하면 HTTP 403으로 답합니다.
  allowRequest: (req, callback) => {
    const origin = req.headers.origin;
    // 브라우저는 같은 출처의 GET 요청(폴링의 첫 요청)에는 Origin을 붙이지 않습니다.
    const allowed = origin === undefined || ALLOWED_ORIGINS.includes(origin);
    if (!allowed) console.log(`거절: Origin ${origin}`);
    callback(allowed ? null : "허용하지 않은 출처", allowed);
  },
});

io.on("connection", (socket) => {
  console.log(`연결: ${socket.conn.transport.name}로, Origin ${socket.handshake.headers.origin}`);
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
