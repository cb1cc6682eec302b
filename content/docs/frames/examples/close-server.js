const { WebSocketServer } = require("ws");

// 이 서버가 받는 메시지는 1 KiB까지. 넘으면 ws가 1009로 닫습니다.
const wss = new WebSocketServer({ port: 8080, maxPayload: 1024 });

const REASONS = {
  1000: "할 일을 다 했습니다",
  1001: "서버를 내립니다",
  1008: "규칙을 어겼습니다",
  1011: "서버에 오류가 났습니다",
  4000: "방이 닫혔습니다",
};

wss.on("connection", (socket, request) => {
  socket.on("error", (error) => console.log(`오류: ${error.message}`));
  const code = Number(new URL(request.url, "http://localhost").searchParams.get("close"));
  if (code in REASONS) {
    socket.close(code, REASONS[code]); // 서버가 먼저 닫습니다
    return;
  }
  // 서버의 close 이벤트: 상대(브라우저)가 보낸 닫기 프레임의 코드와 이유. 닫기 프레임을 받지 못했으면 1006입니다.
  socket.on("close", (code, reason) => {
    console.log(`close 이벤트: 코드 ${code}, 이유 "${reason}"`);
  });
});
