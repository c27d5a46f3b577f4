// Two browsers open the AppRTC room page (GET /apprtc/r/ROOM) in headless Chromium with fake camera and microphone:
// they join the room over the HTTP API, register with the collider WebSocket (apprtc.esegece.com), set up the call
// (the initiator's messages over HTTP, the callee's over the WebSocket), the media tracks arrive, both exchange text
// over the RTCDataChannel on loopback, and when one presses Hang up the server closes the other's WebSocket
// (close-session-on-hangup). argv: <base URL>.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';
import { WEBRTC_FLAGS } from './webrtc-flags.mjs';

async function page(browser, name, roomId) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  tab.on('pageerror', (e) => process.stdout.write(`page error in ${name}: ${e.message}\n`));
  await tab.goto(`${baseUrl}apprtc/r/${roomId}`);
  const history = () => tab.evaluate(() => (window.appRtcRoom ? window.appRtcRoom.history.slice() : []));
  return {
    tab,
    history,
    await: (line) => waitFor(`${name} to see '${line}'`, async () => (await history()).includes(line), 30000),
  };
}

await run(async (cleanup) => {
  const browser = await launchChromium(WEBRTC_FLAGS);
  cleanup(() => browser.close());
  const roomId = `room-${Date.now()}`;
  const ann = await page(browser, 'Ann', roomId);
  await ann.await('joined initiator');
  await ann.await('media 2');
  const bob = await page(browser, 'Bob', roomId);
  await bob.await('joined callee');
  for (const peer of [ann, bob]) {
    await peer.await('open');
    await peer.await('datachannelopen');
    await peer.await('track video');
    await peer.await('track audio');
  }
  const status = await bob.tab.textContent('.status');
  check(status === 'connected', `Bob's room page says connected: ${status}`);
  ok('two room pages joined over HTTP, registered with the collider and set up the call');

  await ann.tab.evaluate(() => window.appRtcRoom.send('hello from Ann'));
  await bob.await('data hello from Ann');
  await bob.tab.evaluate(() => window.appRtcRoom.send('hello from Bob'));
  await ann.await('data hello from Bob');
  ok('text crossed the RTCDataChannel both ways');

  await ann.tab.click('.hangup');
  await bob.await('close 1000 the other peer hung up');
  await bob.await('hangup remote');
  const after = await bob.tab.textContent('.status');
  check(after === 'closed: the other peer hung up', `Bob's page shows the hang-up: ${after}`);
  ok('pressing Hang up closed the other page\'s WebSocket (close-session-on-hangup)');
});
