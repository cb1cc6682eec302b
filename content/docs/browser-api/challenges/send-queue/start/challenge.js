// 도전 과제: 연결이 열리기 전에 보낸 메시지도 잃어버리지 않는 safeSend를 만드세요.
const socket = new WebSocket("/ws/echo");
socket.onmessage = (event) => console.log("에코:", event.data);

function safeSend(message) {
  // 지금은 연결이 열리기 전(CONNECTING)에 부르면 InvalidStateError가 납니다.
  socket.send(message);
}

// 연결이 열리기 전에 세 번 보냅니다. 에코가 "하나", "둘", "셋" 순서로 돌아와야 합니다.
safeSend("하나");
safeSend("둘");
safeSend("셋");
