// 브라우저는 Sec-WebSocket-Accept가 맞을 때만 연결을 엽니다.
const socket = new WebSocket("ws://localhost:8080");

socket.onopen = () => console.log("브라우저가 101 응답을 받아들였습니다.");
socket.onmessage = (event) => console.log("받은 메시지:", event.data);
socket.onerror = () => console.log("연결 실패: 브라우저가 101 응답을 받아들이지 않았습니다.");
socket.onclose = (event) => console.log(`닫힘: 코드 ${event.code}`);
