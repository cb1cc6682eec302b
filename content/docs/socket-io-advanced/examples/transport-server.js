import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
// 하트비트를 보기 쉽게 짧게 잡습니다(기본값: pingInterval 25초, pingTimeout 20초).
const io = new Server(server, { pingInterval: 1500, pingTimeout: 1000 });

io.on("connection", (socket) => {
  // socket.conn은 그 아래의 Engine.IO 연결입니다.
  console.log(`연결: ${socket.id}, 처음 전송 방식 ${socket.conn.transport.name}`);
  socket.conn.once("upgrade", (transport) => console.log(`업그레이드 완료: ${transport.name}`));
  socket.conn.on("packetCreate", ({ type }) => {
    if (type === "ping") console.log("ping을 보냅니다");
  });
  socket.conn.on("packet", ({ type }) => {
    if (type === "pong") console.log("pong을 받았습니다: 클라이언트가 살아 있습니다");
  });
  socket.on("disconnect", (reason) => console.log(`끊김: ${reason}`));
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
