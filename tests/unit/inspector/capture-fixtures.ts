import { readFileSync } from 'node:fs';
import type { CaptureFile } from '../../../protocol/capture.ts';

/** The recorded example captures (scripts/make-capture-fixtures.ts). */
export const FIXTURES = ['ws-echo-chromium.json', 'ws-permessage-deflate.json', 'socket-io-upgrade.json'] as const;
export type FixtureName = (typeof FIXTURES)[number];

export function fixtureText(name: FixtureName): string {
  return readFileSync(new URL(`../../fixtures/captures/${name}`, import.meta.url), 'utf8');
}

export function fixture(name: FixtureName): CaptureFile {
  return JSON.parse(fixtureText(name)) as CaptureFile;
}
