import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { courseLessons } from '../../src/course-map.ts';
import { sidebar, sidebarSlugs } from '../../src/sidebar.ts';

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');
const frontmatter = (mdx: string) => /^---\n([\s\S]*?)\n---\n/.exec(mdx)?.[1] ?? '';

describe('the course map', () => {
  it('lists the sidebar’s lessons in its order, numbered from 1, without the home page', () => {
    const lessons = courseLessons(sidebar);
    expect(lessons.map((lesson) => lesson.slug)).toEqual(sidebarSlugs().filter((slug) => slug !== 'index'));
    expect(lessons.map((lesson) => lesson.number)).toEqual(lessons.map((_, index) => index + 1));
  });

  it('has a one-line summary for every lesson, from the lesson’s own frontmatter', async () => {
    const missing: string[] = [];
    for (const { slug } of courseLessons(sidebar)) {
      const summary = /^summary: (.+)$/m.exec(frontmatter(await read(`content/docs/${slug}/index.mdx`)))?.[1];
      if (summary === undefined || summary.length > 120) missing.push(slug);
    }
    expect(missing).toEqual([]);
  });

  it('is not copied by hand: the home page and ‘WebSocket이란?’ render it from the sidebar', async () => {
    for (const page of ['content/docs/index.mdx', 'content/docs/what-is-websocket/index.mdx']) {
      const mdx = await read(page);
      expect(mdx, page).toMatch(/<CourseMap( variant="list")? \/>/);
      // No lesson is linked from a hand-written list of the course.
      expect(mdx.match(/<LinkCard [^>]*href="\/[a-z0-9-]+\/"/g) ?? [], page).toEqual([]);
    }
  });
});

describe('every lesson', () => {
  it('opens with what the learner will be able to do and what it assumes, and ends with 정리 (then only 참고 자료)', async () => {
    const wrong: string[] = [];
    for (const { slug } of courseLessons(sidebar)) {
      const mdx = await read(`content/docs/${slug}/index.mdx`);
      const body = mdx.slice(mdx.indexOf('\n---\n', 4) + 5);
      const opening = body.slice(0, body.indexOf('\n## '));
      const headings = [...body.matchAll(/^## (.+)$/gm)].map(([, heading]) => heading);
      const tail = headings.slice(headings.lastIndexOf('정리'));
      if (!opening.includes('이 수업을 마치면 다음을 할 수 있습니다.')) wrong.push(`${slug}: no ‘이 수업을 마치면’ before its first section`);
      if (!/가정합니다|미리 알아야 할 것은 없습니다/.test(opening)) wrong.push(`${slug}: does not say what it assumes before its first section`);
      if (!(tail[0] === '정리' && (tail.length === 1 || (tail.length === 2 && tail[1] === '참고 자료')))) wrong.push(`${slug}: ends with ${headings.slice(-2).join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });
});
