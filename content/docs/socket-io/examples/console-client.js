import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

// io()는 이 페이지를 제공한 서버(놀이터)에 연결합니다.
const socket = io();

socket.on("connect", () => {
  // socket.id: 서버가 이 연결에 붙여 준 고유한 식별자
  console.log("연결됨. 내 id:", socket.id);
  console.log("전송 방식(transport):", socket.io.engine.transport.name);
  socket.emit("message", "콘솔에서 인사드립니다");
});

// 전송 방식이 HTTP 롱 폴링에서 WebSocket으로 바뀌면 알려 줍니다.
socket.io.engine.on("upgrade", (transport) => {
  console.log("전송 방식이 바뀌었습니다:", transport.name);
});

socket.on("message", (msg) => {
  console.log("받은 message 이벤트:", msg);
});

socket.on("disconnect", (reason) => {
  console.log("연결이 끊어졌습니다:", reason);
});
