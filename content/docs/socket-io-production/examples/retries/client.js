import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

// ackTimeout 안에 답이 없으면 같은 이벤트를 다시 보냅니다(최대 retries번). 한 번에 하나씩, 보낸 순서대로.
const socket = io({ ackTimeout: 1000, retries: 3 });

function order(item) {
  // 주문마다 한 번만 만드는 id: 다시 보낼 때도 같은 id가 가므로 서버가 중복을 알아볼 수 있습니다.
  const id = crypto.randomUUID();
  const started = performance.now();
  socket.emit("order", { id, item }, (error, answer) => {
    const ms = Math.round(performance.now() - started);
    if (error) console.log(`${item}: 여러 번 보냈지만 답이 없습니다 (${error.message})`);
    else console.log(`${item}: 서버가 받았다고 답했습니다 (${ms} ms, ${JSON.stringify(answer)})`);
  });
}

order("김밥");
order("떡볶이");
