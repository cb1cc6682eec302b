// Socket.IO는 연결을 HTTP 롱 폴링으로 시작합니다(Engine.IO). 그 요청을 fetch로 직접 보내 봅니다.
// 이 놀이터의 /socket.io/ 는 진짜 롱 폴링 서버입니다.
const base = new URL("/socket.io/?EIO=4&transport=polling", document.baseURI).href;
const since = (start) => `${(performance.now() - start).toFixed(0)} ms`;
const show = (text) => text.replaceAll("\x1e", " ␞ "); // 한 응답에 담긴 패킷 사이의 구분 문자

// ① 세션 열기: 서버가 세션 id(sid)와 ping 간격을 알려 줍니다. 맨 앞의 "0"은 Engine.IO의 open 패킷입니다.
const handshake = await (await fetch(base)).text();
const { sid } = JSON.parse(handshake.slice(1));
const url = `${base}&sid=${sid}`;
console.log("세션 열림:", handshake);

// ② Socket.IO 연결을 요청합니다(패킷 "40"). 클라이언트→서버는 언제나 별도의 POST입니다.
await fetch(url, { method: "POST", body: "40" });

// ③ GET: 보낼 것이 있으면 서버가 곧바로 답합니다(연결 확인 + 입장 알림).
let start = performance.now();
let reply = await (await fetch(url)).text();
console.log(`첫 GET은 ${since(start)} 만에 응답:`, show(reply));

// ④ 다시 GET: 이번에는 보낼 것이 없으니 서버가 응답을 붙잡고 기다립니다.
//    1.5초 뒤 채팅 메시지를 POST하면(다른 탭의 채팅에도 보입니다), 기다리던 GET이 그제야 응답합니다.
setTimeout(() => fetch(url, { method: "POST", body: '42["message","롱 폴링으로 보낸 인사"]' }), 1500);
start = performance.now();
reply = await (await fetch(url)).text();
console.log(`두 번째 GET은 ${since(start)} 동안 붙잡혀 있다가 응답:`, show(reply));

// ⑤ 세션 닫기(Engine.IO의 close 패킷 "1")
await fetch(url, { method: "POST", body: "1" });
console.log("세션을 닫았습니다.");
