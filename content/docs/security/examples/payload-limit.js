// 서버는 받을 메시지의 크기에 한도를 둡니다. 이 놀이터는 기본 설정에서 64 KiB(65,536바이트)까지 받고,
// 그보다 큰 메시지를 받으면 그 연결을 1009(Message Too Big)로 닫습니다.
function trySize(bytes) {
  return new Promise((resolve) => {
    const socket = new WebSocket("/ws/echo");
    socket.onopen = () => socket.send("a".repeat(bytes));
    socket.onmessage = (event) => {
      console.log(`${bytes.toLocaleString()}바이트 보냄 → 에코 ${event.data.length.toLocaleString()}바이트가 돌아옴`);
      socket.close(1000);
    };
    socket.onclose = (event) => {
      const meaning = { 1000: "정상 종료", 1009: "Message Too Big: 서버가 닫음" }[event.code] ?? "";
      console.log(`${bytes.toLocaleString()}바이트 보냄 → 닫힘: code ${event.code} (${meaning})`);
      resolve();
    };
  });
}

await trySize(65536); // 한도에 딱 맞는 크기
await trySize(65537); // 1바이트 넘침
