import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);

// events.ts의 ClientToServerEvents와 같은 약속: chat(text: string, ack)
// 타입은 컴파일할 때만 있습니다. 실행 중에는 누구든 무엇이든 보낼 수 있으니 직접 확인합니다.
io.on("connection", (socket) => {
  socket.on("chat", (text, ack) => {
    if (typeof ack !== "function") return; // 약속을 어긴 호출: 답할 방법도 없습니다
    if (typeof text !== "string" || text.length === 0 || text.length > 500) {
      console.log(`약속과 다른 chat을 받았습니다: ${JSON.stringify(text)} (${typeof text})`);
      return ack({ ok: false, error: "text는 1–500자의 문자열이어야 합니다" });
    }
    io.emit("chat", { from: socket.id.slice(0, 4), text, at: Date.now() });
    ack({ ok: true });
  });
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
