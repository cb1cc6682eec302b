// 한 코드에서 WebSocket 연결을 두 개 엽니다. 채팅방에 두 사람(민수, 지영)이 들어온 것과 같습니다.
const minsu = new WebSocket("/ws/chat");
const jiyoung = new WebSocket("/ws/chat");

minsu.onmessage = (event) => console.log("민수가 받음:", event.data);
jiyoung.onmessage = (event) => console.log("지영이 받음:", event.data);

// 두 연결이 모두 열릴 때까지 기다립니다.
const opened = (socket) => new Promise((resolve) => socket.addEventListener("open", resolve, { once: true }));
await Promise.all([opened(minsu), opened(jiyoung)]);
console.log("두 사람 모두 연결되었습니다.");

// 지영만 보냅니다. 민수는 아무것도 요청하지 않았지만, 서버가 먼저 민수에게 보내 줍니다.
// (서버는 보낸 사람을 포함한 모두에게 전하므로 지영에게도 돌아옵니다)
const arrives = (socket) =>
  new Promise((resolve) =>
    socket.addEventListener("message", (event) => {
      if (event.data.endsWith(": 민수야, 안녕!")) resolve();
    }),
  );
const toMinsu = arrives(minsu);
const toJiyoung = arrives(jiyoung);
const sentAt = performance.now();
jiyoung.send("민수야, 안녕!");

await toMinsu;
console.log(`민수에게 도착하기까지 ${(performance.now() - sentAt).toFixed(1)} ms`);
await toJiyoung;
minsu.close(1000);
jiyoung.close(1000);
console.log("두 연결을 닫았습니다.");
