// The browser Files client (js/switchboard-files.js, as the server serves it) in headless Chromium: the page uploads
// a generated 3 MB Blob at QoS 1 and 2 and prints each SHA-256 (WebCrypto) for the JUnit driver to compare with what
// the server received; then it subscribes to a channel, the driver publishes a file there (hook publishFile), and the
// page's SHA-256 of the received Blob must equal the file's. files.esegece.com.js's sgcws_files.SendFile sends one more. argv: <base URL> <channel>.
import { baseUrl, check, hook, launchChromium, ok, run, waitFor } from './lib.mjs';

const channel = process.argv[3];
check(channel, 'no channel given');

await run(async (cleanup) => {
  const browser = await launchChromium();
  cleanup(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(baseUrl);
  const uploaded = await page.evaluate(async ({ base, channel }) => {
    const { FilesClient } = await import(`${base}js/switchboard-files.js`);
    const hex = async (buffer) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))]
      .map((b) => b.toString(16).padStart(2, '0')).join('');
    const bytes = new Uint8Array(3 * 1024 * 1024);
    let x = 2463534242;
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      bytes[i] = x & 255;
    }
    const client = new FilesClient(base.replace(/^http/, 'ws'));
    window.received = [];
    client.on('file', async (e) => {
      window.received.push({ name: e.name, size: e.size, sha: await hex(await e.blob.arrayBuffer()) });
    });
    await client.ready;
    const blob = new Blob([bytes]);
    const out = {};
    for (const qos of [1, 2]) {
      const name = `browser-qos${qos}.bin`;
      await client.upload(blob, { qos, bufferSize: 65536, name });
      out[name] = await hex(bytes);
    }
    await client.subscribe(channel);
    return out;
  }, { base: baseUrl, channel });
  for (const [name, sha] of Object.entries(uploaded)) process.stdout.write(`SHA ${name} ${sha}\n`);
  ok('the page uploaded a 3 MB Blob at QoS 1 and 2');

  const stream = await page.evaluate(async (base) => {
    const { encodePacket, sgcWSStreamRead } = await import(`${base}js/switchboard-files.js`);
    const packet = encodePacket({ id: 'i', fileId: 'f', fileName: 'n', fileSize: 3, position: 3, bufferSize: 3,
      data: '', streaming: 'stmLast', qos: 0, method: 'sgc@file', text: '', channel: '' }, new Uint8Array([1, 2, 3]));
    return new Promise((resolve) => sgcWSStreamRead(new Blob([packet]), async (header, payload) =>
      resolve(`${header}:${[...new Uint8Array(await payload.arrayBuffer())]}`)));
  }, baseUrl);
  check(stream === 'i|f|n|3|3|3||stmLast|qosLevel0|sgc@file||:1,2,3', `sgcWSStreamRead gave ${stream}`);
  ok('sgcWSStreamRead split a Files packet into header and payload');

  // The sgc-style global of files.esegece.com.js, with the Delphi client's SendFile.
  await page.addScriptTag({ url: `${baseUrl}files.esegece.com.js` });
  const compat = await page.evaluate(async (base) => {
    const bytes = new TextEncoder().encode('sent with sgcws_files.SendFile '.repeat(5000));
    const files = new sgcws_files(base.replace(/^http/, 'ws'));
    const sent = new Promise((resolve) => files.on('filesent', resolve));
    const file = new File([bytes], 'compat.bin');
    await files.SendFile(file, 4096, 'qosLevel2', 'compat');
    await sent;
    await files.close();
    return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
      .map((b) => b.toString(16).padStart(2, '0')).join('');
  }, baseUrl);
  process.stdout.write(`SHA compat.bin ${compat}\n`);
  ok('sgcws_files.SendFile sent a file at qosLevel2');

  const sent = await hook({ op: 'publishFile', channel });
  check(sent.count === 1, `the published file reached ${sent.count} connections`);
  const got = await waitFor('the file in the page', async () => (await page.evaluate(() => window.received))[0], 30000);
  check(got.size === sent.size, `the page received ${got.size} bytes of ${sent.size}`);
  check(got.sha === sent.sha256, `the page's SHA-256 ${got.sha} is not the file's ${sent.sha256}`);
  ok('the page received the published file whole');
  check(problems.length === 0, `page errors: ${problems.join('; ')}`);
  ok('files page in chromium');
});
