const socket = new WebSocket("ws://localhost:8080");

// 조각이 몇 개였든 message 이벤트는 메시지마다 한 번입니다.
let events = 0;
socket.onmessage = (event) => {
  events += 1;
  console.log(`message 이벤트 ${events}번째: "${event.data}"`);
  socket.send(`메시지 ${events}개를 받았습니다`);
  setTimeout(() => socket.close(), 200);
};
