// WAMP scenarios with autobahn (autobahn-js on Node with ws) against the wamp.2.json router.
// argv: <base URL> <pubsub|rpc|progress|cancel|ticket|wampcra|msgpack>.
import autobahn from 'autobahn';
import { EventSource } from 'eventsource';
import WebSocket from 'ws';
import { baseUrl, check, hook, ok, run, waitFor } from './lib.mjs';

// autobahn-js uses the global WebSocket, which Node has from version 22 on; before that the ws package is it.
if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = WebSocket;

const scenario = process.argv[3];
const wsUrl = `${baseUrl.replace(/^http/, 'ws')}ws`;

/** Opens a session; resolves with it, or rejects with the close reason (an ABORT's URI). */
function join(cleanup, options = {}) {
  return new Promise((resolve, reject) => {
    const connection = new autobahn.Connection({
      url: wsUrl, realm: 'realm1', max_retries: 0, retry_if_unreachable: false, ...options,
    });
    connection.onopen = (session, details) => {
      session.welcome = details;
      resolve(session);
    };
    connection.onclose = (reason, details) => {
      reject(new Error(`${reason} ${details && details.reason}`));
      return true;
    };
    cleanup(() => { if (connection.isOpen) connection.close(); });
    connection.open();
  });
}

/** Rejection's error URI, or a failure if the promise resolved. */
async function refusal(promise) {
  try {
    const value = await promise;
    throw new Error(`expected an error, got ${JSON.stringify(value)}`);
  } catch (e) {
    return e.error || e.message;
  }
}

