// Two pages written against the sgc JavaScript WebRTC API (`sgcws_webrtc` from /webrtc.esegece.com.js, loaded by a
// script tag) in headless Chromium with fake camera and microphone: they join one channel, the second calls the
// first through Switchboard's webrtc.esegece.com signalling, the media tracks arrive, both exchange text over the
// RTCDataChannel on loopback (host candidates only, no STUN), and when one hangs up the server closes the other's
// connection (close-session-on-hangup). argv: <base URL>.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';
import { WEBRTC_FLAGS } from './webrtc-flags.mjs';

async function page(browser, name, channel) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  tab.on('pageerror', (e) => process.stdout.write(`page error in ${name}: ${e.message}\n`));
  await tab.goto(`${baseUrl}index.html`);
  await tab.addScriptTag({ url: `${baseUrl}webrtc.esegece.com.js` });
  await tab.evaluate(({ channel }) => {
    window.seen = [];
    window.ended = null;
    // The page as an sgc user writes it.
    var socket = new sgcws_webrtc(new URL('./', location.href).href.replace(/^http/, 'ws'));
    socket.on('sgcmediastart', function (event) {
      window.seen.push('media ' + (event.stream ? event.stream.getTracks().length : 0));
      socket.webrtc_connect(channel);
    });
    socket.on('sgcmediaerror', function (event) { window.seen.push('media error ' + event.message); });
    socket.on('sgcsubscribe', function (event) { window.seen.push('users ' + event.users); });
    socket.on('sgcsessionopen', function () { window.seen.push('session open'); });
    socket.on('sgcsessionclose', function (event) { window.seen.push('session close ' + (event.remote ? 'remote' : 'local')); });
    socket.on('sgcaddstream', function (event) { window.seen.push('track ' + event.track.kind); });
    socket.on('sgcdatachannelopen', function () { window.seen.push('data open'); });
    socket.on('sgcdatamessage', function (event) { window.seen.push('data ' + event.data); });
    socket.on('error', function (event) { window.seen.push('error ' + event.message); });
    socket.on('close', function (event) { window.ended = { code: event.code, reason: event.reason }; });
    window.socket = socket;
  }, { channel });
  const seen = () => tab.evaluate(() => window.seen.slice());
  return {
    tab,
    seen,
    await: (line) => waitFor(`${name} to see '${line}'`, async () => (await seen()).includes(line), 30000),
  };
}

await run(async (cleanup) => {
  const browser = await launchChromium(WEBRTC_FLAGS);
  cleanup(() => browser.close());
  const channel = `call ${Date.now()}`;
  const ann = await page(browser, 'Ann', channel);
  await ann.await('media 2');
  await ann.await('users 1');
  const bob = await page(browser, 'Bob', channel);
  await bob.await('users 2');
  for (const peer of [ann, bob]) {
    await peer.await('session open');
    await peer.await('data open');
    await peer.await('track video');
    await peer.await('track audio');
  }
  ok('the second peer called the first through webrtc.esegece.com and the fake media tracks arrived');

  await ann.tab.evaluate(() => window.socket.webrtc_send('hello from Ann'));
  await bob.await('data hello from Ann');
  await bob.tab.evaluate(() => window.socket.webrtc_send('hello from Bob'));
  await ann.await('data hello from Bob');
  // The data went between the browsers: the selected pair joins two host candidates.
  const pair = await bob.tab.evaluate(async () => {
    const session = window.socket.client.sessions.values().next().value;
    const stats = await session.pc.getStats();
    let selected = null;
    stats.forEach((s) => { if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') selected = s; });
    if (!selected) return null;
    return [stats.get(selected.localCandidateId).candidateType, stats.get(selected.remoteCandidateId).candidateType];
  });
  check(pair && pair[0] === 'host' && pair[1] === 'host', `the data flowed over a host candidate pair: ${JSON.stringify(pair)}`);
  ok('text crossed the RTCDataChannel both ways over host candidates');

  await ann.tab.evaluate(() => window.socket.close());
  const closed = await waitFor('Bob\'s connection to be closed by the server', () => bob.tab.evaluate(() => window.ended), 15000);
  check(closed.code === 1000, `Bob's connection closed with 1000: ${JSON.stringify(closed)}`);
  check(closed.reason === 'the other peer hung up', `with the hang-up reason: ${JSON.stringify(closed)}`);
  await bob.await('session close remote');
  ok('hanging up closed the other peer\'s connection (close-session-on-hangup)');

  // The demo page, driven through its form as a user would.
  const demo = async (name) => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    tab.on('pageerror', (e) => process.stdout.write(`page error in demo ${name}: ${e.message}\n`));
    await tab.goto(`${baseUrl}webrtc.esegece.com.html`);
    await waitFor(`demo ${name} to be ready`, async () => (await tab.textContent('#status')) === 'ready: join a channel');
    await tab.fill('#channel', `demo ${channel}`);
    await tab.click('#join button[type=submit]');
    return tab;
  };
  const first = await demo('one');
  await waitFor('demo one to wait', async () => (await first.textContent('#status')).startsWith('waiting for the other peer'));
  const second = await demo('two');
  for (const tab of [first, second]) {
    await waitFor('a demo page to be in a call', async () => (await tab.textContent('#status')) === 'in a call', 30000);
    await waitFor('a demo page\'s send button', () => tab.isEnabled('#send'), 30000);
  }
  await second.fill('#text', 'hello from the demo page');
  await second.click('#send');
  await waitFor('the text on the other demo page',
    async () => (await first.textContent('#log')).includes('them: hello from the demo page'));
  await second.click('#hangup');
  await waitFor('the other demo page to be hung up on',
    async () => (await first.textContent('#status')).startsWith('disconnected'), 15000);
  ok('the demo page webrtc.esegece.com.html calls, talks and hangs up');
});
