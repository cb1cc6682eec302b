// new WebSocket()이 받는 주소와 거절하는 주소. 잘못된 주소는 연결을 시작하기도 전에 SyntaxError입니다.
const rejected = [
  "wss://chat.example.invalid/room#top", // 조각(#…)은 쓸 수 없습니다 (RFC 6455 §3)
  "/ws/echo#top", // 상대 주소라도 조각은 안 됩니다
  "ftp://example.invalid/", // ws, wss, http, https 말고는 안 됩니다
  "ws://example.invalid:99999/", // 포트는 0~65535
  "ws://", // 호스트가 없습니다
];
for (const address of rejected) {
  try {
    new WebSocket(address);
    console.log(`${address} → 받아들여졌습니다(예상과 다름)`);
  } catch (error) {
    console.log(`${address} → ${error.name}`);
  }
}

// 받아 주는 주소: 상대 주소와 http(s) 주소는 이 페이지의 주소를 기준으로 풀린 뒤 ws(s)로 바뀝니다.
const httpAddress = new URL("/ws/echo", document.baseURI).href; // http://…/ws/echo
for (const address of ["/ws/echo", httpAddress]) {
  const socket = new WebSocket(address);
  console.log(`${address} → socket.url = ${socket.url}`);
  socket.onopen = () => {
    console.log(`${socket.url} 열림`);
    socket.close(1000);
  };
}
