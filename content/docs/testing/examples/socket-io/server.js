import { createServer } from "node:http";
import { Server } from "socket.io";

const ROOMS = ["1반", "2반"];

/** 방이 있는 Socket.IO 채팅 서버. 포트를 연 뒤 { io, port }를 돌려줍니다. */
export async function startRoomServer(port = 0) {
  const httpServer = createServer();
  const io = new Server(httpServer);

  io.use((socket, next) => {
    if (typeof socket.handshake.auth.name !== "string") return next(new Error("이름이 필요합니다"));
    socket.data.name = socket.handshake.auth.name;
    next();
  });

  io.on("connection", (socket) => {
    // 응답 확인(ack)을 받는 처리기는 모든 경로에서 답합니다.
    socket.on("join", (room, callback) => {
      if (typeof callback !== "function") return;
      if (!ROOMS.includes(room)) return callback({ ok: false, error: "없는 방입니다" });
      socket.join(room);
      callback({ ok: true, room });
    });
    socket.on("say", (room, text) => {
      if (socket.rooms.has(room)) io.to(room).emit("said", `${socket.data.name}: ${text}`);
    });
  });

  await new Promise((resolve) => httpServer.listen(port, resolve));
  return { io, port: httpServer.address().port };
}
