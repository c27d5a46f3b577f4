// Two pages written against the sgc JavaScript WAMP v1 API (`sgcws_wamp` from /wamp.esegece.com.js, loaded by a
// script tag, nothing else of Switchboard's) are welcomed, define a CURIE prefix, subscribe, publish to each other
// (excludeMe and an eligible list included), call an RPC method and get a call error; one offers a prefixed token.
// argv: <base URL>.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

async function page(browser, name, prefix) {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const problems = [];
  tab.on('pageerror', (error) => problems.push(error.message));
  await tab.goto(`${baseUrl}index.html`);
  await tab.addScriptTag({ url: `${baseUrl}wamp.esegece.com.js` });
  check(await tab.evaluate(() => typeof sgcws_wamp === 'function'), 'wamp.esegece.com.js did not define sgcws_wamp');
  await tab.evaluate(({ name, prefix }) => {
    window.seen = [];
    // The page as an sgc user writes it.
    var socket = new sgcws_wamp(new URL('./', location.href).href, prefix);
    socket.on('wampwelcome', function (event) {
      window.session = event.SessionId;
      window.seen.push('welcome ' + event.ProtocolVersion + ' ' + event.ServerIdent);
      socket.prefix('sgc', 'com.example.sgc.');
      socket.subscribe('sgc:channel');
      // WAMP v1 does not answer SUBSCRIBE: the page's own publication, to itself only, shows it is in place.
      socket.publish('sgc:channel', 'ready ' + name, [], [event.SessionId]);
    });
    socket.on('wampevent', function (event) {
      window.seen.push(event.TopicURI + ' ' + (typeof event.Event === 'string' ? event.Event : JSON.stringify(event.Event)));
    });
    socket.on('wampcallresult', function (event) {
      window.seen.push('result ' + event.CallId + ' ' + event.CallResult);
    });
    socket.on('wampcallerror', function (event) {
      window.seen.push('error ' + event.CallId + ' ' + event.ErrorURI);
    });
    window.socket = socket;
  }, { name, prefix });
  const seen = () => tab.evaluate(() => window.seen.slice());
  return {
    tab,
    seen,
    problems,
    await: (line) => waitFor(`${name} to see '${line}'`, async () => (await seen()).includes(line)),
  };
}

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const ann = await page(browser, 'Ann', '');
  const bob = await page(browser, 'Bob', 'myapp');
  await ann.await('welcome 1 Switchboard');
  await ann.await('com.example.sgc.channel ready Ann');
  await bob.await('com.example.sgc.channel ready Bob');
  ok('both pages were welcomed and subscribed through a CURIE');

  const token = await bob.tab.evaluate(() => window.socket.socket.protocol);
  check(token === 'myapp.WAMP', `the prefixed token was echoed: ${token}`);
  check(await ann.tab.evaluate(() => window.socket.socket.protocol) === 'WAMP', 'WAMP was not echoed');
  ok('WAMP and myapp.WAMP were echoed');

  await bob.tab.evaluate(() => window.socket.publish('sgc:channel', 'Test Message', [], []));
  await ann.await('com.example.sgc.channel Test Message');
  await bob.await('com.example.sgc.channel Test Message');
  await ann.tab.evaluate(() => window.socket.publish('sgc:channel', { n: 1 }, true));
  await bob.await('com.example.sgc.channel {"n":1}');
  // Ann excluded herself: her next event is the one Bob sends her only.
  const bobSession = await bob.tab.evaluate(() => window.session);
  const annSession = await ann.tab.evaluate(() => window.session);
  check(typeof annSession === 'string' && annSession !== bobSession, 'the sessions have distinct ids');
  await bob.tab.evaluate((to) => window.socket.publish('sgc:channel', 'for Ann only', [], [to]), annSession);
  await ann.await('com.example.sgc.channel for Ann only');
  const annSeen = await ann.seen();
  check(!annSeen.includes('com.example.sgc.channel {"n":1}'), `excludeMe reached Ann: ${annSeen.join(' | ')}`);
  ok('publish with [], [], with excludeMe and with an eligible list');

  await ann.tab.evaluate(() => window.socket.call('c1', 'sgc:echo', 'hello'));
  await ann.await('result c1 hello');
  const generated = await bob.tab.evaluate(() => window.socket.call('', 'sgc:echo', 'generated'));
  check(typeof generated === 'string' && generated.length > 0, 'an empty call id was not generated');
  await bob.await(`result ${generated} generated`);
  await ann.tab.evaluate(() => window.socket.call('c2', 'sgc:nothing'));
  await ann.await('error c2 wamp.error.no_such_procedure');
  ok('call results and a call error');

  check(await ann.tab.evaluate(() => window.socket.state()) === 'open', 'the socket is not open');
  await ann.tab.evaluate(() => window.socket.close());
  await waitFor('Ann to close', async () => (await ann.tab.evaluate(() => window.socket.state())) === 'closed');
  check(ann.problems.length === 0 && bob.problems.length === 0,
    `page errors: ${ann.problems.concat(bob.problems).join('; ')}`);
  ok('sgc WAMP pages talk through wamp.esegece.com.js, a prefixed token included');
});