await run(async (cleanup) => {
  const tag = `com.${scenario}${Date.now()}`;
  if (scenario === 'pubsub') {
    const sub = await join(cleanup);
    const pub = await join(cleanup);
    const received = [];
    const record = (kind) => (args, kwargs, details) => received.push({ kind, args, kwargs, topic: details.topic });
    await sub.subscribe(`${tag}.news`, record('exact'));
    await sub.subscribe(`${tag}.`, record('prefix'), { match: 'prefix' });
    await sub.subscribe(`${tag}..today`, record('wildcard'), { match: 'wildcard' });
    const source = new EventSource(`${baseUrl}sse/${encodeURIComponent(`${tag}.news`)}`);
    cleanup(() => source.close());
    const streamed = [];
    let streamId = null;
    source.addEventListener('connection', (event) => { streamId = event.data; });
    source.onmessage = (event) => streamed.push(event.data);
    await waitFor('the SSE stream', () => streamId);

    const publication = await pub.publish(`${tag}.news`, ['hello \u00e9'], {}, { acknowledge: true });
    check(publication && publication.id > 0, `acknowledged ${JSON.stringify(publication)}`);
    await waitFor('exact and prefix events', () => received.length >= 2);
    check(received.some((e) => e.kind === 'exact' && e.args[0] === 'hello \u00e9'), JSON.stringify(received));
    check(received.some((e) => e.kind === 'prefix' && e.topic === `${tag}.news`), JSON.stringify(received));
    await waitFor('the SSE message', () => streamed.includes('hello \u00e9'));

    await pub.publish(`${tag}.sport.today`, [1, 2], { score: 'draw' });
    await waitFor('prefix and wildcard events', () => received.length >= 4);
    const wildcard = received.find((e) => e.kind === 'wildcard');
    check(wildcard && wildcard.args.length === 2 && wildcard.kwargs.score === 'draw', JSON.stringify(received));

    // A gateway publication reaches the WAMP subscriber as one argument.
    const answer = await hook({ op: 'publish', channel: `${tag}.news`, message: 'from the gateway' });
    check(answer.count >= 1, `the gateway reached ${answer.count}`);
    await waitFor('the gateway event', () => received.some((e) => e.kind === 'exact' && e.args[0] === 'from the gateway'));

    // A topic that is no channel name is refused with an error, not a closed session.
    check((await refusal(pub.publish('com.bad,list', ['x'], {}, { acknowledge: true }))) === 'wamp.error.invalid_uri',
      'a comma list topic is refused');
    ok(`pubsub: ${received.length} events over exact, prefix and wildcard, SSE and gateway shared`);
  } else if (scenario === 'rpc') {
    const callee = await join(cleanup);
    const caller = await join(cleanup);
    await callee.register(`${tag}.mul`, (args, kwargs, details) => args[0] * args[1]);
    await callee.register(`${tag}.split`, (args) => new autobahn.Result(args[0].split(' '), { words: args[0].split(' ').length }));
    await callee.register(`${tag}.fail`, () => { throw new autobahn.Error('com.example.failed', ['no'], { why: 'test' }); });
    check((await caller.call(`${tag}.mul`, [6, 7])) === 42, 'a node callee answered');
    const split = await caller.call(`${tag}.split`, ['a b c']);
    check(split.args.length === 3 && split.kwargs.words === 3, `split ${JSON.stringify(split)}`);
    const failed = await refusal(caller.call(`${tag}.fail`));
    check(failed === 'com.example.failed', `callee error ${failed}`);
    check((await refusal(callee.register(`${tag}.mul`, () => 0))) === 'wamp.error.procedure_already_exists',
      'a second registration is refused');
    check((await refusal(caller.call(`${tag}.nothing`))) === 'wamp.error.no_such_procedure', 'unknown procedure');
    // The application's @RpcMethod beans are procedures too.
    check((await caller.call('wamp.test.add', [], { a: 2, b: 3 })) === 5, 'kwargs mapped to an @RpcMethod');
    check((await caller.call('wamp.test.shout', ['hey'])) === 'HEY', 'an argument mapped to an @RpcMethod');
    check((await refusal(caller.call('wamp.test.add', ['not numbers']))) === 'wamp.error.invalid_argument',
      'arguments that do not map');
    // A callee that goes away: the call pending on it is canceled.
    let started = false;
    await callee.register(`${tag}.hang`, () => { started = true; return new Promise(() => {}); });
    const hanging = refusal(caller.call(`${tag}.hang`));
    await waitFor('the hanging invocation', () => started);
    callee.leave();
    check((await hanging) === 'wamp.error.canceled', 'the call on a departed callee is canceled');
    ok('rpc: node callee and caller, callee errors, @RpcMethod beans, a departed callee');
  } else if (scenario === 'progress') {
    const callee = await join(cleanup);
    const caller = await join(cleanup);
    await callee.register(`${tag}.count`, async (args, kwargs, details) => {
      // details.progress is there only when the caller asked for progressive results.
      if (details.progress) for (let i = 1; i <= args[0]; i++) details.progress([i]);
      return 'done';
    });
    const progress = [];
    const result = await caller.call(`${tag}.count`, [3], {}, { receive_progress: true })
      .then((r) => r, (e) => { throw e; }, (p) => progress.push(p));
    check(result === 'done', `result ${result}`);
    check(JSON.stringify(progress) === '[1,2,3]', `progress ${JSON.stringify(progress)}`);
    // Without receive_progress only the final result arrives.
    check((await caller.call(`${tag}.count`, [2])) === 'done', 'final result without progress');
    ok('progress: three progressive results, then the final one');
  } else if (scenario === 'cancel') {
    const callee = await join(cleanup);
    const caller = await join(cleanup);
    let invoked = 0;
    await callee.register(`${tag}.slow`, () => { invoked++; return new Promise(() => {}); });
    const call = caller.call(`${tag}.slow`, [], {}, {});
    await waitFor('the invocation', () => invoked === 1);
    call.cancel({ mode: 'kill' });
    check((await refusal(call)) === 'wamp.error.canceled', 'the canceled call');
    // The session goes on: a call timeout set by the caller cancels too.
    const timed = refusal(caller.call(`${tag}.slow`, [], {}, { timeout: 200 }));
    check((await timed) === 'wamp.error.canceled', 'the timed-out call');
    ok('cancel: kill mode and a caller timeout end the calls with wamp.error.canceled');
  } else if (scenario === 'ticket') {
    const alice = await join(cleanup, { authmethods: ['ticket'], authid: 'alice', onchallenge: () => 'alice-pw' });
    check(alice.id > 0, 'alice joined');
    let refused;
    try {
      await join(cleanup, { authmethods: ['ticket'], authid: 'alice', onchallenge: () => 'wrong' });
    } catch (e) {
      refused = e.message;
    }
    check(refused && refused.includes('wamp.error.authentication_failed'), `refused ${refused}`);
    ok('ticket: the right ticket joins, a wrong one is aborted');
  } else if (scenario === 'wampcra') {
    // Answers a WAMP-CRA challenge with a password, recording what the router asked.
    const challenges = [];
    const cra = (password) => (session, method, extra) => {
      check(method === 'wampcra', `challenged with ${method}`);
      challenges.push(extra);
      const key = autobahn.auth_cra.derive_key(password, extra.salt, extra.iterations, extra.keylen);
      return autobahn.auth_cra.sign(key, extra.challenge);
    };
    const refusedWith = async (options) => {
      try {
        await join(cleanup, options);
      } catch (e) {
        return e.message;
      }
      throw new Error(`${options.authid} joined`);
    };
    // ticket comes second in the client's preference: the router takes wampcra.
    const alice = await join(cleanup, { authmethods: ['wampcra', 'ticket'], authid: 'alice', onchallenge: cra('alice-pw') });
    check(alice.id > 0 && alice.welcome.authid === 'alice' && alice.welcome.authmethod === 'wampcra',
      `alice joined as ${alice.welcome.authid} by ${alice.welcome.authmethod}`);
    const first = challenges[0];
    check(first.keylen === 32 && first.iterations === 1000 && JSON.parse(first.challenge).authid === 'alice',
      `the challenge ${JSON.stringify(first)}`);
    const wrong = await refusedWith({ authmethods: ['wampcra'], authid: 'alice', onchallenge: cra('wrong') });
    check(wrong.includes('wamp.error.authentication_failed'), `a wrong password: ${wrong}`);
    check(challenges[1].salt === first.salt && challenges[1].challenge !== first.challenge,
      'the same salt, a fresh challenge');
    // An unknown user gets a challenge like a real one, the same salt each time, and is refused.
    const unknown = await refusedWith({ authmethods: ['wampcra'], authid: 'mallory', onchallenge: cra('guess') });
    const again = await refusedWith({ authmethods: ['wampcra'], authid: 'mallory', onchallenge: cra('guess') });
    check(unknown.includes('wamp.error.authentication_failed') && again.includes('wamp.error.authentication_failed'),
      `an unknown user: ${unknown}`);
    const [m1, m2] = challenges.slice(2);
    check(m1.salt === m2.salt && m1.salt !== first.salt && m1.salt.length === first.salt.length
      && m1.iterations === first.iterations && m1.keylen === first.keylen, 'a decoy challenge looks like a real one');
    // A bcrypt hash cannot serve a challenge, but the same user still joins with a ticket.
    const bcrypt = await refusedWith({ authmethods: ['wampcra'], authid: 'bob', onchallenge: cra('bob-pw') });
    check(bcrypt.includes('wamp.error.authentication_failed'), `bob by wampcra: ${bcrypt}`);
    const bob = await join(cleanup, { authmethods: ['ticket'], authid: 'bob', onchallenge: () => 'bob-pw' });
    check(bob.welcome.authid === 'bob' && bob.welcome.authmethod === 'ticket', 'bob joined with a ticket');
    ok('wampcra: the right password joins, a wrong one and an unknown user are aborted alike');
  } else if (scenario === 'msgpack') {
    const serializers = [new autobahn.serializer.MsgpackSerializer()];
    const packed = await join(cleanup, { serializers });
    const json = await join(cleanup);
    check(packed._socket.info.protocol === 'wamp.2.msgpack', `negotiated ${packed._socket.info.protocol}`);
    check(json._socket.info.protocol === 'wamp.2.json', `negotiated ${json._socket.info.protocol}`);
    const received = [];
    await json.subscribe(`${tag}.t`, (args, kwargs) => received.push({ args, kwargs }));
    await packed.publish(`${tag}.t`, [1.5, 'two', { three: [3] }], { k: true }, { acknowledge: true });
    await waitFor('the msgpack publication over JSON', () => received.length >= 1);
    check(JSON.stringify(received[0]) === JSON.stringify({ args: [1.5, 'two', { three: [3] }], kwargs: { k: true } }),
      `received ${JSON.stringify(received[0])}`);
    await json.register(`${tag}.echo`, (args, kwargs) => new autobahn.Result(args, kwargs));
    const echoed = await packed.call(`${tag}.echo`, ['\u00e9', 42], { big: 9007199254740991 });
    check(echoed.args[0] === '\u00e9' && echoed.args[1] === 42 && echoed.kwargs.big === 9007199254740991,
      `echoed ${JSON.stringify(echoed)}`);
    check((await packed.call('wamp.test.add', [], { a: 40, b: 2 })) === 42, 'an @RpcMethod over msgpack');
    ok('msgpack: a msgpack session publishes to and calls a JSON session and an @RpcMethod');
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }
});
