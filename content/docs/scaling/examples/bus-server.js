// 어댑터가 하는 일을 흉내 냅니다. Redis의 pub/sub 자리에 EventEmitter "버스"를 둡니다.
// 인스턴스마다 하는 일은 세 가지입니다.
//   1. 자기 클라이언트에게 바로 보낸다.
//   2. 같은 메시지를 버스에 게시(publish)한다.
//   3. 버스를 구독(subscribe)하다가 다른 인스턴스가 게시한 것을 자기 클라이언트에게 보낸다.
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
      const text = `[${name}에서] ${data}`;
      sendToMyClients(text); // 1
      bus.emit("chat", { from: name, text }); // 2
    });
  });

  bus.on("chat", (message) => {
    // 3. 내가 게시한 것은 1에서 이미 보냈으니 건너뜁니다. 그렇지 않으면 두 번 받습니다.
    if (message.from === name) return;
    console.log(`인스턴스 ${name}: 버스에서 받아 내 클라이언트 ${wss.clients.size}명에게 보냅니다.`);
    sendToMyClients(message.text);
  });

  return wss;
}

const a = startInstance("A", 8080);

a.on("listening", () => {
  const b = startInstance("B", 8081);
  b.on("listening", () => {
    const classmate = new WebSocket("ws://localhost:8081");
    classmate.on("open", () => console.log("B에 접속한 학생이 기다립니다."));
    classmate.on("message", (data) => {
      const text = data.toString();
      console.log("B에 접속한 학생이 받음:", text);
      // A에서 온 인사에 답합니다. 이 답은 버스를 거쳐 A의 클라이언트에게 갑니다.
      if (text.startsWith("[A에서]")) classmate.send("네, B에서도 잘 들려요!");
    });
  });
});
