const { WebSocketServer, WebSocket } = require("ws");

const wss = new WebSocketServer({ port: 8080 });
const bytes = Buffer.from("한글"); // UTF-8: ed 95 9c ea b8 80

wss.on("connection", (socket, request) => {
  socket.on("error", (error) => console.log(`서버 소켓 오류: ${error.message}`));
  if (request.url === "/from-node") return;
  socket.on("close", (code, reason) => console.log(`${request.url}: 상대가 보낸 닫힘 코드 ${code} "${reason}"`));

  if (request.url === "/split") {
    // 글자 ‘한’의 가운데에서 자른 두 조각. 조각 하나하나는 UTF-8이 아니지만, 메시지 전체는 UTF-8입니다.
    socket.send(bytes.subarray(0, 2), { binary: false, fin: false });
    socket.send(bytes.subarray(2), { binary: false, fin: true });
  } else if (request.url === "/broken") {
    // 텍스트 프레임에 ‘한’의 앞 2바이트만 담아 보냅니다. 메시지가 여기서 끝나므로 UTF-8이 아닙니다.
    socket.send(bytes.subarray(0, 2), { binary: false });
  }
});

wss.on("listening", () => {
  // 브라우저는 잘못된 UTF-8을 보낼 수 없으니(문자열은 언제나 올바르게 인코딩됩니다) Node의 ws 클라이언트로 보냅니다.
  const client = new WebSocket("ws://localhost:8080/from-node");
  client.on("open", () => client.send(bytes.subarray(0, 2), { binary: false }));
  client.on("close", (code) => console.log(`Node 클라이언트: 서버가 ${code}(으)로 닫았습니다`));
});
