import { createServer } from "node:http";
import { Server } from "socket.io";

const server = createServer();
const io = new Server(server);

io.on("connection", async (socket) => {
  // 클라이언트가 마지막 인자로 함수를 넘기면, 서버는 그것을 불러 답합니다(응답 확인, acknowledgement).
  socket.on("add", (a, b, callback) => {
    callback(a + b);
  });

  // 2초 뒤에야 답합니다. 클라이언트가 1초만 기다리면 시간 초과입니다.
  socket.on("slow", (callback) => {
    setTimeout(() => callback("늦은 답"), 2000);
  });

  // 반대 방향: 서버가 묻고, 클라이언트의 답을 기다립니다.
  try {
    const answer = await socket.timeout(3000).emitWithAck("question", "이름이 뭐예요?");
    console.log(`클라이언트의 답: ${answer}`);
  } catch (error) {
    console.log(`답이 없습니다: ${error.message}`);
  }
});

server.listen(3000, () => console.log("http://localhost:3000 에서 서버 구동 중..."));
