import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The node flags of a package's `npm start` (`node <flags> dist/main.js`): V8's allocation-site
 * pretenuring off, as the service is documented to run (README, "Running several instances"). The harness starts
 * every build with the flags of its own package.json, so a benchmark measures a build as it is
 * started in production, and an older build (`git archive` of main, with its package.json) as it was.
 */
export function startNodeFlags(packageDir: string): string[] {
  const file = join(packageDir, 'package.json');
  if (!existsSync(file)) return [];
  const { scripts } = JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> };
  const words = (scripts?.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'node') return [];
  return words.slice(1).filter((word) => word.startsWith('--'));
}

/** The flags of the package a built service directory (`<package>/dist`) belongs to; `fallback`'s when it has no package.json. */
export function startNodeFlagsOfBuild(serviceDir: string, fallback: string): string[] {
  const packageDir = dirname(serviceDir);
  return existsSync(join(packageDir, 'package.json')) ? startNodeFlags(packageDir) : startNodeFlags(fallback);
}
