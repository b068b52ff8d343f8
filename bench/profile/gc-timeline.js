'use strict';
/**
 * Preloaded into a server under test (`node -r ./bench/profile/gc-timeline.js ...`): every garbage
 * collection the process runs is written to stderr as one line `gc-timeline <kind> <start> <ms>`,
 * start in epoch milliseconds (performance.timeOrigin + startTime, so a client on the same machine can
 * line its calls up with them), kind `minor`, `major`, `incremental` or `weakcb`. Used by
 * profile-validate.ts (BENCH_TIMELINE=1) to say which slow calls had a collection in them.
 */
const { PerformanceObserver, performance, constants } = require('node:perf_hooks');

const KINDS = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
};
const origin = performance.timeOrigin;
new PerformanceObserver((list) => {
  let text = '';
  for (const entry of list.getEntries()) {
    const kind = KINDS[entry.detail ? entry.detail.kind : entry.kind] ?? 'other';
    text += `gc-timeline ${kind} ${(origin + entry.startTime).toFixed(3)} ${entry.duration.toFixed(3)}\n`;
  }
  process.stderr.write(text);
}).observe({ entryTypes: ['gc'] });
