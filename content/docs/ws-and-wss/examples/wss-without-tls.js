// wss://는 TLS로 암호화한 연결입니다. 서버가 TLS를 하지 않으면 연결할 수 없습니다.
// 이 놀이터 서버는 암호화하지 않은 http·ws 서버라서, 같은 주소에 wss://로 연결하면 TLS 핸드셰이크에서 실패합니다.
const page = new URL(document.baseURI); // 이 수업 페이지의 주소
console.log(`이 페이지: ${page.origin}`);

function tryOpen(address) {
  return new Promise((resolve) => {
    const socket = new WebSocket(address);
    socket.onopen = () => {
      console.log(`${address} → 열림`);
      socket.close(1000);
    };
    socket.onerror = () => console.log(`${address} → error 이벤트`);
    socket.onclose = (event) => {
      console.log(`${address} → 닫힘: code ${event.code}, wasClean ${event.wasClean}`);
      resolve();
    };
  });
}

await tryOpen(`ws://${page.host}/ws/echo`);
await tryOpen(`wss://${page.host}/ws/echo`);
