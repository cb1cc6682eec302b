// 브라우저의 WebSocket API에는 ping을 보내거나 받는 메서드가 없습니다.
// pong 응답은 브라우저가 알아서 보내므로, 여기서는 연결만 열어 둡니다.
const socket = new WebSocket("ws://localhost:8080");
socket.onopen = () => console.log("연결했습니다. 서버 콘솔에 pong 기록이 쌓이는지 보세요.");
socket.onclose = (event) => console.log("연결이 닫혔습니다:", event.code);
