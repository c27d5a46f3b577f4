// SSE scenarios with the eventsource package. argv: <base URL> <framing|replay|gap>. The server keeps five
// publications per channel (EventSourceScenariosTest).
import { EventSource } from 'eventsource';
import { baseUrl, check, hook, ok, run, waitFor } from './lib.mjs';

const scenario = process.argv[3];

/** Opens a stream on /sse/<channel> and records what it receives. */
function open(channel, lastEventId, cleanup) {
  const options = {};
  if (lastEventId !== undefined) {
    options.fetch = (input, init) => fetch(input, {
      ...init,
      headers: { ...(init && init.headers), 'Last-Event-ID': lastEventId },
    });
  }
  const source = new EventSource(`${baseUrl}sse/${encodeURIComponent(channel)}`, options);
  const stream = { source, id: null, messages: [], gaps: [], lastEventId: '' };
  source.addEventListener('connection', (event) => { stream.id = event.data; });
  source.addEventListener('gap', (event) => { stream.gaps.push(JSON.parse(event.data)); });
  source.onmessage = (event) => {
    stream.messages.push(event.data);
    stream.lastEventId = event.lastEventId;
  };
  cleanup(() => source.close());
  return stream;
}

async function opened(stream) {
  await waitFor('the connection event', () => stream.id);
  return stream;
}

const publish = (channel, message) => hook({ op: 'publish', channel, message });

await run(async (cleanup) => {
  const channel = `es-${scenario}-${Date.now()}`;
  if (scenario === 'framing') {
    const stream = await opened(open(channel, undefined, cleanup));
    const sent = ['line one\nline two\r\nline three\rfour', 'trailing newline\n', 'data: not a field\nid: 99',
      'unicode \u00e9 \u4e16\u754c \ud83d\ude80', ':not a comment'];
    const expected = ['line one\nline two\nline three\nfour', 'trailing newline\n', 'data: not a field\nid: 99',
      'unicode \u00e9 \u4e16\u754c \ud83d\ude80', ':not a comment'];
    for (const text of sent) await publish(channel, text);
    await waitFor('every message', () => stream.messages.length >= expected.length);
    check(JSON.stringify(stream.messages) === JSON.stringify(expected), `received ${JSON.stringify(stream.messages)}`);
    check(stream.lastEventId.startsWith(`${channel}=`) && stream.lastEventId.endsWith(':5'),
      `last event id ${stream.lastEventId}`);
    ok(`framing: ${stream.messages.length} messages intact, id ${stream.lastEventId}`);
  } else if (scenario === 'replay') {
    const first = await opened(open(channel, undefined, cleanup));
    await publish(channel, 'm1');
    await publish(channel, 'm2');
    await waitFor('m1 and m2', () => first.messages.length === 2);
    const resumeFrom = first.lastEventId;
    first.source.close();
    // Whether or not the server noticed the close yet, what follows is missed by this client.
    await publish(channel, 'm3');
    const second = open(channel, resumeFrom, cleanup);
    await opened(second);
    await publish(channel, 'm4');
    await waitFor('the replay and m4', () => second.messages.length >= 2);
    check(JSON.stringify(second.messages) === JSON.stringify(['m3', 'm4']), `received ${JSON.stringify(second.messages)}`);
    check(second.gaps.length === 0, `unexpected gap ${JSON.stringify(second.gaps)}`);
    ok(`replay from ${resumeFrom}: ${JSON.stringify(second.messages)}`);
  } else if (scenario === 'gap') {
    const first = await opened(open(channel, undefined, cleanup));
    await publish(channel, 'm1');
    await waitFor('m1', () => first.messages.length === 1);
    const resumeFrom = first.lastEventId;
    first.source.close();
    // Whether or not the server noticed the close yet, what follows is missed by this client.
    for (let i = 2; i <= 9; i++) await publish(channel, `m${i}`);
    const second = open(channel, resumeFrom, cleanup);
    await waitFor('the retained messages', () => second.messages.length >= 5);
    check(second.gaps.length === 1, `gaps ${JSON.stringify(second.gaps)}`);
    const gap = second.gaps[0];
    check(gap.reason === 'evicted' && gap.from === 2 && gap.to === 4 && gap.channel === channel,
      `gap ${JSON.stringify(gap)}`);
    check(JSON.stringify(second.messages) === JSON.stringify(['m5', 'm6', 'm7', 'm8', 'm9']),
      `received ${JSON.stringify(second.messages)}`);

    const foreign = open(channel, `${encodeURIComponent(channel)}=otherepoch1:3`, cleanup);
    await waitFor('the epoch gap', () => foreign.gaps.length === 1 && foreign.messages.length >= 5);
    check(foreign.gaps[0].reason === 'epoch' && foreign.gaps[0].previousEpoch === 'otherepoch1',
      `gap ${JSON.stringify(foreign.gaps[0])}`);
    ok(`gap: ${JSON.stringify(gap)} then ${JSON.stringify(second.messages)}; foreign id: ${JSON.stringify(foreign.gaps[0])}`);
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }
});
