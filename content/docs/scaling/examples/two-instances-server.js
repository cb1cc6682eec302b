// 서버 인스턴스 두 개를 한 프로그램 안에서 흉내 냅니다: A는 8080번, B는 8081번 포트.
// 실제로는 서로 다른 프로세스(또는 컴퓨터)라서, 각자 자기 메모리에 있는 연결만 압니다.
const { WebSocketServer, WebSocket } = require("ws");

function startInstance(name, port) {
  const wss = new WebSocketServer({ port });
  wss.on("connection", (socket) => {
    socket.on("message", (data) => {
      // 브로드캐스트. 하지만 wss.clients에는 "이 인스턴스에 붙은" 연결만 들어 있습니다.
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(`[${name}] ${data}`);
      }
    });
  });
  return wss;
}

const a = startInstance("A", 8080);

a.on("listening", () => {
  const b = startInstance("B", 8081);
  // 인스턴스 B에 접속해 있는 다른 학생입니다(여기서는 서버 안의 Node 클라이언트).
  b.on("listening", () => {
    const classmate = new WebSocket("ws://localhost:8081");
    classmate.on("open", () => console.log("B에 접속한 학생이 기다립니다."));
    classmate.on("message", (data) => console.log("B에 접속한 학생이 받음:", data.toString()));
  });
});
