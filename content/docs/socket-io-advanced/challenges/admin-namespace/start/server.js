import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);
const admin = io.of("/admin");

// 메인 네임스페이스는 누구나 들어옵니다.
io.on("connection", (socket) => {
  socket.emit("message", "모두의 방에 오신 것을 환영합니다.");
});

// /admin 네임스페이스: 지금은 누구나 들어옵니다.
// auth.token이 "admin-secret"인 클라이언트만 들어오게 하고,
// 나머지는 "관리자만 들어올 수 있습니다"라는 오류로 거절하세요.
admin.on("connection", (socket) => {
  socket.emit("message", "관리자 화면입니다.");
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
