// An sgc (esegece.com) client driven by Node's `ws`, for the Switchboard integration tests.
//
//   node sgc-client.mjs <ws-url> <channel> <message>
//
// Connects offering the subprotocol esegece.com, reads the session message, subscribes to <channel> (JS form,
// with an id), publishes <message> to it (with an id), waits for its own sgc@event and prints one JSON line:
//   {"protocol":..,"session":..,"subscribed":..,"acknowledged":[..],"event":{"method":"sgc@event",..}}
// Exits 0 on success, 1 on a protocol error or a closed connection, 2 when the deadline passes.
import WebSocket from 'ws';

const [url, channel, message] = process.argv.slice(2);
if (!url || !channel || message === undefined) {
  console.error('usage: node sgc-client.mjs <ws-url> <channel> <message>');
  process.exit(64);
}

const DEADLINE_MS = Number(process.env.SGC_CLIENT_DEADLINE_MS ?? 15000);
const report = { protocol: null, session: null, subscribed: null, acknowledged: [], event: null };
const socket = new WebSocket(url, ['esegece.com']);

const deadline = setTimeout(() => {
  console.error('deadline passed; so far: ' + JSON.stringify(report));
  process.exit(2);
}, DEADLINE_MS);

function fail(reason) {
  clearTimeout(deadline);
  console.error(reason + '; so far: ' + JSON.stringify(report));
  process.exit(1);
}

function send(object) {
  socket.send(JSON.stringify({ jsonrpc: '2.0', ...object }));
}

socket.on('open', () => {
  report.protocol = socket.protocol;
});

socket.on('message', (data, isBinary) => {
  if (isBinary) {
    fail('unexpected binary frame');
    return;
  }
  const frame = JSON.parse(data.toString('utf8'));
  if (frame.error) {
    fail('error from the server: ' + JSON.stringify(frame));
    return;
  }
  const result = frame.result ?? {};
  switch (result.method) {
    case 'sgc@session':
      report.session = result.message;
      send({ method: 'sgc@subscribe', params: { channel, message: '' }, id: 'node-sub-1' });
      break;
    case 'sgc@acknowledgment':
      report.acknowledged.push(frame.id);
      break;
    case 'sgc@subscribe':
      report.subscribed = result.channel;
      send({ method: 'sgc@publish', params: { channel, message, queue: 'queueLevel0' }, id: 'node-pub-1' });
      break;
    case 'sgc@event':
      report.event = result;
      clearTimeout(deadline);
      console.log(JSON.stringify(report));
      socket.close(1000);
      break;
    default:
      break;
  }
});

socket.on('close', (code, reason) => {
  if (report.event === null) {
    fail('closed with ' + code + ' ' + reason.toString());
  }
});

socket.on('error', (error) => fail('socket error: ' + error.message));
