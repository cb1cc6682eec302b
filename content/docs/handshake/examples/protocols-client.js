// 하위 프로토콜을 요청하며 연결합니다. 배열의 순서는 클라이언트가 바라는 순서입니다.
function open(protocols) {
  const label = JSON.stringify(protocols);
  return new Promise((resolve) => {
    const socket = new WebSocket("ws://localhost:8080", protocols);
    socket.onopen = () => console.log(`${label} 열림: socket.protocol = "${socket.protocol}"`);
    socket.onmessage = (event) => {
      console.log(`${label} 받음: ${event.data}`);
      socket.close();
    };
    socket.onerror = () => console.log(`${label} error 이벤트`);
    socket.onclose = (event) => {
      console.log(`${label} 닫힘: 코드 ${event.code}`);
      resolve();
    };
  });
}

await open(["chat.v3", "chat.v2"]);
await open(["mqtt"]);
