// 이벤트 핸들러를 다는 두 가지 방법: on… 속성과 addEventListener
// "/ws/echo": 이 놀이터의 에코 서버. 받은 메시지를 그대로 돌려보냅니다.
const socket = new WebSocket("/ws/echo");

// ① on… 속성에는 함수를 하나만 담을 수 있습니다. 다시 대입하면 앞의 함수는 사라집니다.
socket.onmessage = () => console.log("처음 대입한 onmessage (덮어써져서 불리지 않습니다)");
socket.onmessage = (event) => console.log("onmessage:", event.data);

// ② addEventListener로는 여러 함수를 달 수 있고, 모두 등록한 순서대로 불립니다.
socket.addEventListener("message", (event) => console.log("리스너 A:", event.data));
const listenerB = (event) => console.log("리스너 B:", event.data);
socket.addEventListener("message", listenerB);

// ③ { once: true }: 한 번 불리고 나면 스스로 떨어집니다.
socket.addEventListener("message", () => console.log("once 리스너: 첫 메시지에서 한 번만"), { once: true });

let received = 0;
socket.addEventListener("message", () => {
  received += 1;
  if (received === 1) {
    // ④ removeEventListener에는 달 때 넘긴 바로 그 함수를 넘겨야 떨어집니다.
    socket.removeEventListener("message", listenerB);
    console.log("리스너 B를 떼었습니다.");
  }
  if (received === 2) socket.close(1000);
});

// ⑤ 같은 이벤트에 on… 속성과 addEventListener를 함께 달 수도 있습니다.
//    시드 글의 open 핸들러는 연결을 알리고, 리스너는 메시지를 보냅니다.
socket.onopen = (event) => { console.log("서버와 연결.") };
socket.addEventListener("open", () => {
  socket.send("첫 번째");
  socket.send("두 번째");
});
