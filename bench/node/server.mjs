// The Node.js ws peer of the benchmark (docs/benchmarks.md, "Node.js ws"): the echo and broadcast a team would write
// with ws, served on 127.0.0.1 and a free port, driven by dev.switchboard.bench.Harness like the raw Jetty baseline.
//
//   /echo    sends every text or binary message back as it came.
//   /fanout  the baseline's two commands (RawBroadcastEndpoint): "SUB" makes the connection a subscriber, answered
//            with "SUBSCRIBED"; "PUB <payload>" sends the payload to every subscriber, one client.send() each.
//
// The harness talks to it over standard input and output as to its Java servers (BenchServer): it prints
// "BENCH READY <port>", answers STATS with "BENCH STATS heap=<bytes> rss=<bytes> fds=<n> threads=<n>" after two full
// collections (run with --expose-gc; heap is V8's heapUsed), FDS with "BENCH FDS <n>", LIVE with
// "BENCH LIVE heap=<bytes> rss=<bytes> fds=<n> threads=<n>" (no collection), and exits on QUIT or when its input
// closes, so it never outlives a run. Everything else it says goes to standard error, which the harness keeps.
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';

if (typeof global.gc !== 'function') {
  console.error('server.mjs needs --expose-gc: its heap figure is read after a full collection');
  process.exit(2);
}

// Two servers on one HTTP server, routed by path on upgrade, as ws's README shows for several endpoints. Default
// options: no permessage-deflate (the driver offers none either), client tracking on.
const echo = new WebSocketServer({ noServer: true });
const fanout = new WebSocketServer({ noServer: true });
const routes = new Map([['/echo', echo], ['/fanout', fanout]]);

const http = createServer((request, response) => response.writeHead(404).end());
http.on('upgrade', (request, socket, head) => {
  const server = routes.get(new URL(request.url, 'http://127.0.0.1').pathname);
  if (!server) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
});

echo.on('connection', (ws) => {
  // A failed connection is closed by ws; the driver notices the missing answer.
  ws.on('error', () => {});
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});

// The plain broadcast loop: every open subscriber gets its own client.send(payload), which frames the text for that
// client. No frame is built once for all (ws's Sender.frame and a write to each socket would do that, outside ws's
// documented server API), as the raw Jetty baseline sends the text to each session.
const subscribers = new Set();
fanout.on('connection', (ws) => {
  ws.on('error', () => subscribers.delete(ws));
  ws.on('close', () => subscribers.delete(ws));
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      return;
    }
    const text = data.toString();
    if (text.startsWith('PUB ')) {
      const payload = text.slice(4);
      for (const client of subscribers) {
        if (client.readyState === WebSocket.OPEN) {
          client.send(payload);
        }
      }
    } else if (text === 'SUB') {
      subscribers.add(ws);
      ws.send('SUBSCRIBED');
    }
  });
});

function status(field) {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return line ? Number.parseInt(line.replace(/[^0-9]/g, ''), 10) : 0;
}

function figures() {
  // VmRSS is in kB, as the Java servers read it.
  return `heap=${process.memoryUsage().heapUsed} rss=${status('VmRSS') * 1024}`
    + ` fds=${readdirSync('/proc/self/fd').length} threads=${status('Threads')}`;
}

function reply(line) {
  process.stdout.write(`${line}\n`);
}

function stop() {
  process.exit(0);
}

createInterface({ input: process.stdin })
  .on('line', (line) => {
    switch (line) {
      case 'STATS':
        // Two collections, as the Java servers do: the first may leave garbage that only the second frees.
        global.gc();
        global.gc();
        reply(`BENCH STATS ${figures()}`);
        break;
      case 'FDS':
        reply(`BENCH FDS ${readdirSync('/proc/self/fd').length}`);
        break;
      case 'LIVE':
        reply(`BENCH LIVE ${figures()}`);
        break;
      case 'QUIT':
        stop();
        break;
      default:
        break;
    }
  })
  .on('close', stop);

http.listen(0, '127.0.0.1', () => {
  console.error(`Node.js ${process.version}, ws serving /echo and /fanout on 127.0.0.1:${http.address().port}`);
  reply(`BENCH READY ${http.address().port}`);
});
