import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);
const received = new Map(); // 주문 id → 몇 번 받았나

io.on("connection", (socket) => {
  socket.on("order", (order, callback) => {
    if (typeof callback !== "function") return;
    const times = (received.get(order?.id) ?? 0) + 1;
    received.set(order?.id, times);
    console.log(`주문 ${order?.item} 받음 (${times}번째, id ${order?.id})`);
    // 처음 받은 주문은 1.5초 뒤에야 답합니다(데이터베이스가 느린 것처럼). 클라이언트는 1초만 기다립니다.
    setTimeout(() => callback({ ok: true }), times === 1 ? 1500 : 0);
  });
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
