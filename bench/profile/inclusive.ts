/**
 * Inclusive (self + callees) time of the functions whose name or file matches the given patterns,
 * from a .cpuprofile, each sample counted once per pattern however deep the recursion; with the
 * number of requests served while sampling, also µs per request.
 *
 *   npx ts-node --transpile-only bench/profile/inclusive.ts <file.cpuprofile> <requests> <pattern>...
 *   e.g. ... 12345-1.cpuprofile 40000 ValidationPipe.transform RequestObserver request-observer.js
 * A pattern matches `functionName url:line`; a sample's stack is walked from leaf to root.
 */
import { readFileSync } from 'node:fs';
import { CpuProfile, ProfileNode } from './summarize';

export function inclusiveTimes(
  file: string,
  patterns: string[],
): { busyMs: number; idleMs: number; ms: Map<string, number> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const label = (node: ProfileNode) =>
    `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url}:${node.callFrame.lineNumber + 1}`;
  const ms = new Map(patterns.map((pattern) => [pattern, 0]));
  let busy = 0;
  let idle = 0;
  profile.samples.forEach((id, index) => {
    const delta = (profile.timeDeltas[index] ?? 0) / 1000;
    const leaf = byId.get(id);
    if (!leaf) return;
    if (leaf.callFrame.functionName === '(idle)') {
      idle += delta;
      return;
    }
    busy += delta;
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (node) stack.push(label(node));
    }
    for (const pattern of patterns)
      if (stack.some((frame) => frame.includes(pattern)))
        ms.set(pattern, (ms.get(pattern) ?? 0) + delta);
  });
  return { busyMs: busy, idleMs: idle, ms };
}

if (require.main === module) {
  const [file, requestsText, ...patterns] = process.argv.slice(2);
  const requests = Number(requestsText);
  const { busyMs, idleMs, ms } = inclusiveTimes(file, patterns);
  const perRequest = (value: number) =>
    requests > 0 ? `${((value * 1000) / requests).toFixed(1).padStart(7)} µs/req` : '';
  process.stdout.write(
    `${file}: busy ${busyMs.toFixed(0)} ms, idle ${idleMs.toFixed(0)} ms ${perRequest(busyMs)}\n`,
  );
  for (const [pattern, value] of ms)
    process.stdout.write(
      `  ${((value / busyMs) * 100).toFixed(1).padStart(5)}%  ${value.toFixed(0).padStart(6)} ms ${perRequest(value)}  ${pattern}\n`,
    );
}
