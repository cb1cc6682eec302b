const http = require("node:http");
const { createHash } = require("node:crypto");

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// 받은 Sec-WebSocket-Key로 Sec-WebSocket-Accept를 계산해 돌려주세요 (RFC 6455 §4.2.2).
// 지금은 키를 그대로 돌려주므로 브라우저가 연결을 거절합니다.
function acceptFor(key) {
  return key;
}

const server = http.createServer();

server.on("upgrade", (request, socket) => {
  socket.on("error", () => socket.destroy());
  socket.on("end", () => socket.end()); // 브라우저가 TCP를 닫으면 우리 쪽도 닫습니다
  const key = request.headers["sec-websocket-key"];
  socket.write(
    "HTTP/1.1 101 Switching Protocols\r\n" +
      "Upgrade: websocket\r\n" +
      "Connection: Upgrade\r\n" +
      `Sec-WebSocket-Accept: ${acceptFor(key)}\r\n` +
      "\r\n",
  );

  // 빈 줄 다음부터는 HTTP가 아니라 프레임입니다: 0x81 = FIN 1 + opcode 1(텍스트), 그다음 길이, 그다음 내용.
  const payload = Buffer.from("핸드셰이크 성공!");
  socket.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
  console.log("101 응답과 첫 프레임을 보냈습니다.");
});

server.listen(8080);
