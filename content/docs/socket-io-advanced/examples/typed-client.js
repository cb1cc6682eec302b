import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

const socket = io();
socket.on("chat", ({ from, text }) => console.log(`chat 이벤트: ${from}: ${text}`));

// 약속대로
console.log("문자열을 보냄 →", await socket.emitWithAck("chat", "안녕하세요"));
// TypeScript라면 컴파일 오류였을 호출. JavaScript에서는 그대로 서버까지 갑니다.
console.log("숫자를 보냄 →", await socket.emitWithAck("chat", 42));

socket.disconnect();
