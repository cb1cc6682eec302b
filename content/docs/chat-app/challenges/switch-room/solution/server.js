import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);
const ROOMS = ["로비", "게임방"];

io.on("connection", (socket) => {
  socket.data.nickname = String(socket.handshake.auth.nickname ?? socket.id);

  // 방을 옮기면 이전 방에서는 나와야 합니다.
  socket.on("join", (room, callback) => {
    const answer = typeof callback === "function" ? callback : () => {};
    // 없는 방이면 거절하되, 거절도 답합니다. 답하지 않으면 클라이언트는 시간 제한이 끝날 때까지 기다립니다.
    if (!ROOMS.includes(room)) return answer({ ok: false, error: "없는 방입니다." });
    const previous = socket.data.room;
    if (previous !== undefined && previous !== room) {
      socket.leave(previous);
      socket.to(previous).emit("notice", `${socket.data.nickname} 님이 ${room}(으)로 옮겼습니다.`);
    }
    socket.join(room);
    socket.data.room = room;
    console.log(`${socket.data.nickname} → ${room} (들어가 있는 방: ${[...socket.rooms].slice(1).join(", ")})`);
    answer({ ok: true, room });
  });

  socket.on("message", (text) => {
    const room = socket.data.room;
    if (room === undefined || typeof text !== "string") return;
    io.to(room).emit("message", { room, from: socket.data.nickname, text });
  });
});

server.listen(3000, () => {
  console.log("http://localhost:3000 에서 서버 구동 중...");
});
