const { WebSocketServer } = require("ws");

const wss = new WebSocketServer({ port: 8080 });

wss.on("connection", (socket) => {
  socket.isAlive = true;
  // 브라우저는 ping 프레임을 받으면 스스로 pong으로 답합니다 (RFC 6455 §5.5.2).
  socket.on("pong", () => {
    socket.isAlive = true;
    console.log("pong을 받았습니다: 클라이언트가 살아 있습니다.");
  });
});

// 2초마다: 지난번 ping에 답이 없던 연결은 끊고, 나머지에는 ping을 보냅니다.
const interval = setInterval(() => {
  for (const socket of wss.clients) {
    if (socket.isAlive === false) {
      console.log("응답이 없어 연결을 끊습니다.");
      socket.terminate();
      continue;
    }
    socket.isAlive = false;
    socket.ping();
  }
}, 2000);

wss.on("close", () => clearInterval(interval));
