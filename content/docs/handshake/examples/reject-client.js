// 세 번 연결해 봅니다. 브라우저는 거절된 이유(401, 403)를 코드에 알려 주지 않습니다.
function tryConnect(label, url) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.onopen = () => console.log(`${label}: open 이벤트`);
    socket.onmessage = (event) => {
      console.log(`${label}: 받음 "${event.data}"`);
      socket.close(1000);
    };
    socket.onerror = () => console.log(`${label}: error 이벤트`);
    socket.onclose = (event) => {
      console.log(`${label}: close 이벤트, 코드 ${event.code}, wasClean ${event.wasClean}`);
      resolve();
    };
  });
}

await tryConnect("토큰 없음", "ws://localhost:8080/");
await tryConnect("틀린 토큰", "ws://localhost:8080/?token=guess");
await tryConnect("맞는 토큰", "ws://localhost:8080/?token=sesame");
