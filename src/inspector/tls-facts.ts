/**
 * What TLS negotiated with a wss:// or https:// server, in Korean: beside the handshake in the
 * inspector's ‘핸드셰이크’ tab (from the capture, so an exported file shows it too) and in
 * ‘내 서버 검사하기’ when a certificate is refused before any byte was sent.
 */
import type { TlsFacts } from '../../protocol/capture.ts';
import { h } from './dom.ts';

/** The TLS facts as label/value rows, in Korean. */
export function tlsRows(tls: TlsFacts): Array<[string, string]> {
  return [
    ['프로토콜', tls.protocol ?? '(알 수 없음)'],
    ['암호 스위트', tls.cipher ?? '(알 수 없음)'],
    ['ALPN', tls.alpn ?? '(협상 안 함)'],
    ['인증서 주체', tls.subject || '(없음)'],
    ['발급자', tls.issuer || '(없음)'],
    ['유효 기간', `${tls.validFrom} – ${tls.validTo}`],
    ['SHA-256 지문', tls.fingerprint256],
    ['신뢰', tls.trusted ? '✓ 시스템이 믿는 인증서이고 이름이 맞습니다' : `✗ 믿을 수 없는 인증서입니다 (${tls.untrustedReason ?? '이유 모름'})`],
  ];
}

/** The rows as a description list. */
export function tlsList(tls: TlsFacts): HTMLElement {
  return h('dl', { class: 'wsi-tls-facts' }, ...tlsRows(tls).flatMap(([label, value]) => [h('dt', null, label), h('dd', null, value)]));
}
