import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);

let total = 0; // 지금까지 처리한 주문 금액의 합

io.on("connection", (socket) => {
  // 클라이언트는 ackTimeout과 retries로 보냅니다: 답이 늦으면 같은 주문(같은 id)이 다시 옵니다.
  // 같은 id의 주문이 다시 오면 합계에 더하지 말고, 이미 처리했다고 답만 하세요.
  socket.on("order", (order, callback) => {
    if (typeof callback !== "function") return;
    if (typeof order?.id !== "string" || !Number.isInteger(order?.amount) || order.amount <= 0) {
      callback({ ok: false, error: "주문의 모양이 틀렸습니다." });
      return;
    }
    total += order.amount;
    console.log(`주문 ${order.id}: ${order.amount}원 → 합계 ${total}원`);
    callback({ ok: true, total });
  });

  socket.on("total", (callback) => {
    if (typeof callback === "function") callback(total);
  });
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
