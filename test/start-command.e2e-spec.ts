import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNodeFlags, startNodeFlagsOfBuild } from '../bench/start-flags';

/**
 * The service is started with node flags of its own (V8's allocation-site pretenuring off, README
 * "Running several instances"): every documented way to start it passes the same ones, and the bench harness reads
 * them from package.json, so what is measured is what runs in production.
 */
const ROOT = resolve(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('The start command', () => {
  const flags = startNodeFlags(ROOT);

  it('turns off allocation-site pretenuring in npm start, and start:prod runs the same command', () => {
    expect(flags).toContain('--no-allocation-site-pretenuring');
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(scripts.start).toBe(['node', ...flags, 'dist/main.js'].join(' '));
    expect(scripts['start:prod']).toBe(scripts.start);
  });

  it('is the container image command', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('docker/Dockerfile'))?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...flags, 'dist/main.js']);
  });

  it('is every `node … dist/main.js` the README tells to run', () => {
    const commands = read('README.md').match(/\bnode (?:--\S+ )*dist\/main\.js/g) ?? [];
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) expect(command).toBe(['node', ...flags, 'dist/main.js'].join(' '));
  });

  it("gives the harness a build's own flags, or the fallback package's when the build has no package.json", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-start-flags-'));
    try {
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'node  --a=1 --b dist/main.js' } }));
      expect(startNodeFlags(dir)).toEqual(['--a=1', '--b']);
      expect(startNodeFlagsOfBuild(join(dir, 'dist'), ROOT)).toEqual(['--a=1', '--b']);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { start: 'nest start' } }));
      expect(startNodeFlags(dir)).toEqual([]);
      expect(startNodeFlagsOfBuild(join(dir, 'nothing', 'dist'), ROOT)).toEqual(flags);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
