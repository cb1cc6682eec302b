import { WebSocketServer } from "ws";

const wss = new WebSocketServer({ port: 8080 });

wss.on("connection", (socket) => {
  console.log("클라이언트가 연결했습니다.");
  socket.on("error", (error) => console.log("소켓 오류:", error.message));

  // 1. 애플리케이션 ping에 답합니다. 페이지가 보내는 것은 평범한 텍스트 메시지입니다.
  socket.on("message", (data, isBinary) => {
    if (isBinary) return;
    let message;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (message?.type === "ping") socket.send(JSON.stringify({ type: "pong", id: message.id }));
  });

  // 2. 서버 쪽 하트비트(‘Node.js ws 서버’ 수업): 프로토콜 ping 프레임에는 브라우저가 알아서 pong으로 답합니다.
  socket.isAlive = true;
  socket.on("pong", () => {
    socket.isAlive = true;
  });
  socket.on("close", (code) => console.log(`연결이 닫혔습니다 (code ${code}).`));
});

// 10초마다: 지난번 ping 프레임에 답이 없던 연결은 끊고, 나머지에는 ping을 보냅니다.
const interval = setInterval(() => {
  for (const socket of wss.clients) {
    if (!socket.isAlive) {
      console.log("ping 프레임에 답이 없어 연결을 끊습니다(terminate).");
      socket.terminate();
      continue;
    }
    socket.isAlive = false;
    socket.ping();
  }
}, 10_000);
wss.on("close", () => clearInterval(interval));
