'use strict';
/**
 * What the profiling preloads (cpu-profiler.js, heap-sampler.js) share: an inspector session on the
 * server's own V8, and SIGWINCH as the switch (not SIGUSR2: Nest's enableShutdownHooks() closes
 * the app on it). The first signal calls `start(session)`; the next calls `stop(session, save)`,
 * and `save(profile)` writes BENCH_PROFILE_DIR/<pid>-<n>.<extension>. Plain JS on purpose: loading
 * ts-node into the server would patch stack traces and skew the profile.
 */
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

function toggledBySigwinch(name, extension, start, stop) {
  const dir = process.env.BENCH_PROFILE_DIR || 'bench/results/profiles';
  const session = new Session();
  session.connect();
  let running = false;
  let count = 0;
  const save = (profile) => {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${process.pid}-${++count}.${extension}`);
    writeFileSync(file, JSON.stringify(profile));
    process.stderr.write(`${name}: wrote ${file}\n`);
  };
  process.on('SIGWINCH', () => {
    running = !running;
    if (running) start(session);
    else stop(session, save);
  });
}

module.exports = { toggledBySigwinch };
