// 2초마다 에코 서버에 메시지를 보내고, 돌아온 답을 찍습니다.
// 실행한 뒤 ‘검사기’를 열고 ‘네트워크 실험’의 ‘조용히 끊기’를 눌러 보세요.
const socket = new WebSocket("/ws/echo");
let sent = 0;
let received = 0;

socket.onopen = () => console.log("연결됨");
socket.onmessage = (event) => {
  received += 1;
  console.log(`받음: ${event.data}`);
};
socket.onerror = () => console.log("error 이벤트");
socket.onclose = (event) => console.log(`close 이벤트: code ${event.code}`);

setInterval(() => {
  if (socket.readyState !== WebSocket.OPEN) return;
  sent += 1;
  socket.send(`메시지 ${sent}`);
  console.log(`보냄: 메시지 ${sent} (readyState ${socket.readyState}, 지금까지 받은 답 ${received}개)`);
}, 2000);
