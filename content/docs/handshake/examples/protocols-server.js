const { WebSocketServer } = require("ws");

// 이 서버가 아는 하위 프로토콜, 더 좋아하는 것부터
const SUPPORTED = ["chat.v2", "chat.v1"];

const wss = new WebSocketServer({
  port: 8080,
  // 클라이언트가 Sec-WebSocket-Protocol을 보냈을 때만 불립니다. protocols는 요청한 이름들의 Set입니다.
  handleProtocols: (protocols) => {
    console.log("요청한 하위 프로토콜:", [...protocols].join(", "));
    const chosen = SUPPORTED.find((name) => protocols.has(name));
    console.log(chosen ? `→ ${chosen}을(를) 골라 응답에 적습니다.` : "→ 아는 것이 없어 응답에 아무것도 적지 않습니다.");
    return chosen ?? false;
  },
});

wss.on("connection", (socket) => {
  socket.send(`이 연결은 ${socket.protocol} 형식으로 이야기합니다.`);
});
