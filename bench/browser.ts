// Benchmarks drive the same Chromium as the tests (tests/helpers/chromium.ts).
export { launchChromium } from '../tests/helpers/chromium.ts';
