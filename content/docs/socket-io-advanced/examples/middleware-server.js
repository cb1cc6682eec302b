import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);

// 미들웨어는 연결마다 connection 이벤트보다 먼저, 등록한 순서대로 돕니다.
io.use((socket, next) => {
  console.log(`연결 시도: auth = ${JSON.stringify(socket.handshake.auth)}`);
  next();
});

io.use((socket, next) => {
  const { token } = socket.handshake.auth;
  if (token !== "sesame") {
    const error = new Error("인증 실패");
    error.data = { hint: "auth.token을 확인하세요" }; // 클라이언트의 err.data로 갑니다
    return next(error); // 거절: 연결은 열리지 않고 클라이언트에 connect_error가 갑니다
  }
  socket.data.user = "검증된 사용자";
  next();
});

io.on("connection", (socket) => {
  console.log(`connection: ${socket.data.user}`);
  socket.emit("message", "어서 오세요");
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
