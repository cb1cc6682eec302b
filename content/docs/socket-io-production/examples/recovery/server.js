import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server, {
  connectionStateRecovery: {
    // 끊긴 소켓의 상태와 그동안의 패킷을 이만큼 보관합니다(기본 2분).
    maxDisconnectionDuration: 2 * 60 * 1000,
  },
});

let tick = 0;
setInterval(() => io.emit("tick", ++tick), 400);

io.on("connection", (socket) => {
  if (socket.recovered) {
    console.log(`복구: ${socket.id} (방 ${[...socket.rooms].join(", ")}, data ${JSON.stringify(socket.data)})`);
  } else {
    console.log(`새 연결: ${socket.id}`);
    socket.data.joinedAt = new Date().toLocaleTimeString("ko-KR");
    socket.join("tickers");
  }
  socket.on("disconnect", (reason) => console.log(`끊김: ${socket.id} (${reason})`));
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
