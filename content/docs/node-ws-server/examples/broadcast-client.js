// 클라이언트 두 개를 열어, 한쪽이 보낸 메시지가 양쪽 모두에 도착하는지 봅니다.
function open(name) {
  const socket = new WebSocket("ws://localhost:8080");
  socket.onmessage = (event) => console.log(`[${name}] 받음:`, event.data);
  return new Promise((resolve) => (socket.onopen = () => resolve(socket)));
}

const alice = await open("앨리스");
const bob = await open("밥");

alice.send("안녕하세요, 앨리스입니다");
setTimeout(() => bob.send("반가워요, 밥이에요"), 200);
