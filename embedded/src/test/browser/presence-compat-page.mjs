// Two pages written against the sgc JavaScript Presence API (`sgcws_presence` from /presence.esegece.com.js, loaded
// by a script tag, nothing of switchboard.js used directly) register, join a channel, talk, and list members; one
// offers a prefixed token. argv: <base URL>.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

async function page(browser, name, prefix) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  await tab.goto(`${baseUrl}index.html`);
  await tab.addScriptTag({ url: `${baseUrl}presence.esegece.com.js` });
  await tab.evaluate(({ name, prefix }) => {
    window.seen = [];
    // The page as an sgc user writes it.
    var socket = new sgcws_presence(new URL('./', location.href).href.replace(/^http/, 'ws'), prefix);
    socket.on('sgcsession', function (event) { socket.newmember(event.id, name, name + '@example.com'); });
    socket.on('sgcnewmember', function (event) {
      window.seen.push('member ' + event.member.name);
      if (event.member.name === name) socket.subscribe('Topic 1');
    });
    socket.on('sgcnewchannelmember', function (event) {
      window.seen.push(event.channel.name + ' +' + event.member.name);
    });
    socket.on('sgcpublishmsg', function (event) {
      window.seen.push(event.channel.name + ' <' + event.member.name + '> ' + event.message.text);
    });
    socket.on('sgcgetmembers', function (event) {
      window.seen.push('members ' + event.members.map(function (m) { return m.name; }).sort().join(','));
    });
    window.socket = socket;
  }, { name, prefix });
  const seen = () => tab.evaluate(() => window.seen.slice());
  return { tab, seen, await: (line) => waitFor(`${name} to see '${line}'`, async () => (await seen()).includes(line)) };
}

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const ann = await page(browser, 'Ann', '');
  const bob = await page(browser, 'Bob', 'myapp');
  await ann.await('Topic 1 +Bob');
  await bob.tab.evaluate(() => window.socket.publish('hello from an sgc page', 'Topic 1'));
  await ann.await('Topic 1 <Bob> hello from an sgc page');
  await ann.tab.evaluate(() => window.socket.getmembers('Topic 1'));
  await ann.await('members Ann,Bob');
  const token = await bob.tab.evaluate(() => window.socket.client.socket.protocol);
  check(token === 'myapppresence.esegece.com', `the prefixed token was echoed: ${token}`);
  ok('sgc presence pages talk through presence.esegece.com.js, a prefixed token included');
});
