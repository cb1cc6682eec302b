// 브라우저의 WebSocket API에는 ping 메서드가 없습니다. ping을 받으면 브라우저가 알아서 pong으로 답합니다.
const socket = new WebSocket("ws://localhost:8080");

socket.onopen = () => console.log("연결했습니다. 서버가 ping을 보냅니다.");
socket.onclose = (event) => console.log(`닫힘: 코드 ${event.code}, 이유 "${event.reason}"`);
