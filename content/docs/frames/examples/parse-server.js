const http = require("node:http");
const { createHash } = require("node:crypto");

const OPCODES = { 0x0: "이어짐", 0x1: "텍스트", 0x2: "바이너리", 0x8: "닫기", 0x9: "ping", 0xa: "pong" };
const hex = (bytes) => [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");

const server = http.createServer();

// 라이브러리 없이 핸드셰이크에 답하고, 브라우저가 보내는 프레임을 바이트 단위로 풀어 봅니다.
server.on("upgrade", (request, socket) => {
  const accept = createHash("sha1").update(request.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  socket.on("error", () => socket.destroy());
  socket.on("end", () => socket.end());

  // TCP는 바이트의 흐름일 뿐이라 프레임 하나가 여러 조각으로 오거나 여러 프레임이 한 번에 올 수 있습니다. 모아 두고 읽습니다.
  let pending = Buffer.alloc(0);
  socket.on("data", (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (let frame = readFrame(pending); frame; frame = readFrame(pending)) {
      pending = pending.subarray(frame.size);
      describe(frame);
      if (frame.opcode === 0x8) {
        socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8])); // 닫기 프레임(1000)으로 답하고 연결을 끝냅니다
        return;
      }
      if (frame.opcode === 0x1 || frame.opcode === 0x2) {
        const reply = Buffer.from(`${frame.length}바이트 잘 받았습니다`);
        socket.write(Buffer.concat([Buffer.from([0x81, reply.length]), reply])); // 서버 → 클라이언트는 마스킹하지 않습니다
      }
    }
  });
});

// 버퍼 앞에서 프레임 하나를 읽습니다 (RFC 6455 §5.2). 아직 다 오지 않았으면 null.
function readFrame(bytes) {
  if (bytes.length < 2) return null;
  const fin = bytes[0] >> 7;
  const rsv = (bytes[0] >> 4) & 0b111;
  const opcode = bytes[0] & 0x0f;
  const masked = bytes[1] >> 7;
  let length = bytes[1] & 0x7f;
  let offset = 2;
  let form = "7비트";
  if (length === 126) {
    if (bytes.length < 4) return null;
    length = bytes.readUInt16BE(2);
    offset = 4;
    form = "126 → 다음 16비트";
  } else if (length === 127) {
    if (bytes.length < 10) return null;
    length = Number(bytes.readBigUInt64BE(2));
    offset = 10;
    form = "127 → 다음 64비트";
  }
  const headerSize = offset + (masked ? 4 : 0);
  if (bytes.length < headerSize + length) return null;
  const key = masked ? bytes.subarray(offset, offset + 4) : null;
  const payload = Buffer.from(bytes.subarray(headerSize, headerSize + length));
  if (key) for (let i = 0; i < payload.length; i++) payload[i] ^= key[i % 4];
  return { fin, rsv, opcode, masked, key, length, form, headerSize, payload, size: headerSize + length };
}

function describe(frame) {
  const rsv = frame.rsv.toString(2).padStart(3, "0");
  console.log(`FIN ${frame.fin} | RSV ${rsv} | opcode ${frame.opcode} (${OPCODES[frame.opcode] ?? "?"}) | MASK ${frame.masked} | 길이 ${frame.length} (${frame.form}) | 헤더 ${frame.headerSize}바이트`);
  if (frame.key) console.log(`  마스킹 키 ${hex(frame.key)}, 푼 내용의 앞부분: ${hex(frame.payload.subarray(0, 8))}`);
  if (frame.opcode === 0x1) console.log(`  텍스트: ${JSON.stringify(frame.payload.toString().slice(0, 24))}`);
  if (frame.opcode === 0x8) console.log(`  닫힘 코드 ${frame.payload.readUInt16BE(0)}, 이유 ${JSON.stringify(frame.payload.subarray(2).toString())}`);
}

server.listen(8080);
