const http = require("node:http");
const { createHash } = require("node:crypto");

// 텍스트 프레임 하나를 만듭니다: FIN 1, opcode 1, 마스크 없음(서버가 보내는 프레임이므로).
function textFrame(text) {
  const payload = Buffer.from(text);
  // 지금은 길이를 두 번째 바이트의 7비트에만 적습니다. 126바이트 이상도 보낼 수 있게 고쳐 보세요.
  const header = Buffer.from([0x81, payload.length]);
  return Buffer.concat([header, payload]);
}

const server = http.createServer();

server.on("upgrade", (request, socket) => {
  const accept = createHash("sha1").update(request.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.on("error", () => socket.destroy());
  socket.on("end", () => socket.end());

  for (const text of ["짧은 메시지", "가".repeat(100), "나".repeat(25000)]) {
    socket.write(textFrame(text));
  }
  console.log("프레임 셋을 보냈습니다: 16바이트, 300바이트, 75,000바이트");
});

server.listen(8080);
