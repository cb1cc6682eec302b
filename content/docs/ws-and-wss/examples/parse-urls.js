// WebSocket 주소를 URL 객체로 나눠 봅니다. 브라우저는 WHATWG URL 표준에 따라 주소를 해석합니다.
const addresses = [
  "ws://example.com/socketserver",
  "wss://example.com/chat?room=lobby",
  "wss://example.com:443/chat",
  "ws://localhost:8080",
  "wss://[::1]:9443/live?token=abc",
  "WS://Example.COM:80/Room/A",
];

for (const address of addresses) {
  const url = new URL(address);
  const defaultPort = url.protocol === "wss:" ? 443 : 80;
  console.log(address);
  console.log(
    `  스킴 ${url.protocol} · 호스트 ${url.hostname} · 포트 ${url.port || `생략(기본 ${defaultPort})`}` +
      ` · 경로 ${url.pathname} · 쿼리 ${url.search || "없음"}`,
  );
  // 경로와 쿼리를 합친 것이 RFC 6455의 ‘리소스 이름’으로, 핸드셰이크 요청의 첫 줄에 들어갑니다.
  console.log(`  → 핸드셰이크: GET ${url.pathname}${url.search} HTTP/1.1 / Host: ${url.host}`);
}
