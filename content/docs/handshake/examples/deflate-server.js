const { WebSocketServer } = require("ws");

const wss = new WebSocketServer({
  port: 8080,
  // 서버에서는 기본으로 꺼져 있습니다. threshold: 이보다 작은 메시지는 압축하지 않습니다(기본 1024바이트).
  perMessageDeflate: { threshold: 0 },
});

wss.on("headers", (headers, request) => {
  console.log(`요청: Sec-WebSocket-Extensions: ${request.headers["sec-websocket-extensions"]}`);
  console.log(`응답: ${headers.find((line) => line.startsWith("Sec-WebSocket-Extensions")) ?? "(확장 없음)"}`);
});

wss.on("connection", (socket) => {
  socket.on("message", (data) => {
    // ws가 이미 압축을 풀어서 넘겨줍니다.
    console.log(`받은 메시지: ${data.length}바이트 (압축을 푼 크기)`);
    socket.send(data.toString());
  });
});
