/** Reads a .cpuprofile and prints where the self time went: by package/area and by function. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The newest profile a preload (cpu-profiler.js, heap-sampler.js) wrote in `dir` for process `pid`, ending in `extension`. */
export function newestProfile(dir: string, pid: number, extension = ''): string | undefined {
  return readdirSync(dir)
    .filter((name) => name.startsWith(`${pid}-`) && name.endsWith(extension))
    .map((name) => join(dir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** node_modules/<pkg>, node core, the service's own folders, or V8's pseudo-frames. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return 'node core';
  const own = /\/(dist|bench)\/(.*?)[^/]*$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`.replace(/\/$/, '');
  return url;
}

function summarize(profile: CpuProfile, keyOf: (node: ProfileNode) => string, top: number): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!node) return;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + delta);
    all += delta;
  });
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: all > 0 ? micros / all : 0 }));
}

export function summarizeProfile(file: string, top = 25): { byArea: SelfTime[]; byFunction: SelfTime[]; busyShare: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byArea = summarize(profile, (node) => areaOf(node.callFrame.url, node.callFrame.functionName), top);
  const byFunction = summarize(
    profile,
    (node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url ? `${relative(process.cwd(), url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
      return `${functionName || '(anonymous)'} ${where}`.trim();
    },
    top,
  );
  const idle = byArea.find((entry) => entry.name === '(idle)')?.share ?? 0;
  return { byArea, byFunction, busyShare: 1 - idle };
}

export function formatSelfTimes(title: string, entries: SelfTime[]): string {
  return [`${title}`, ...entries.map((entry) => `  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.ms.toFixed(0).padStart(7)} ms  ${entry.name}`)].join('\n');
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) {
    const { byArea, byFunction } = summarizeProfile(file);
    process.stdout.write(`${file}\n${formatSelfTimes('self time by area', byArea)}\n${formatSelfTimes('self time by function', byFunction)}\n\n`);
  }
}
