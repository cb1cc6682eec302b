import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

const socket = io({ ackTimeout: 1000, retries: 3 });

// 네트워크가 답을 잃어버린 것처럼, 같은 주문을 한 번 더 보냅니다(같은 id).
const order = { id: crypto.randomUUID(), amount: 5000 };
for (const attempt of [1, 2]) {
  const answer = await socket.emitWithAck("order", order);
  console.log(`${attempt}번째 보냄 → ${JSON.stringify(answer)}`);
}
console.log(`서버의 합계: ${await socket.emitWithAck("total")}원 (5000원이어야 합니다)`);
