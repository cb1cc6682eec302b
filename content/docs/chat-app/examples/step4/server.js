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
const ROOMS = ["로비", "게임방"];

function nicknameOf(socket) {
  const wanted = socket.handshake.auth.nickname;
  if (typeof wanted === "string" && wanted.trim().length >= 1 && wanted.trim().length <= 20) {
    return wanted.trim();
  }
  return `손님-${socket.id.slice(0, 4)}`;
}

io.on("connection", (socket) => {
  socket.data.nickname = nicknameOf(socket);

  // 방에 들어갑니다. 마지막 인자는 클라이언트가 넘긴 응답 확인(ack) 함수입니다(이 페이지처럼 넘기지 않을 수도 있습니다).
  socket.on("join", (room, callback) => {
    const answer = typeof callback === "function" ? callback : () => {};
    // 정해 둔 방만 받습니다. 거절할 때도 답합니다: 답하지 않으면 클라이언트는 시간 제한이 끝날 때까지 기다립니다.
    if (!ROOMS.includes(room)) return answer({ ok: false, error: "없는 방입니다." });
    socket.join(room);
    socket.data.room = room;
    io.to(room).emit("notice", `${socket.data.nickname} 님이 ${room}에 들어왔습니다.`);
    // socket.rooms의 첫 방은 자기 id로 된 방입니다. 그 뒤가 우리가 넣은 방들입니다.
    console.log(`${socket.data.nickname} → ${room} (들어가 있는 방: ${[...socket.rooms].slice(1).join(", ")})`);
    answer({ ok: true, room });
  });

  // 메시지는 지금 있는 방에만 보냅니다.
  socket.on("message", (text) => {
    const room = socket.data.room;
    if (room === undefined || typeof text !== "string" || text.length === 0) return;
    io.to(room).emit("message", { room, from: socket.data.nickname, text });
  });

  // 입력 중 표시도 같은 방의 다른 사람에게만(socket.to는 나를 뺍니다).
  socket.on("typing", (isTyping) => {
    const room = socket.data.room;
    if (room === undefined) return;
    const typing = { from: socket.data.nickname, isTyping: isTyping === true };
    if (typing.isTyping) socket.to(room).volatile.emit("typing", typing);
    else socket.to(room).emit("typing", typing);
  });

  socket.on("disconnect", () => {
    const room = socket.data.room;
    if (room === undefined) return;
    socket.to(room).emit("typing", { from: socket.data.nickname, isTyping: false });
    socket.to(room).emit("notice", `${socket.data.nickname} 님이 나갔습니다.`);
  });
});

server.listen(3000, () => {
  console.log("http://localhost:3000 에서 서버 구동 중...");
});
