import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The README and docs/ stand on what the repository holds: a clone (CI's included) has nothing
 * beside it, so a link or path that leaves the repository leads a newcomer nowhere.
 */
const ROOT = resolve(__dirname, '..');
const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Hosts an example URL may name: this machine only. `…` marks an elided address (`postgres://…`). */
const EXAMPLE_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\]|…)$/;

const withoutCodeBlocks = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');
const inside = (path: string) => path === ROOT || path.startsWith(ROOT + sep);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const headings = withoutCodeBlocks(readFileSync(file, 'utf8')).match(/^#{1,6} .+$/gm) ?? [];
  return new Set(headings.map((line) => anchorOf(line.replace(/^#+ /, ''))));
}

/** Everything in `file` that points outside the repository or at nothing, one line each. */
function problemsOf(name: string): string[] {
  const file = join(ROOT, name);
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];

  for (const [url, host] of text.matchAll(
    /\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s@/]*@)?(\[[^\]\s]*\]|[^\s:/?#)>`'"]*)[^\s)>`'"]*/gi,
  )) {
    if (!EXAMPLE_HOST.test(host)) problems.push(`${name}: absolute URL off this machine: ${url}`);
  }
  for (const [path] of text.matchAll(/(?:\.\.\/)+[\w.-][\w./-]*/g)) {
    if (!inside(resolve(dirname(file), path)))
      problems.push(`${name}: path outside the repository: ${path}`);
  }
  for (const [reference] of text.matchAll(/§\s*[\d.]+/g)) {
    problems.push(
      `${name}: names a section (${reference}) of a document the repository does not hold`,
    );
  }
  const links = withoutCodeBlocks(text).matchAll(/\]\(([^)\s]+)\)|^\s*\[[^\]]+\]:\s*(\S+)/gm);
  for (const [, inline, defined] of links) {
    const target = inline ?? defined;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // absolute: judged above
    const [path, anchor] = target.split('#');
    const linked = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
    if (!inside(linked)) {
      problems.push(`${name}: link outside the repository: ${target}`);
    } else if (!existsSync(linked)) {
      problems.push(
        `${name}: link to a file the repository does not hold: ${target} (${relative(ROOT, linked)})`,
      );
    } else if (anchor !== undefined && linked.endsWith('.md') && !anchorsOf(linked).has(anchor)) {
      problems.push(`${name}: link to a heading that does not exist: ${target}`);
    }
  }
  return problems;
}

describe('README.md and docs/*.md link nothing outside the repository', () => {
  it.each(FILES)(
    '%s: relative links resolve to files (and headings) of the repository; URLs name only this machine',
    (name) => {
      expect(problemsOf(name)).toEqual([]);
    },
  );
});
