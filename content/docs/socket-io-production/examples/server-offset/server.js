import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server); // 연결 상태 복구는 켜지 않았습니다.

// 실제로는 데이터베이스의 표입니다. 소식마다 늘어나는 id(오프셋)를 붙여 먼저 저장하고, 그다음 보냅니다.
const news = [];
function publish(text) {
  const item = { id: news.length + 1, text };
  news.push(item);
  io.emit("news", item.text, item.id);
}
setInterval(() => publish(`${new Date().toLocaleTimeString("ko-KR")}의 소식`), 400);

io.on("connection", (socket) => {
  // 클라이언트가 ‘어디까지 받았는지’를 auth로 알려 줍니다. 그 뒤의 것을 다시 보냅니다.
  const offset = Number(socket.handshake.auth.serverOffset) || 0;
  const missed = news.filter((item) => item.id > offset);
  console.log(`연결: ${socket.id}, ${offset}번까지 받았다고 합니다 → 놓친 ${missed.length}개를 다시 보냅니다.`);
  for (const item of missed) socket.emit("news", item.text, item.id);
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
