// WebSocketStream이 있으면 스트림으로, 없으면 WebSocket으로 같은 일을 합니다.
const hasStream = typeof WebSocketStream === "function";
console.log(`이 브라우저에는 WebSocketStream이 ${hasStream ? "있습니다" : "없습니다"}.`);
// 대체 경로(WebSocket)를 직접 보려면 아래 true를 false로 바꿔 다시 실행하세요.
const useStream = hasStream && true;

const messages = ["하나", "둘", "셋"];

async function withStream(url) {
  const wss = new WebSocketStream(url);
  // 이벤트 대신 Promise: 열리면 읽을 스트림과 쓸 스트림을 줍니다.
  const { readable, writable, protocol, extensions } = await wss.opened;
  console.log(`[WebSocketStream] 열림 (protocol "${protocol}", extensions "${extensions}")`);
  const writer = writable.getWriter();
  const reader = readable.getReader();
  for (const message of messages) {
    await writer.ready; // 배압: 보내기 버퍼가 차 있으면 여기서 기다립니다.
    await writer.write(message);
    // 읽지 않는 동안에는 브라우저가 더 받아 오지 않습니다(받는 쪽 배압).
    const { value } = await reader.read();
    console.log(`[WebSocketStream] 받음: ${value}`);
  }
  wss.close({ closeCode: 1000, reason: "끝" });
  const { closeCode, reason } = await wss.closed;
  console.log(`[WebSocketStream] 닫힘: ${closeCode} "${reason}"`);
}

function withWebSocket(url) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const queue = [...messages];
    socket.onopen = () => {
      console.log(`[WebSocket] 열림 (protocol "${socket.protocol}", extensions "${socket.extensions}")`);
      socket.send(queue.shift());
    };
    socket.onmessage = (event) => {
      console.log(`[WebSocket] 받음: ${event.data}`);
      if (queue.length > 0) socket.send(queue.shift());
      else socket.close(1000, "끝");
    };
    socket.onclose = (event) => {
      console.log(`[WebSocket] 닫힘: ${event.code} "${event.reason}"`);
      resolve();
    };
  });
}

await (useStream ? withStream("/ws/echo") : withWebSocket("/ws/echo"));
