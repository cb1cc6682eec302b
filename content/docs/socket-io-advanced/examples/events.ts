import { createServer } from "node:http";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";

// 서버 → 클라이언트 이벤트: 이름과 인자의 타입
interface ServerToClientEvents {
  chat: (message: { from: string; text: string; at: number }) => void;
  notice: (text: string) => void;
}

// 클라이언트 → 서버 이벤트. 마지막 인자가 함수면 응답 확인(ack)입니다.
interface ClientToServerEvents {
  chat: (text: string, ack: (result: { ok: true } | { ok: false; error: string }) => void) => void;
}

// 서버끼리(어댑터로 여러 서버를 이을 때) 주고받는 이벤트
interface InterServerEvents {
  ping: () => void;
}

// socket.data의 모양
interface SocketData {
  nickname: string;
}

const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(createServer());

io.on("connection", (socket) => {
  socket.data.nickname = "앨리스";
  socket.on("chat", (text, ack) => {
    // text는 string, ack는 위에서 정한 함수 타입입니다.
    io.emit("chat", { from: socket.data.nickname, text, at: Date.now() });
    ack({ ok: true });
  });
  // @ts-expect-error 정하지 않은 이벤트 이름은 컴파일 오류입니다.
  socket.emit("chta", "오타");
});

// 클라이언트는 두 인터페이스를 반대 순서로 씁니다.
const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect("http://localhost:3000");
socket.on("chat", ({ from, text }) => console.log(`${from}: ${text}`));
// @ts-expect-error text는 string이어야 합니다.
socket.emit("chat", 42, () => {});
