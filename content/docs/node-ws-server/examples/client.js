// 브라우저 쪽 코드입니다. 왼쪽 탭의 server.js가 8080번 포트에서 기다리고 있습니다.
const socket = new WebSocket("ws://localhost:8080");

socket.onopen = () => {
  console.log("서버와 연결.");
  socket.send("서버 하이.");
};

socket.onmessage = (event) => {
  console.log("서버에서 받은 메시지:", event.data);
  socket.close();
};

socket.onclose = (event) => {
  console.log("서버와 연결 종료. 코드:", event.code);
};
