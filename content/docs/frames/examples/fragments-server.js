const { WebSocketServer } = require("ws");

const wss = new WebSocketServer({ port: 8080 });

wss.on("connection", (socket) => {
  // 메시지 하나를 조각 셋으로 보냅니다. fin: false는 "아직 끝나지 않았다"는 뜻입니다.
  // 첫 조각은 opcode 1(텍스트), 나머지는 opcode 0(이어짐)으로 나갑니다.
  socket.send("첫째 조각, ", { fin: false });
  socket.ping("조각 사이의 ping"); // 제어 프레임은 조각 사이에 끼어들 수 있습니다
  socket.send("둘째 조각, ", { fin: false });
  socket.send("마지막 조각", { fin: true });
  console.log("프레임 넷을 보냈습니다: 텍스트(FIN 0), ping, 이어짐(FIN 0), 이어짐(FIN 1)");

  socket.on("pong", (data) => console.log(`pong을 받았습니다: "${data}"`));
  socket.on("message", (data) => console.log("브라우저가 보낸 메시지:", data.toString()));
});
