import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);

io.on("connection", (socket) => {
  const { name, room } = socket.handshake.auth;
  socket.data.name = name;
  socket.join(room);
  // socket.rooms: 이 소켓이 든 방. 자기 id로 된 방에는 처음부터 들어 있습니다.
  console.log(`${name}: socket.rooms = ${[...socket.rooms].map((r) => (r === socket.id ? "(자기 id)" : r)).join(", ")}`);

  socket.on("shout", async (text) => {
    socket.to(room).emit("message", `${name}의 외침 (socket.to: 같은 방, 나 빼고): ${text}`);
    io.to(room).emit("message", `${room} 공지 (io.to: 같은 방 모두): ${name}이(가) 외쳤습니다`);
    // 그 방에 누가 있는지 서버가 물어봅니다.
    const members = await io.in(room).fetchSockets();
    console.log(`${room}에 있는 사람: ${members.map((member) => member.data.name).join(", ")}`);
  });

  socket.on("whisper", ({ to, text }) => {
    // 모든 소켓은 자기 id로 된 방에 있으므로, id로 한 사람에게만 보낼 수 있습니다.
    io.to(to).emit("message", `${name}의 귓속말: ${text}`);
  });
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
