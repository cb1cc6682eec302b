import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);
const admin = io.of("/admin"); // 네임스페이스: 같은 서버 안의 따로 떨어진 통로

io.on("connection", (socket) => {
  console.log(`/ 에 연결: ${socket.id}`);
  socket.on("hello", () => socket.emit("message", "여기는 메인(/) 네임스페이스입니다"));
});

admin.on("connection", (socket) => {
  console.log(`/admin 에 연결: ${socket.id}`);
  socket.on("hello", () => socket.emit("message", "여기는 /admin 네임스페이스입니다"));
  // io.emit은 메인(/)에만 갑니다. /admin의 모두에게는 admin.emit으로 보냅니다.
  io.emit("message", "메인의 모두에게 (io.emit)");
  admin.emit("message", "관리자 모두에게 (admin.emit)");
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
