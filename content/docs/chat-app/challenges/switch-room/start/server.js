import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);
const ROOMS = ["로비", "게임방"];

io.on("connection", (socket) => {
  socket.data.nickname = String(socket.handshake.auth.nickname ?? socket.id);

  // 방을 옮기면 이전 방에서는 나와야 합니다. 지금은 들어가기만 합니다.
  socket.on("join", (room, callback) => {
    if (!ROOMS.includes(room)) return;
    socket.join(room);
    socket.data.room = room;
    console.log(`${socket.data.nickname} → ${room} (들어가 있는 방: ${[...socket.rooms].slice(1).join(", ")})`);
    if (typeof callback === "function") callback(room);
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
