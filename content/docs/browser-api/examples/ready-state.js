// readyState는 연결의 상태를 숫자로 알려 줍니다.
// 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED
const socket = new WebSocket("ws://example.com/socketserver");
const names = ["CONNECTING", "OPEN", "CLOSING", "CLOSED"];
const show = (when) => console.log(`${when}: readyState = ${socket.readyState} (${names[socket.readyState]})`);

show("생성 직후");

socket.onopen = () => {
  show("open 이벤트");
  socket.send("안녕하세요");
};

socket.onmessage = (event) => {
  console.log("에코:", event.data);
  socket.close(1000, "다 했어요");
  show("close() 호출 직후");
};

socket.onclose = (event) => {
  show("close 이벤트");
  console.log(`닫힘 코드 ${event.code}, 이유 "${event.reason}", 깨끗하게 닫힘: ${event.wasClean}`);
};
