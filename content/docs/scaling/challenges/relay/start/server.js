// 인스턴스 A(8080)와 B(8081), 그리고 둘이 함께 쓰는 버스가 있습니다.
// 지금은 각 인스턴스가 자기 클라이언트에게만 보냅니다.
// 한 인스턴스에서 보낸 메시지가 다른 인스턴스의 클라이언트에게도, 그리고 누구에게나 딱 한 번씩 가도록 고쳐 보세요.
const { EventEmitter } = require("node:events");
const { WebSocketServer, WebSocket } = require("ws");

const bus = new EventEmitter();

function startInstance(name, port) {
  const wss = new WebSocketServer({ port });

  const sendToMyClients = (text) => {
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(text);
    }
  };

  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      sendToMyClients(`${name}: ${data}`);
    });
  });

  // 힌트: bus.emit("chat", …)으로 게시하고, bus.on("chat", …)으로 구독합니다.

  return wss;
}

startInstance("A", 8080);
startInstance("B", 8081);
