// 브라우저는 핸드셰이크 헤더를 코드에 보여 주지 않습니다. 서버 콘솔과 ‘검사기’에서 보세요.
const socket = new WebSocket("ws://localhost:8080");

socket.onopen = () => {
  console.log("open 이벤트: 101 응답을 받아 핸드셰이크가 끝났습니다.");
  socket.send("안녕하세요");
};

socket.onclose = (event) => {
  console.log(`close 이벤트: 코드 ${event.code}, 이유 "${event.reason}"`);
};
