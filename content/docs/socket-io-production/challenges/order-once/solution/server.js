import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);

let total = 0; // 지금까지 처리한 주문 금액의 합
// 처리한 주문의 id. 실제로는 데이터베이스의 고유 제약(UNIQUE)이 이 일을 합니다.
const processed = new Set();

io.on("connection", (socket) => {
  socket.on("order", (order, callback) => {
    if (typeof callback !== "function") return;
    if (typeof order?.id !== "string" || !Number.isInteger(order?.amount) || order.amount <= 0) {
      callback({ ok: false, error: "주문의 모양이 틀렸습니다." });
      return;
    }
    if (processed.has(order.id)) {
      // 다시 온 주문: 합계는 그대로 두고, 이미 처리했다고 답합니다. 답하지 않으면 클라이언트가 또 보냅니다.
      console.log(`주문 ${order.id}: 이미 처리했습니다 (다시 보낸 것)`);
      callback({ ok: true, total, duplicate: true });
      return;
    }
    processed.add(order.id);
    total += order.amount;
    console.log(`주문 ${order.id}: ${order.amount}원 → 합계 ${total}원`);
    callback({ ok: true, total });
  });

  socket.on("total", (callback) => {
    if (typeof callback === "function") callback(total);
  });
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
