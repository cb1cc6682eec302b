// 검사기에서 볼 연결 하나: 에코 서버에 세 가지 메시지를 보내고 닫습니다.
const socket = new WebSocket("/ws/echo");

socket.onopen = () => {
  socket.send("안녕하세요"); // ① 텍스트 15바이트(한글 한 글자는 UTF-8로 3바이트)
  socket.send(new Uint8Array([1, 2, 3, 4])); // ② 바이너리 4바이트
  socket.send("가".repeat(50)); // ③ 텍스트 150바이트: 125바이트를 넘으면 길이를 적는 칸이 달라집니다
};

let echoes = 0;
socket.onmessage = (event) => {
  echoes += 1;
  console.log(`에코 ${echoes}:`, typeof event.data === "string" ? `텍스트 ${event.data.length}자` : "바이너리");
  // 세 에코가 모두 오면 닫습니다. 3초 기다리는 동안 ‘서버에서 ping 보내기’를 눌러 보세요.
  if (echoes === 3) setTimeout(() => socket.close(1000, "수업 끝"), 3000);
};

socket.onclose = (event) => console.log(`닫힘: 코드 ${event.code}, 이유 "${event.reason}"`);
