import type { SidebarGroup } from './sidebar.ts';

/** One lesson of the course, in the order of the sidebar. */
export interface CourseLesson {
  /** 1 for the first lesson (the home page is not counted). */
  number: number;
  slug: string;
  /** The sidebar's label, or null where the sidebar shows the page's own title. */
  label: string | null;
  /** The sidebar group it sits in. */
  group: string;
}

/**
 * The lessons in the order a learner takes them: src/sidebar.ts is the one source of the course's
 * order, for the sidebar, the home page's course map and the list in ‘WebSocket이란?’.
 */
export function courseLessons(groups: readonly SidebarGroup[]): CourseLesson[] {
  const lessons = groups.flatMap((group) =>
    group.items.map((item) => (typeof item === 'string' ? { slug: item, label: null, group: group.label } : { slug: item.slug, label: item.label, group: group.label })),
  );
  return lessons.filter((lesson) => lesson.slug !== 'index').map((lesson, index) => ({ ...lesson, number: index + 1 }));
}
