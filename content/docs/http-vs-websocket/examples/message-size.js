// 같은 채팅 메시지 하나를 보낼 때 네트워크를 지나는 바이트 수를 비교합니다.
const message = "안녕하세요!";
const bytes = (text) => new TextEncoder().encode(text).length;
const payload = bytes(message);
console.log(`메시지 "${message}"는 UTF-8로 ${payload}바이트입니다 (한글 한 글자 = 3바이트).`);

// ① WebSocket: 핸드셰이크가 끝난 뒤에는 메시지마다 프레임 헤더만 붙습니다 (RFC 6455 §5.2).
//    125바이트 이하라면 헤더는 2바이트이고, 브라우저→서버 프레임에는 마스킹 키 4바이트가 더 붙습니다.
console.log(`WebSocket 프레임 (브라우저→서버): ${2 + 4 + payload}바이트 = 헤더 2 + 마스킹 키 4 + 내용 ${payload}`);
console.log(`WebSocket 프레임 (서버→브라우저): ${2 + payload}바이트 = 헤더 2 + 내용 ${payload}`);

// ② HTTP: 같은 메시지를 POST 요청으로 보내면 요청마다 요청 줄과 헤더가 함께 갑니다.
//    아래 헤더는 이 브라우저가 보낼 법한 값으로 만든 추정입니다.
//    실제 값은 개발자 도구 Network 탭에서 요청을 눌러 볼 수 있습니다.
const origin = new URL(document.baseURI).origin;
const body = JSON.stringify({ text: message });
const request = [
  "POST /messages HTTP/1.1",
  `Host: ${new URL(origin).host}`,
  "Connection: keep-alive",
  `Content-Length: ${bytes(body)}`,
  "Content-Type: application/json",
  `User-Agent: ${navigator.userAgent}`,
  "Accept: */*",
  `Origin: ${origin}`,
  `Referer: ${document.baseURI}`,
  "Accept-Encoding: gzip, deflate, br, zstd",
  `Accept-Language: ${navigator.languages.join(",")}`,
  "Cookie: session=3f9a1c0e7b2d4a6f8e1c5b7d9a0f2e4c",
].join("\r\n") + "\r\n\r\n" + body;
const response = [
  "HTTP/1.1 200 OK",
  "Content-Type: application/json",
  `Date: ${new Date().toUTCString()}`,
  "Connection: keep-alive",
  "Keep-Alive: timeout=5",
  "Content-Length: 11",
].join("\r\n") + "\r\n\r\n" + '{"ok":true}';
console.log(`HTTP 요청 (추정): ${bytes(request)}바이트, 그중 내용은 ${bytes(body)}바이트`);
console.log(`HTTP 응답 (추정): ${bytes(response)}바이트`);
console.log("추정한 요청의 모습:\n" + request);

// ③ 메시지 100개를 보낸다면?
const handshake = 500 + 129; // 핸드셰이크 요청(헤더에 따라 수백 바이트) + ws 서버의 101 응답(129바이트), 한 번만
console.log(`메시지 100개, WebSocket: 약 ${handshake + 100 * (2 + 4 + payload)}바이트 (핸드셰이크 한 번 포함)`);
console.log(`메시지 100개, HTTP: 약 ${100 * (bytes(request) + bytes(response))}바이트`);
