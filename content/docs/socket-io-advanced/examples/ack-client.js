import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

const socket = io();

// 서버의 질문에 답하기: 받은 마지막 인자가 답할 함수입니다.
socket.on("question", (text, callback) => {
  console.log(`서버의 질문: ${text}`);
  callback("놀이터 학생");
});

// 1. 콜백으로 답 받기
socket.emit("add", 2, 3, (sum) => console.log(`add(2, 3)의 답(콜백): ${sum}`));

// 2. Promise로 답 받기 (emitWithAck, 클라이언트 4.6부터)
const sum = await socket.emitWithAck("add", 10, 20);
console.log(`add(10, 20)의 답(emitWithAck): ${sum}`);

// 3. 시간 제한: 1초 안에 답이 없으면 오류로 끝납니다.
try {
  await socket.timeout(1000).emitWithAck("slow");
} catch (error) {
  console.log(`slow: ${error.message}`);
}

setTimeout(() => socket.disconnect(), 1500);
