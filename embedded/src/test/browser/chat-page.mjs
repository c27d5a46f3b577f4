// Helpers for driving chat.html in a browser context.
import { waitFor } from './lib.mjs';

/** Opens chat.html as `nick` in a new context, joins `room`, and waits until the client is open. */
export async function openChat(browser, base, nick, room, log) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (message) => log(`[${nick} console] ${message.text()}`));
  page.on('pageerror', (error) => log(`[${nick} pageerror] ${error.message}`));
  await page.goto(`${base}chat.html?nick=${encodeURIComponent(nick)}&room=${encodeURIComponent(room)}`);
  await page.click('#join');
  await waitFor(`${nick} open`, async () => (await page.textContent('#status')) === 'open');
  return { context, page, nick };
}

/** The messages shown, as "nick: text". */
export function shown(chat) {
  return chat.page.$$eval('#messages li.message', (items) => items.map((li) => `${li.dataset.nick}: ${li.dataset.text}`));
}

export async function say(chat, text) {
  await chat.page.fill('#text', text);
  await chat.page.click('#send');
}

export function transport(chat) {
  return chat.page.textContent('#transport');
}

export async function waitShown(chat, expected, what) {
  let now = [];
  try {
    return await waitFor(what, async () => {
      now = await shown(chat);
      return expected.every((line) => now.includes(line)) ? now : false;
    });
  } catch (e) {
    const client = await chat.page.evaluate(() => ({ state: window.switchboard.state(),
      transport: window.switchboard.transport, positions: window.switchboard.positions() })).catch(() => ({}));
    const notices = await chat.page.$$eval('#messages li.notice', (items) => items.map((li) => li.textContent));
    throw new Error(`${e.message}; ${chat.nick} shows ${JSON.stringify(now)}, notices ${JSON.stringify(notices)}, `
      + `client ${JSON.stringify(client)}`);
  }
}
