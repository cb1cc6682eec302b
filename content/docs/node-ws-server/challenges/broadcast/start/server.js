const { WebSocketServer, WebSocket } = require("ws");

const wss = new WebSocketServer({ port: 8080 });

wss.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => {
    // 지금은 보낸 사람에게만 돌려줍니다. 연결된 모두에게 보내도록 고쳐 보세요.
    socket.send(data, { binary: isBinary });
  });
});
