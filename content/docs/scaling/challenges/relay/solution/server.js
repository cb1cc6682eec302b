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
      const text = `${name}: ${data}`;
      sendToMyClients(text);
      bus.emit("chat", { from: name, text });
    });
  });

  bus.on("chat", (message) => {
    if (message.from !== name) sendToMyClients(message.text);
  });

  return wss;
}

startInstance("A", 8080);
startInstance("B", 8081);
