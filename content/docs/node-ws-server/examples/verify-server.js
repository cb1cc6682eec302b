const { WebSocketServer } = require("ws");

const ALLOWED_ORIGIN = "https://my-chat.example";

const wss = new WebSocketServer({
  port: 8080,
  // 핸드셰이크 단계에서 연결을 받을지 정합니다. false면 서버가 HTTP 401을 답하고 연결은 열리지 않습니다.
  verifyClient: (info) => {
    console.log("Origin:", info.origin);
    const ok = info.origin === ALLOWED_ORIGIN;
    if (!ok) console.log("허용하지 않은 출처라서 거절합니다.");
    return ok;
  },
  // 한 메시지의 최대 크기(바이트). 넘으면 연결을 1009로 닫습니다.
  maxPayload: 64,
});

wss.on("connection", (socket) => {
  console.log("연결되었습니다.");
  // 오류 리스너가 없으면, 잘못된 프레임 하나가 서버 프로세스 전체를 죽입니다.
  socket.on("error", (error) => console.log("소켓 오류:", error.message));
});
