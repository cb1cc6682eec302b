// 이 페이지는 인스턴스 A(8080)에 접속해 인사합니다.
// ‘✔ 확인’은 A와 B에 직접 접속해, 양쪽에서 보낸 메시지가 모두에게 한 번씩 도착하는지 봅니다.
const socket = new WebSocket("ws://localhost:8080");
socket.onmessage = (event) => console.log("받음:", event.data);
socket.onopen = () => socket.send("A에서 인사합니다");
