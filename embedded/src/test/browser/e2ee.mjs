// Two browsers (amy, ben) with switchboard-e2ee.js and a Java client (jay, driven through hooks by the JUnit test)
// exchange end-to-end encrypted direct and group messages through the relay; a replayed and an altered message are
// refused by the browser that receives them. argv: <base URL>. Users amy/pw-amy and ben/pw-ben log in with tickets.
import { baseUrl, check, hook, launchChromium, ok, run, waitFor } from './lib.mjs';

async function openUser(browser, user, password, log) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => log(`[${user} pageerror] ${error.message}`));
  await page.goto(`${baseUrl}index.html`);
  await page.evaluate(async ({ user, password }) => {
    const { E2eeClient } = await import('./js/switchboard-e2ee.js');
    window.seen = [];
    window.frames = [];
    const ticket = async () => {
      const response = await fetch('auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user, password }),
      });
      if (response.status !== 200) throw new Error(`login answered ${response.status}`);
      return (await response.json()).ticket;
    };
    const client = new E2eeClient(new URL('./', location.href).href.replace(/^http/, 'ws'), { ticket });
    // Keep every frame as it came, so that the scenario can hand one back as a malicious relay would.
    const received = client.received.bind(client);
    client.received = (text) => {
      window.frames.push(text);
      received(text);
    };
    client.on('direct', (e) => window.seen.push(`direct ${e.from}: ${e.text}`));
    client.on('group', (e) => window.seen.push(`group ${e.group} ${e.from}: ${e.text}`));
    client.on('receipt', (e) => window.seen.push(`receipt ${e.from} ${e.ref}`));
    client.on('membership', (e) => window.seen.push(`${e.joined ? 'joined' : 'left'} ${e.group} ${e.user}`));
    client.on('rejected', (e) => window.seen.push(`rejected ${e.from} ${e.reason}`));
    window.client = client;
    await client.ready;
  }, { user, password });
  const seen = () => page.evaluate(() => window.seen.slice());
  return {
    page,
    seen,
    await: (line) => waitFor(`${user} to see '${line}'`, async () => (await seen()).includes(line)),
    call: (method, ...args) => page.evaluate(({ method, args }) => window.client[method](...args), { method, args }),
  };
}

async function javaSees(line) {
  await waitFor(`jay to see '${line}'`, async () => (await hook({ do: 'java-inbox' })).seen.includes(line));
}

await run(async (cleanup) => {
  const log = (line) => process.stdout.write(`${line}\n`);
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const amy = await openUser(browser, 'amy', 'pw-amy', log);
  const ben = await openUser(browser, 'ben', 'pw-ben', log);
  await hook({ do: 'java-connect' });
  ok('two browsers and the Java client published their keys');

  const ref = await amy.call('sendDirect', 'ben', 'browser to browser');
  await ben.await('direct amy: browser to browser');
  await amy.await(`receipt ben ${ref}`);
  await amy.call('sendDirect', 'jay', 'browser to java');
  await javaSees('direct amy: browser to java');
  await hook({ do: 'java-send', to: 'ben', text: 'java to browser' });
  await ben.await('direct jay: java to browser');
  ok('direct messages cross between browsers and Java, with receipts');

  await amy.call('createGroup', 'trio');
  await ben.call('joinGroup', 'trio');
  await hook({ do: 'java-join', group: 'trio' });
  await amy.await('joined trio jay');
  await amy.call('sendGroup', 'trio', 'hello trio');
  await ben.await('group trio amy: hello trio');
  await javaSees('group trio amy: hello trio');
  await hook({ do: 'java-group-send', group: 'trio', text: 'java says hi to trio' });
  await amy.await('group trio jay: java says hi to trio');
  await ben.await('group trio jay: java says hi to trio');
  ok('group messages cross between browsers and Java');

  // Ben's page plays a malicious relay: it hands amy's direct message in again, then an altered copy of it.
  const rejected = await ben.page.evaluate(() => {
    // amy's latest direct frame (a sender key of the group), whose counter is the highest ben accepted from her.
    const direct = window.frames.map((text) => JSON.parse(text))
      .filter((frame) => frame.type === 'direct' && frame.from === 'amy').pop();
    window.client.received(JSON.stringify(direct));
    const altered = JSON.parse(JSON.stringify(direct));
    const c = altered.envelope.ciphertext;
    altered.envelope.ciphertext = (c[0] === 'A' ? 'B' : 'A') + c.slice(1);
    altered.envelope.counter += 1;
    window.client.received(JSON.stringify(altered));
    return true;
  });
  check(rejected, 'the frames were handed in');
  await ben.await('rejected amy REPLAYED');
  await ben.await('rejected amy TAMPERED');
  const bens = await ben.seen();
  check(bens.filter((line) => line === 'direct amy: browser to browser').length === 1,
    `ben read amy's message more than once: ${JSON.stringify(bens)}`);
  // The refusals did not disturb the chain: amy's next message still reads.
  await amy.call('sendDirect', 'ben', 'after the forgeries');
  await ben.await('direct amy: after the forgeries');
  ok('a replayed and an altered message are refused by the receiving browser');
});
