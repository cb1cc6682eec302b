import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);
const admin = io.of("/admin");

// 메인 네임스페이스는 누구나 들어옵니다.
io.on("connection", (socket) => {
  socket.emit("message", "모두의 방에 오신 것을 환영합니다.");
});

// 네임스페이스의 미들웨어는 그 네임스페이스에 들어올 때만 돕니다(io.use는 메인에만).
admin.use((socket, next) => {
  if (socket.handshake.auth.token === "admin-secret") return next();
  next(new Error("관리자만 들어올 수 있습니다"));
});

admin.on("connection", (socket) => {
  socket.emit("message", "관리자 화면입니다.");
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
