import { createServer } from "node:http";
import { readFile } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Server } from "socket.io";

const __dirname = dirname(fileURLToPath(import.meta.url));

const server = createServer((req, res) => {
  readFile(join(__dirname, "index.html"), (err, data) => {
    // 시드 글은 err를 보지 않아, 파일을 읽지 못해도 200과 빈 본문을 보냈습니다. 실패는 실패로 알립니다.
    if (err) {
      console.error("index.html을 읽지 못했습니다:", err.message);
      res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("index.html을 읽지 못했습니다.");
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(data);
  });
});

const io = new Server(server);

// 핸드셰이크의 auth에 담겨 온 닉네임. 클라이언트가 보낸 값이니 확인하고 씁니다.
function nicknameOf(socket) {
  const wanted = socket.handshake.auth.nickname;
  if (typeof wanted === "string" && wanted.trim().length >= 1 && wanted.trim().length <= 20) {
    return wanted.trim();
  }
  return `손님-${socket.id.slice(0, 4)}`;
}

io.on("connection", (socket) => {
  // socket.data: 이 연결에 붙여 두는 우리 데이터
  socket.data.nickname = nicknameOf(socket);
  console.log(`${socket.data.nickname} 접속 (${socket.id})`);
  io.emit("notice", `${socket.data.nickname} 님이 들어왔습니다.`);

  // 메시지는 문자열이 아니라 { from, text } 객체입니다.
  socket.on("message", (text) => {
    if (typeof text !== "string" || text.length === 0) return;
    io.emit("message", { from: socket.data.nickname, text });
  });

  // 입력 중 표시: 나를 뺀 모두에게(broadcast).
  // ‘입력 시작’은 volatile로: 지금 보낼 수 없으면 버립니다. 늦게 도착한 ‘입력 중’은 쓸모가 없으니까요.
  // ‘입력 멈춤’은 꼭 전합니다. 놓치면 상대 화면에 “입력 중…”이 계속 남기 때문입니다.
  socket.on("typing", (isTyping) => {
    const typing = { from: socket.data.nickname, isTyping: isTyping === true };
    if (typing.isTyping) socket.broadcast.volatile.emit("typing", typing);
    else socket.broadcast.emit("typing", typing);
  });

  socket.on("disconnect", () => {
    socket.broadcast.emit("typing", { from: socket.data.nickname, isTyping: false });
    socket.broadcast.emit("notice", `${socket.data.nickname} 님이 나갔습니다.`);
  });
});

server.listen(3000, () => {
  console.log("http://localhost:3000 에서 서버 구동 중...");
});
