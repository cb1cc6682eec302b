const socket = new WebSocket("ws://localhost:8080");

socket.onopen = () => {
  socket.send("Hi");                      // 2바이트: 길이가 7비트에 들어갑니다
  socket.send("가".repeat(100));          // 300바이트: 길이 칸에 126, 실제 길이는 뒤의 16비트에
  socket.send("a".repeat(70000));         // 70,000바이트: 길이 칸에 127, 실제 길이는 뒤의 64비트에
  socket.send(new Uint8Array([1, 2, 3])); // 바이너리 프레임(opcode 2)
};

let replies = 0;
socket.onmessage = (event) => {
  console.log("서버가 보낸 프레임:", event.data);
  replies += 1;
  if (replies === 4) socket.close(1000, "다 봤어요");
};

socket.onclose = (event) => console.log(`닫힘: 코드 ${event.code}, wasClean ${event.wasClean}`);
