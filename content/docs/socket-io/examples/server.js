import { createServer } from "node:http";
import { readFile } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { Server } from "socket.io";

// URL -> Path
const __dirname = dirname(fileURLToPath(import.meta.url));

// Server Option 설정
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

// Server 객체 생성
const io = new Server(server);

// socket -> 각 클라이언트
io.on("connection", (socket) => {
  // id -> 각 클라이언트 식별자
  io.emit("message", `${socket.id} 님이 연결되었습니다.`);

  socket.on("message", (msg) => {
    io.emit("message", `${socket.id}: ${msg}`);
  });

  socket.on("disconnect", () => {
    socket.broadcast.emit("message", `${socket.id} 님의 연결이 끊어졌습니다.`);
  });
});

// PORT 3000 Server Open
server.listen(3000, () => {
  console.log("http://localhost:3000 에서 서버 구동 중...");
});
