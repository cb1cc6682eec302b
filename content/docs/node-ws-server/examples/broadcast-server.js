const { WebSocketServer, WebSocket } = require("ws");

const wss = new WebSocketServer({ port: 8080 });

wss.on("connection", (socket, request) => {
  // request는 연결을 연 HTTP 요청(핸드셰이크)입니다.
  console.log(`접속: ${request.socket.remoteAddress}, 지금 ${wss.clients.size}명`);

  // ws 8부터 message는 Buffer이고, 두 번째 인자가 바이너리 여부를 알려 줍니다.
  socket.on("message", (data, isBinary) => {
    const text = isBinary ? `(바이너리 ${data.length}바이트)` : data.toString();
    console.log("받은 메시지:", text);

    // 브로드캐스트: 연결된 모든 클라이언트에게 보냅니다.
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) {
        client.send(data, { binary: isBinary });
      }
    }
  });

  socket.on("close", (code) => {
    console.log(`끊김(코드 ${code}), 남은 사람 ${wss.clients.size}명`);
  });
});
