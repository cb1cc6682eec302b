import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server, {
  // CORS: 이 출처의 페이지만 폴링 응답을 읽을 수 있다고 브라우저에 알립니다.
  // 이 놀이터의 페이지(샌드박스 iframe)의 출처는 "null"입니다.
  cors: { origin: "https://my-chat.example" },
});

io.on("connection", (socket) => {
  console.log(`연결: ${socket.conn.transport.name}로, Origin ${socket.handshake.headers.origin}`);
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
