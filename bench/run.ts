/**
 * `npm run bench [-- filter...]`: builds the service when dist/ is missing or older than src/, then runs
 * every bench/suites/*.suite.ts whose file name contains one of the filters (all when none is given)
 * and prints one markdown table per suite, with ratio columns against the baselines measured in the
 * same run. Autocannon runs in this process; every server is a child process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BenchContext, BenchRow, BenchSuite, ROOT, SERVICE_DIR, SETTINGS, formatTable, writeResults } from './harness';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const main = join(ROOT, 'dist', 'main.js');
  if (SERVICE_DIR !== join(ROOT, 'dist')) return;
  if (process.env.BENCH_SKIP_BUILD === '1' && existsSync(main)) return;
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  process.stderr.write('dist/ is missing or older than src/: npm run build\n');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

function suiteFiles(filters: string[]): string[] {
  const dir = join(__dirname, 'suites');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.suite.ts'))
    .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
    .sort()
    .map((name) => join(dir, name));
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = suiteFiles(filters);
  if (files.length === 0) throw new Error(`no suite in bench/suites matches ${filters.join(', ')}`);
  ensureBuilt();
  process.stderr.write(
    `bench: ${SETTINGS.connections} connections, ${SETTINGS.warmupSeconds} s warm-up + ${SETTINGS.durationSeconds} s per row, ` +
      `node ${process.version}, PostgreSQL at ${new URL(SETTINGS.serverUrl).host}\n`,
  );
  const ctx = new BenchContext();
  const stop = () => {
    void ctx.dispose().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let failed = false;
  try {
    for (const file of files) {
      const suite = ((await import(file)) as { default: BenchSuite }).default;
      process.stderr.write(`\n== ${suite.name}\n`);
      let rows: BenchRow[];
      try {
        rows = await suite.run(ctx);
      } catch (error) {
        failed = true;
        process.stderr.write(`suite ${suite.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        continue;
      } finally {
        await ctx.dispose();
      }
      process.stdout.write(`\n${formatTable(suite.name, rows)}\n`);
      process.stderr.write(`results: ${writeResults(suite.name, rows)}\n`);
    }
  } finally {
    await ctx.dispose();
  }
  if (failed) process.exitCode = 1;
}

void main();
