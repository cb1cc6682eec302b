// 이 페이지는 인스턴스 A(8080)에 접속합니다.
const socket = new WebSocket("ws://localhost:8080");

socket.onmessage = (event) => console.log("A에 접속한 나:", event.data);

// B에 학생이 들어올 때까지 잠깐 기다렸다가 모두에게 인사합니다.
socket.onopen = () => setTimeout(() => socket.send("안녕하세요, 모두 들리나요?"), 500);
