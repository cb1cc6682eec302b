// 서버에게 코드를 정해 닫아 달라고 하고, 브라우저의 close 이벤트에서 읽습니다.
function closedBy(url, whenOpen) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.onopen = () => whenOpen?.(socket);
    socket.onclose = resolve;
  });
}

for (const code of [1000, 1001, 1008, 1011, 4000]) {
  const event = await closedBy(`ws://localhost:8080/?close=${code}`);
  console.log(`서버가 ${code}(으)로 닫음 → code ${event.code}, reason "${event.reason}", wasClean ${event.wasClean}`);
}

// 이번에는 브라우저가 닫습니다. 브라우저는 1000과 3000–4999만 보낼 수 있습니다.
await closedBy("ws://localhost:8080/", (socket) => socket.close(4001, "로그아웃"));

// 1 KiB가 넘는 메시지를 보내면 서버가 1009(Message Too Big)로 닫습니다.
const tooBig = await closedBy("ws://localhost:8080/", (socket) => socket.send("x".repeat(2000)));
console.log(`2000바이트를 보냄 → code ${tooBig.code}, wasClean ${tooBig.wasClean}`);
