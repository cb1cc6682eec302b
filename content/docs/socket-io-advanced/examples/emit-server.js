import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);

io.on("connection", (socket) => {
  const name = socket.handshake.auth.name;
  socket.emit("message", `${name}에게만: 어서 오세요 (socket.emit)`);
  socket.broadcast.emit("message", `${name}를 뺀 모두에게: ${name} 님이 들어왔습니다 (socket.broadcast.emit)`);

  socket.on("message", (msg) => {
    io.emit("message", `모두에게: ${name}: ${msg} (io.emit)`);
  });

  socket.on("disconnect", () => {
    socket.broadcast.emit("message", `${name} 님의 연결이 끊어졌습니다. (socket.broadcast.emit)`);
  });
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
