// 이 놀이터의 코드는 샌드박스 iframe에서 돌기 때문에 브라우저가 보내는 Origin이 "null"입니다.
const socket = new WebSocket("ws://localhost:8080");

socket.onopen = () => {
  console.log("연결되었습니다! 이번에는 64바이트가 넘는 메시지를 보냅니다.");
  socket.send("가".repeat(30)); // 한글 한 글자는 UTF-8로 3바이트: 90바이트
};
socket.onerror = () => console.log("error 이벤트: 연결하지 못했습니다.");
socket.onclose = (event) => {
  // 핸드셰이크가 거절되면 브라우저는 이유를 알려 주지 않고 1006(비정상 종료)으로 닫습니다.
  console.log(`close 이벤트: 코드 ${event.code}, 깨끗하게 닫힘: ${event.wasClean}`);
};
