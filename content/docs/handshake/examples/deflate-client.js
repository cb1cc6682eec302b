const long = "압축해 보세요. ".repeat(60); // 1,260바이트: 같은 말이 되풀이되면 잘 줄어듭니다
const short = "안녕"; // 6바이트

// 한 서버에 연결해 긴 문장 두 번과 짧은 인사 하나를 보내고, 에코 셋을 받으면 닫습니다.
function talk(port) {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://localhost:${port}`);
    let echoes = 0;
    socket.onopen = () => {
      // 서버가 동의한 확장과 매개변수는 socket.extensions에 있습니다.
      console.log(`${port}: socket.extensions = "${socket.extensions}"`);
      socket.send(long);
      socket.send(long);
      socket.send(short);
    };
    socket.onmessage = (event) => {
      echoes += 1;
      console.log(`${port}: 에코 ${echoes}: ${event.data.length}자`);
      if (echoes === 3) socket.close(1000);
    };
    socket.onclose = resolve;
  });
}

await talk(8080);
await talk(8081);
console.log("검사기의 ‘프레임’ 탭에서 두 연결의 서버 → 클라이언트 프레임을 비교해 보세요: RSV1과 크기.");
