import { describe, expect, it } from 'vitest';
import { injectIntoHead, snippetScript } from '../../../protocol/page-injection.ts';

// One way into a learner's page for the browser's sandboxed document and the proxy's served pages.
describe('injectIntoHead', () => {
  const inject = '<script>1</script>';

  it('goes right after <head>, keeping its attributes and every line of the page', () => {
    const page = '<!doctype html>\n<html lang="ko">\n<head data-x="1">\n<title>t</title>\n</head>\n</html>';
    const html = injectIntoHead(page, inject);
    expect(html).toBe(page.replace('<head data-x="1">', `<head data-x="1">${inject}`));
    expect(html.split('\n').length).toBe(page.split('\n').length);
  });

  it('goes after <html> when the page has no head, and after the doctype when it has neither', () => {
    expect(injectIntoHead('<!doctype html>\n<html lang="ko">\n<p>a</p>', inject)).toBe(`<!doctype html>\n<html lang="ko">${inject}\n<p>a</p>`);
    expect(injectIntoHead('<!DOCTYPE html>\n<p>a</p>', inject)).toBe(`<!DOCTYPE html>${inject}\n<p>a</p>`);
    expect(injectIntoHead('<p>a</p>', inject)).toBe(`${inject}<p>a</p>`);
  });

  it('does not take <header> for <head>', () => {
    expect(injectIntoHead('<header>h</header>', inject)).toBe(`${inject}<header>h</header>`);
  });
});

describe('snippetScript', () => {
  it("names the run's learner server for the bridge and the Socket.IO shim", () => {
    expect(snippetScript({ base: '/_sandbox/abc', ports: [3000, 8080] })).toBe('<script>globalThis.__pgSnippet={"base":"/_sandbox/abc","ports":[3000,8080]}</script>');
  });

  it('cannot end its script element early', () => {
    expect(snippetScript({ base: '/</script><script>alert(1)//', ports: [] })).not.toContain('</script><script>');
  });

  it('is empty without a server', () => {
    expect(snippetScript(null)).toBe('');
  });
});
