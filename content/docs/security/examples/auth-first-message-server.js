// 읽기용 예제: 연결한 뒤 첫 메시지로 토큰을 받아 인증합니다 (ws 8).
import { WebSocketServer } from "ws";

const AUTH_TIMEOUT_MS = 5000;
const wss = new WebSocketServer({ port: 8080, maxPayload: 64 * 1024 });

// 여러분의 서비스에 맞게 바꿀 부분: 토큰을 검사해 사용자를 돌려주거나, 틀리면 null.
// (예: 서명과 만료 시각을 확인하는 JWT 검사, 또는 한 번만 쓸 수 있는 티켓 조회)
function verifyToken(token) {
  return token === "demo-token" ? { name: "지영" } : null;
}

wss.on("connection", (socket) => {
  let user = null;
  // 정해진 시간 안에 인증하지 않은 연결은 닫습니다. 인증 전의 연결이 서버 자원을 붙잡지 않게.
  const timer = setTimeout(() => socket.close(1008, "auth timeout"), AUTH_TIMEOUT_MS);
  socket.on("close", () => clearTimeout(timer));
  // 잘못된 프레임이나 한도를 넘은 메시지: 리스너가 없으면 프로세스가 죽습니다.
  socket.on("error", (error) => console.log("연결 오류:", error.code));

  socket.on("message", (data, isBinary) => {
    let message;
    try {
      message = JSON.parse(data.toString());
    } catch {
      socket.close(1008, "bad message");
      return;
    }
    if (user === null) {
      // 인증 전에는 인증 메시지 말고는 아무것도 처리하지 않습니다.
      user = message.type === "auth" ? verifyToken(message.token) : null;
      if (user === null) {
        socket.close(1008, "auth failed");
        return;
      }
      clearTimeout(timer);
      socket.send(JSON.stringify({ type: "ready", name: user.name }));
      return;
    }
    // 인증한 뒤에도 메시지마다 그 사용자가 그 일을 해도 되는지 확인합니다.
    socket.send(JSON.stringify({ type: "echo", from: user.name, text: String(message.text) }));
  });
});
