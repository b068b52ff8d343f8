// A small client for latency percentiles: `count` requests one after another on one keep-alive
// connection, from a process of its own (so the harness's own garbage collection — it has just
// serialised multi-megabyte catalogs — never lands inside a measured request), with the body
// serialised once, as a client sending the same document would. Prints the times (ms) as JSON.
// Usage: node sequential-client.js <url> <method> <warmups> <count> [body | - | @file] [--expect=<status>]
//        [--header=<name>:<value>]... [--spans] [--serve]
// `-` reads the body from stdin, `@file` from a file; a JSON body is sent as application/json. Without
// --expect, any status from 300 up fails the run; with it, any other status does. --spans prints each
// call's [start, end] in epoch ms instead (to line calls up with what a server logged). --serve keeps
// the process and its connection: after the warm-ups and `count` calls, each line `<n>` read from
// stdin runs n more calls and prints their times as one JSON line (a harness interleaving targets in
// small blocks drives one such client per target).
const http = require('node:http');

const positional = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [url, method, warmups, count, bodyArg] = positional;
const expect = Number(flags.find((flag) => flag.startsWith('--expect='))?.slice('--expect='.length)) || undefined;
const headers = {};
for (const flag of flags.filter((item) => item.startsWith('--header='))) {
  const [name, ...value] = flag.slice('--header='.length).split(':');
  headers[name.toLowerCase()] = value.join(':');
}
const spans = flags.includes('--spans');
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function once(body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, { method, agent, headers }, (response) => {
      response.resume();
      response.on('end', () => {
        const status = response.statusCode;
        if (expect ? status !== expect : status >= 300) reject(new Error(`${method} ${url} answered ${status}`));
        else resolve(spans ? [performance.timeOrigin + started, performance.timeOrigin + performance.now()] : performance.now() - started);
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function readBody() {
  if (bodyArg?.startsWith('@')) return require('node:fs').readFileSync(bodyArg.slice(1));
  if (bodyArg !== '-') return bodyArg;
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks);
}

(async () => {
  const body = await readBody();
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const run = async (calls) => {
    const times = [];
    for (let index = 0; index < calls; index++) times.push(await once(body));
    return times;
  };
  await run(Number(warmups));
  const first = await run(Number(count));
  if (!flags.includes('--serve')) {
    process.stdout.write(JSON.stringify(first));
    agent.destroy();
    return;
  }
  for await (const line of require('node:readline').createInterface({ input: process.stdin })) {
    if (line.trim() !== '') process.stdout.write(`${JSON.stringify(await run(Number(line)))}\n`);
  }
  agent.destroy();
})().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
