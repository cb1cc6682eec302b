import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);

// 0.4초마다 모두에게 번호를 보냅니다. 실시간 시세나 채팅 메시지라고 생각하세요.
let tick = 0;
setInterval(() => io.emit("tick", ++tick), 400);

io.on("connection", (socket) => {
  console.log(`연결: ${socket.id}`);
  socket.on("disconnect", (reason) => console.log(`끊김: ${socket.id} (${reason})`));
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
