const { WebSocketServer } = require("ws");

const wss = new WebSocketServer({ port: 8080 });

wss.on("connection", (socket) => {
  // ping에는 125바이트까지 내용(애플리케이션 데이터)을 담을 수 있고, pong은 그 내용을 그대로 돌려줍니다.
  socket.on("pong", (data) => console.log(`pong: "${data}" (${data.length}바이트)`));
  socket.ping("심장 박동 1");
  socket.ping("심장 박동 2");

  // 제어 프레임의 내용은 125바이트를 넘을 수 없습니다 (RFC 6455 §5.5).
  try {
    socket.ping(Buffer.alloc(126));
  } catch (error) {
    console.log(`126바이트 ping: ${error.message}`);
  }
  // 닫기 프레임의 페이로드는 2바이트 코드 + 이유이므로, 이유는 125 - 2 = 123바이트까지입니다.
  try {
    socket.close(1000, "가".repeat(41) + "!"); // 41 × 3 + 1 = 124바이트: 한 바이트 넘칩니다
  } catch (error) {
    console.log(`124바이트 이유: ${error.message}`);
  }

  setTimeout(() => socket.close(1000, "제어 프레임 구경 끝"), 300);
});
