// MQTT scenarios with mqtt.js (MQTT 3.1.1 and 5.0 over WebSocket, and over plain TCP).
// argv: <base URL> <pubsub|gateway|will|tcp> [MQTT TCP port, for tcp].
import mqtt from 'mqtt';
import { baseUrl, check, hook, ok, run, waitFor } from './lib.mjs';

const scenario = process.argv[3];
const wsUrl = `${baseUrl.replace(/^http/, 'ws')}ws`;

const tcpUrl = `mqtt://127.0.0.1:${process.argv[4]}`;

/** Connects and records every message; closed by the scenario's cleanup. */
async function client(cleanup, options, url = wsUrl) {
  const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 10000, ...options });
  const received = [];
  c.on('message', (topic, payload, packet) => received.push({ topic, text: payload.toString('utf8'), packet }));
  cleanup(() => c.end(true));
  return { c, received };
}

await run(async (cleanup) => {
  const tag = `${scenario}${Date.now()}`;
  if (scenario === 'pubsub') {
    const sub = await client(cleanup, { protocolVersion: 5, clientId: `${tag}-sub` });
    const pub = await client(cleanup, { protocolVersion: 4, clientId: `${tag}-pub` });
    const granted = await sub.c.subscribeAsync(`${tag}/+/temp`, { qos: 2 });
    check(granted[0].qos === 2, `granted ${JSON.stringify(granted)}`);
    for (const qos of [0, 1, 2]) {
      await pub.c.publishAsync(`${tag}/room${qos}/temp`, `t${qos}`, { qos });
    }
    await pub.c.publishAsync(`${tag}/room/humidity`, 'not matched', { qos: 1 });
    await pub.c.publishAsync(`${tag}/roomX/temp`, 'last', { qos: 1 });
    await waitFor('four matching messages', () => sub.received.length >= 4);
    const seen = sub.received.map((m) => `${m.topic}=${m.text}@${m.packet.qos}`);
    check(JSON.stringify(seen) === JSON.stringify([`${tag}/room0/temp=t0@0`, `${tag}/room1/temp=t1@1`,
      `${tag}/room2/temp=t2@2`, `${tag}/roomX/temp=last@1`]), `received ${JSON.stringify(seen)}`);
    // MQTT 5 to MQTT 5: user properties and response topic travel with the message.
    const pub5 = await client(cleanup, { protocolVersion: 5, clientId: `${tag}-pub5` });
    await pub5.c.publishAsync(`${tag}/props/temp`, 'with props', {
      qos: 1, properties: { userProperties: { origin: 'node' }, responseTopic: `${tag}/reply`, contentType: 'text/plain' },
    });
    await waitFor('the message with properties', () => sub.received.length >= 5);
    const props = sub.received[4].packet.properties || {};
    check(props.userProperties && props.userProperties.origin === 'node', `properties ${JSON.stringify(props)}`);
    check(props.responseTopic === `${tag}/reply`, `response topic ${props.responseTopic}`);
    ok(`pubsub: ${sub.received.length} messages at their QoS, wildcard matched, properties passed`);
  } else if (scenario === 'gateway') {
    const sub = await client(cleanup, { protocolVersion: 4, clientId: `${tag}-sub` });
    await sub.c.subscribeAsync(`${tag}/#`, { qos: 1 });
    const answer = await hook({ op: 'publish', channel: `${tag}/news/today`, message: 'from the gateway \u00e9' });
    check(answer.count >= 1, `the gateway's publish reached ${answer.count} subscribers`);
    await waitFor('the gateway publication', () => sub.received.length >= 1);
    check(sub.received[0].text === 'from the gateway \u00e9', `received ${sub.received[0].text}`);
    check(sub.received[0].topic === `${tag}/news/today`, `topic ${sub.received[0].topic}`);
    ok('gateway: a server publication reached an mqtt.js subscriber through a # filter');
  } else if (scenario === 'will') {
    const watcher = await client(cleanup, { protocolVersion: 5, clientId: `${tag}-watch` });
    await watcher.c.subscribeAsync(`${tag}/status/+`, { qos: 1 });
    const dying = await mqtt.connectAsync(wsUrl, {
      protocolVersion: 5, clientId: `${tag}-dying`, reconnectPeriod: 0,
      will: { topic: `${tag}/status/dying`, payload: 'gone', qos: 1, retain: true },
    });
    // No DISCONNECT: the socket just goes away.
    dying.stream.destroy();
    await waitFor('the will', () => watcher.received.length >= 1);
    check(watcher.received[0].text === 'gone', `will ${watcher.received[0].text}`);
    // The will was retained: a later subscriber gets it with the retain flag.
    const late = await client(cleanup, { protocolVersion: 4, clientId: `${tag}-late` });
    await late.c.subscribeAsync(`${tag}/status/#`, { qos: 1 });
    await waitFor('the retained will', () => late.received.length >= 1);
    check(late.received[0].packet.retain === true, 'the retained will carries the retain flag');
    ok('will: published on an abrupt close, retained for later subscribers');
  } else if (scenario === 'tcp') {
    const tcpSub = await client(cleanup, { protocolVersion: 5, clientId: `${tag}-tcp-sub` }, tcpUrl);
    const wsSub = await client(cleanup, { protocolVersion: 4, clientId: `${tag}-ws-sub` });
    const granted = await tcpSub.c.subscribeAsync(`${tag}/#`, { qos: 1 });
    check(granted[0].qos === 1, `granted over TCP ${JSON.stringify(granted)}`);
    await wsSub.c.subscribeAsync(`${tag}/from-tcp`, { qos: 1 });
    // WebSocket to TCP.
    const wsPub = await client(cleanup, { protocolVersion: 4, clientId: `${tag}-ws-pub` });
    await wsPub.c.publishAsync(`${tag}/from-ws`, 'ws to tcp', { qos: 1 });
    await waitFor('the WebSocket publication over TCP', () => tcpSub.received.length >= 1);
    check(tcpSub.received[0].text === 'ws to tcp', `TCP received ${tcpSub.received[0].text}`);
    // TCP (MQTT 3.1.1) to WebSocket and TCP, at QoS 1.
    const tcpPub = await client(cleanup, { protocolVersion: 4, clientId: `${tag}-tcp-pub` }, tcpUrl);
    await tcpPub.c.publishAsync(`${tag}/from-tcp`, 'tcp to both', { qos: 1 });
    await waitFor('the TCP publication over WebSocket', () => wsSub.received.length >= 1);
    check(wsSub.received[0].text === 'tcp to both', `WebSocket received ${wsSub.received[0].text}`);
    check(wsSub.received[0].packet.qos === 1, `at QoS ${wsSub.received[0].packet.qos}`);
    await waitFor('the TCP publication over TCP', () => tcpSub.received.length >= 2);
    check(tcpSub.received[1].text === 'tcp to both', `TCP received ${tcpSub.received[1].text}`);
    // A TCP client that vanishes without DISCONNECT leaves its will.
    const dying = await mqtt.connectAsync(tcpUrl, {
      protocolVersion: 5, clientId: `${tag}-tcp-dying`, reconnectPeriod: 0,
      will: { topic: `${tag}/status`, payload: 'tcp gone', qos: 1 },
    });
    dying.stream.destroy();
    await waitFor('the will of the TCP client', () => tcpSub.received.some((m) => m.topic === `${tag}/status`));
    const will = tcpSub.received.find((m) => m.topic === `${tag}/status`);
    check(will.text === 'tcp gone', `will ${will.text}`);
    ok('tcp: mqtt:// and ws:// clients exchange QoS 1 messages, and a vanished TCP client leaves its will');
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }
});
