const socket = new WebSocket("ws://localhost:8080");
const sentence = "압축해 보세요. ".repeat(20); // 같은 말이 되풀이되면 잘 줄어듭니다

socket.onopen = () => {
  // 서버가 동의한 확장은 socket.extensions에 있습니다.
  console.log(`socket.extensions = "${socket.extensions}"`);
  console.log(`보내는 메시지: ${new TextEncoder().encode(sentence).length}바이트, 두 번`);
  socket.send(sentence);
  socket.send(sentence);
};

let echoes = 0;
socket.onmessage = (event) => {
  echoes += 1;
  console.log(`에코 ${echoes}: ${event.data.length}자`);
  if (echoes === 2) socket.close(1000);
};
