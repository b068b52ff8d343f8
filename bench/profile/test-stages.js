'use strict';
/**
 * Preloaded into a built service (`node -r ./bench/profile/test-stages.js dist/main.js`): where a
 * `POST /{id}/test` spends its wall time, stage by stage, measured inside the service. Wraps the
 * prototypes of the built classes on the test's path (lookup + quota, opening the secrets, host
 * policy, the driver's probe, the history write, the tester as a whole) and times each request from
 * its 'request' event to its response's 'finish'. The first SIGWINCH clears what was recorded (the
 * warm-up), the next writes the p50/p90 of every stage to stderr (bench/profile/ab-test-endpoint.ts
 * with AB_STAGES=1 sends both). Plain JS on purpose, like the profilers. Adds two performance.now()
 * per stage: a few µs per test.
 */
const http = require('node:http');
const { dirname, join } = require('node:path');
const { performance } = require('node:perf_hooks');

const dist = dirname(process.argv[1]);
const samples = new Map();
const record = (stage, ms) => {
  let list = samples.get(stage);
  if (!list) samples.set(stage, (list = []));
  list.push(ms);
};

function timeMethod(file, className, method, stage) {
  const Class = require(join(dist, file))[className];
  const original = Class.prototype[method];
  Class.prototype[method] = function timed(...args) {
    const t0 = performance.now();
    const result = original.apply(this, args);
    if (result && typeof result.then === 'function') {
      return result.finally(() => record(stage, performance.now() - t0));
    }
    record(stage, performance.now() - t0);
    return result;
  };
}

timeMethod('connections/testing/connection-tester.js', 'ConnectionTester', 'test', 'tester.test (lookup → answer ready)');
timeMethod('connections/dialing/connection-dialing.js', 'ConnectionDialing', 'admit', '  admit (store lookup + quota)');
timeMethod('connections/dialing/connection-dialing.js', 'ConnectionDialing', 'start', '  start (secrets opened, deadline armed)');
timeMethod('host-policy/host-policy.service.js', 'DnsHostPolicy', 'resolve', '  host policy');
timeMethod('drivers/postgres/postgres.driver.js', 'PostgresDriver', 'probe', '  probe (connect, auth, query; close handed over)');
timeMethod('connections/history/connection-history.service.js', 'ConnectionHistoryService', 'recordRun', '  history write (INSERT + commit)');

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function timedEmit(event, request, response) {
  if (event === 'request' && request.method === 'POST' && request.url.endsWith('/test')) {
    const t0 = performance.now();
    response.once('finish', () => record('request in → response written', performance.now() - t0));
  }
  return emit.apply(this, arguments);
};

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
let armed = false;
process.on('SIGWINCH', () => {
  if (!armed) {
    samples.clear();
    armed = true;
    return;
  }
  const lines = [...samples].map(([stage, list]) => {
    const sorted = [...list].sort((a, b) => a - b);
    return `${stage.padEnd(52)} n=${String(sorted.length).padStart(5)}  p50 ${percentile(sorted, 0.5).toFixed(2)} ms  p90 ${percentile(sorted, 0.9).toFixed(2)} ms`;
  });
  process.stderr.write(`test-stages (pid ${process.pid}):\n${lines.join('\n')}\n`);
  samples.clear();
  armed = false;
});
