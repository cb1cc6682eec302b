// 텍스트가 아닌 바이트(바이너리)를 보내고 받습니다. 에코 서버는 받은 종류 그대로 돌려보냅니다.
const socket = new WebSocket("/ws/echo");
const nextMessage = () =>
  new Promise((resolve) => socket.addEventListener("message", (event) => resolve(event.data), { once: true }));
await new Promise((resolve) => socket.addEventListener("open", resolve, { once: true }));

// ① binaryType의 기본값은 "blob": 바이너리 메시지가 Blob으로 옵니다. 내용은 비동기로 읽습니다.
console.log("기본 binaryType:", socket.binaryType);
socket.send(new Uint8Array([72, 105, 33]));
const blob = await nextMessage();
console.log("① 받은 것:", blob, "→ 내용:", new Uint8Array(await blob.arrayBuffer()));

// ② "arraybuffer"로 바꾸면 ArrayBuffer로 오므로 곧바로 읽을 수 있습니다.
socket.binaryType = "arraybuffer";
socket.send(new Uint8Array([72, 105, 33]).buffer);
console.log("② 받은 것:", await nextMessage());

// ③ 텍스트 메시지는 binaryType과 상관없이 언제나 문자열입니다.
socket.send("텍스트");
const text = await nextMessage();
console.log("③ 받은 것:", typeof text, text);

// ④ 정해진 모양의 데이터는 DataView로 바이트에 직접 씁니다.
//    게임의 ‘이동’ 메시지: 종류 1바이트 + x, y 좌표 각 4바이트(float32) = 9바이트
const move = new DataView(new ArrayBuffer(9));
move.setUint8(0, 1); // 1 = 이동
move.setFloat32(1, 12.5);
move.setFloat32(5, -3.25);
socket.send(move);
const echoed = new DataView(await nextMessage());
console.log(`④ ${echoed.byteLength}바이트 → 종류 ${echoed.getUint8(0)}, x ${echoed.getFloat32(1)}, y ${echoed.getFloat32(5)}`);
console.log(`   같은 내용의 JSON ${JSON.stringify({ type: "move", x: 12.5, y: -3.25 })}은 ${JSON.stringify({ type: "move", x: 12.5, y: -3.25 }).length}바이트`);

// ⑤ Blob도 보낼 수 있습니다. 보낼 때의 종류와 상관없이, 받는 쪽은 binaryType에 따라 받습니다.
socket.send(new Blob(["블롭도 ", "보낼 수 있습니다"]));
const fromBlob = await nextMessage();
console.log("⑤ 받은 것:", fromBlob, "→", new TextDecoder().decode(fromBlob));

socket.close(1000);
