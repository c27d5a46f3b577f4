// Two pages in headless Chromium use the presence client of switchboard.js (Switchboard.presence, the sgc
// sgcws_presence API): members, a channel join, a channel message, a member listing, an invitation accepted, an
// error, a leave and a page closed. One page sends its values as sgc@b64: Base64. argv: <base URL>.
import { baseUrl, check, launchChromium, ok, run, waitFor } from './lib.mjs';

const wsUrl = baseUrl.replace(/^http/, 'ws');
const room = `room-${Date.now()}`;
const lounge = `lounge-${Date.now()}`;

async function member(browser, name, options) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(baseUrl);
  await page.addScriptTag({ url: `${baseUrl}js/switchboard.classic.js` });
  await page.evaluate(({ url, name, options }) => {
    window.events = [];
    const presence = window.Switchboard.presence(url, options);
    window.presence = presence;
    presence.on('sgcsession', (e) => presence.newmember(e.id, name, `${name} info`));
    for (const type of ['sgcnewmember', 'sgcremovemember', 'sgcnewchannelmember', 'sgcremovechannelmember',
      'sgcpublishmsg', 'sgcgetmembers', 'sgcchannelinvitation', 'sgcerrormemberchannel', 'sgcerrorpublishmsg']) {
      presence.on(type, (e) => window.events.push({ type, ...e }));
    }
  }, { url: wsUrl, name, options });
  const events = () => page.evaluate(() => window.events);
  const saw = async (what, predicate) => waitFor(what, async () => (await events()).some(predicate));
  await saw(`${name}'s own member@new`, (e) => e.type === 'sgcnewmember' && e.member.name === name);
  const id = await page.evaluate(() => window.presence.id);
  return { page, problems, events, saw, id, call: (fn, arg) => page.evaluate(fn, arg) };
}

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const alice = await member(browser, 'Alice', {});
  const bob = await member(browser, 'Bob', { encodeBase64: true, prefix: 'myapp.' });
  await alice.saw('Bob joining as a member', (e) => e.type === 'sgcnewmember' && e.member.id === bob.id
    && e.member.name === 'Bob' && e.member.info === 'Bob info');
  ok('each page registered and Alice saw Bob (sent in Base64, with a prefixed token)');

  await alice.call((ch) => window.presence.subscribe(ch), room);
  await alice.saw('Alice in the room', (e) => e.type === 'sgcnewchannelmember' && e.channel.name === room);
  await bob.call((ch) => window.presence.subscribe(ch), room);
  await alice.saw('Bob in the room', (e) => e.type === 'sgcnewchannelmember' && e.member.id === bob.id);
  ok('both joined the room');

  await bob.call((ch) => window.presence.publish('hi from Bob', ch), room);
  await alice.saw('Bob\'s message', (e) => e.type === 'sgcpublishmsg' && e.message.text === 'hi from Bob'
    && e.member.name === 'Bob' && e.channel.name === room);
  ok('a channel message reached the room');

  await alice.call((ch) => window.presence.getmembers(ch), room);
  await alice.saw('the room\'s members', (e) => e.type === 'sgcgetmembers'
    && e.members.map((m) => m.name).join(',') === 'Alice,Bob');
  ok('getmembers listed the room');

  await bob.call((ch) => window.presence.on('sgcchannelinvitation', (e) => window.presence.subscribe(e.channel.name)));
  await alice.call(({ ch, id }) => window.presence.invite(ch, id), { ch: lounge, id: bob.id });
  await bob.saw('the invitation', (e) => e.type === 'sgcchannelinvitation' && e.channel.name === lounge
    && e.member.name === 'Alice');
  await bob.saw('Bob in the lounge', (e) => e.type === 'sgcnewchannelmember' && e.channel.name === lounge);
  ok('an invitation was accepted');

  await alice.call((ch) => window.presence.subscribe(ch), room);
  await alice.saw('error 11', (e) => e.type === 'sgcerrormemberchannel' && e.error.code === 11);
  ok('a second join got error 11');

  await bob.call((ch) => window.presence.unsubscribe(ch), room);
  await alice.saw('Bob leaving the room', (e) => e.type === 'sgcremovechannelmember' && e.member.id === bob.id);
  await bob.page.close();
  await alice.saw('Bob gone', (e) => e.type === 'sgcremovemember' && e.member.id === bob.id);
  ok('a leave and a closed page reached the other member');
  check(alice.problems.length === 0 && bob.problems.length === 0,
    `page errors: ${alice.problems.concat(bob.problems).join('; ')}`);
  ok('presence pages in chromium');
});
