'use strict';
/**
 * Preloaded into a server under test (`node -r ./bench/profile/request-timing.js ...`): every HTTP
 * request is written to stderr as one line `request-timing <start> <ms> <cpu µs>` when its response
 * has been handed to the socket: start in epoch milliseconds (as gc-timeline.js), the time from
 * Node's 'request' event (headers parsed) to the response's 'finish', and the process's CPU over
 * that time (all threads: GC and compiler helpers included). Used by validate-tail.ts.
 */
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const origin = performance.timeOrigin;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitTimed(event, request, response) {
  if (event === 'request') {
    const started = performance.now();
    const cpu = process.cpuUsage();
    response.once('finish', () => {
      const used = process.cpuUsage(cpu);
      process.stderr.write(
        `request-timing ${(origin + started).toFixed(3)} ${(performance.now() - started).toFixed(3)} ${used.user + used.system}\n`,
      );
    });
  }
  return emit.apply(this, arguments);
};
