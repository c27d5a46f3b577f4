// Switchboard E2EE client for browsers: end-to-end encrypted direct and group messages through the server's relay
// (subprotocol e2ee.v1.switchboard.dev), with WebCrypto. The server relays ciphertext only. Wire format and
// cryptography: docs/e2ee.md; the Java client (dev.switchboard.client.e2ee) implements the same.
//
//   import { E2eeClient } from './js/switchboard-e2ee.js';
//   const client = new E2eeClient('wss://host/', { ticket: async () => (await login()).ticket });
//   client.on('direct', (e) => show(e.from, e.text));
//   await client.ready;
//   await client.sendDirect('bob', 'hello');

const SUBPROTOCOL = 'e2ee.v1.switchboard.dev';
const MAX_SKIP = 1000;
const SENDER_KEY_TRANSITION_MS = 60000;
const REQUEST_TIMEOUT_MS = 30000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const subtle = globalThis.crypto.subtle;

/** A message refused: altered, replayed, under an unknown key, or malformed (reason is one of those words). */
class E2eeError extends Error {
  constructor(reason, message) {
    super(message);
    this.reason = reason;
  }
}

function b64(bytes) {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function unb64(text, field) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new E2eeError('MALFORMED', `${field} is not base64url`);
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const raw = atob(padded);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/** Each field as a 4-byte big-endian length and its UTF-8 bytes. */
function fields(...values) {
  const parts = values.map((value) => encoder.encode(String(value)));
  const out = new Uint8Array(parts.reduce((sum, part) => sum + 4 + part.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const part of parts) {
    view.setUint32(at, part.length);
    out.set(part, at + 4);
    at += 4 + part.length;
  }
  return out;
}

async function sha256(bytes) {
  return new Uint8Array(await subtle.digest('SHA-256', bytes));
}

async function hmac(key, data) {
  const imported = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle.sign('HMAC', imported, data));
}

async function keyIdOf(raw) {
  return b64((await sha256(raw)).slice(0, 12));
}

async function aesKey(bytes) {
  return subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function seal(key, aad, plaintext) {
  const nonce = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const sealed = await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 },
    await aesKey(key), plaintext);
  return { nonce: b64(nonce), ciphertext: b64(sealed) };
}

async function open(key, aad, nonceText, ciphertextText) {
  const nonce = unb64(nonceText, 'nonce');
  const sealed = unb64(ciphertextText, 'ciphertext');
  if (nonce.length !== 12 || sealed.length < 16) throw new E2eeError('MALFORMED', 'nonce or ciphertext of the wrong length');
  try {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 },
      await aesKey(key), sealed));
  } catch (e) {
    throw new E2eeError('TAMPERED', 'the message does not authenticate');
  }
}

const SALT = sha256(encoder.encode('switchboard-e2ee-v1'));
const MESSAGE = new Uint8Array([1]);
const CHAIN = new Uint8Array([2]);

/** A user's identity key pair; the private key is not extractable. */
async function generateIdentity() {
  const pair = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
  const raw = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, raw, publicKey: b64(raw), keyId: await keyIdOf(raw) };
}

/** A published key, checked: WebCrypto refuses a point off the curve; the id must be its fingerprint. */
async function importPublic(user, keyId, publicKey) {
  const raw = unb64(publicKey, 'key');
  if (raw.length !== 65 || raw[0] !== 4) throw new E2eeError('MALFORMED', 'a public key is 65 bytes starting with 0x04');
  if ((await keyIdOf(raw)) !== keyId) throw new E2eeError('MALFORMED', 'the key id is not the key\'s fingerprint');
  let key;
  try {
    key = await subtle.importKey('raw', raw, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
  } catch (e) {
    throw new E2eeError('MALFORMED', 'the public key is not a point of P-256');
  }
  return { user, keyId, key, publicKey };
}

function plain(object) {
  return encoder.encode(JSON.stringify(object));
}

function parsePlain(bytes) {
  try {
    const value = JSON.parse(decoder.decode(bytes));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch (e) {
    // Reported below.
  }
  throw new E2eeError('MALFORMED', 'the plaintext is not a JSON object');
}

/**
 * A client of the relay. Options: `ticket` (a function giving a login ticket for each connection attempt, or a
 * string), `reconnect` (default true). Events: `direct` {from, text}, `group` {group, from, text}, `receipt`
 * {from, ref}, `membership` {group, user, joined}, `rejected` {from, reason, message}, `open`, `close` {code, reason},
 * `error` {message}.
 */
class E2eeClient {
  constructor(url, options = {}) {
    this.url = url;
    this.options = { reconnect: true, ...options };
    this.listeners = new Map();
    this.requests = new Map();
    this.nextId = 1;
    this.keys = new Map(); // user -> published key
    this.members = new Map(); // group -> Set of users
    this.senderKeys = new Map(); // group -> { keyId, chain, counter }
    this.chains = new Map(); // group \0 from -> Map keyId -> { chain, next, skipped: Map, retiredAt }
    this.ownKeys = new Map(); // keyId -> identity
    this.sent = new Map(); // own keyId \0 recipient keyId -> last counter
    this.accepted = new Map(); // from \0 senderKey \0 recipientKey -> highest counter
    this.pairKeys = new Map();
    this.queue = Promise.resolve(); // frames and calls are handled one after the other
    this.closed = false;
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {});
    this.identity = generateIdentity().then((identity) => {
      this.ownKeys.set(identity.keyId, identity);
      return identity;
    });
    this.connect();
  }

  on(name, listener) {
    if (!this.listeners.has(name)) this.listeners.set(name, []);
    this.listeners.get(name).push(listener);
    return this;
  }

  emit(name, detail) {
    for (const listener of this.listeners.get(name) || []) {
      try {
        listener(detail);
      } catch (e) {
        // A listener's failure is its own.
      }
    }
  }

  /** Seals a text for a user; resolves with the reference the recipient's receipt names. */
  sendDirect(to, text) {
    return this.call(() => this.sendSealed(to, { kind: 'text', text }));
  }

  createGroup(group) {
    return this.call(async () => {
      this.groupState(await this.request({ type: 'create-group', group }));
    });
  }

  /** Joins a group and hands the members a new sender key. */
  joinGroup(group) {
    return this.call(async () => {
      this.groupState(await this.request({ type: 'join-group', group }));
      await this.rotateSenderKey(group);
    });
  }

  leaveGroup(group) {
    return this.call(async () => {
      await this.request({ type: 'leave-group', group });
      this.members.delete(group);
      this.senderKeys.delete(group);
    });
  }

  sendGroup(group, text) {
    return this.call(async () => {
      let key = this.senderKeys.get(group);
      if (!key) {
        if (!this.members.has(group)) this.groupState(await this.request({ type: 'members', group }));
        key = await this.rotateSenderKey(group);
      }
      const counter = key.counter;
      const messageKey = await hmac(key.chain, MESSAGE);
      key.chain = await hmac(key.chain, CHAIN);
      key.counter += 1;
      const aad = fields('v1', 'group', group, this.user, key.keyId, counter);
      const sealed = await seal(messageKey, aad, plain({ kind: 'text', text }));
      const envelope = { v: 1, group, from: this.user, keyId: key.keyId, counter, ...sealed };
      await this.request({ type: 'group-message', group, envelope });
    });
  }

  /** Replaces the identity key and publishes the new one; messages sealed for the old key still open. */
  rotateIdentity() {
    return this.call(async () => {
      const next = await generateIdentity();
      this.ownKeys.set(next.keyId, next);
      this.identity = Promise.resolve(next);
      await this.publishKey();
    });
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.close(1000, '');
    for (const pending of this.requests.values()) pending.reject(new Error('closed'));
    this.requests.clear();
  }

  // ---- internals ------------------------------------------------------------------------------------

  call(work) {
    const result = this.ready.then(() => this.serial(work));
    result.catch(() => {});
    return result;
  }

  serial(work) {
    const result = this.queue.then(work);
    this.queue = result.catch(() => {});
    return result;
  }

  async connect() {
    if (this.closed) return;
    let url = this.url;
    try {
      const ticket = typeof this.options.ticket === 'function' ? await this.options.ticket() : this.options.ticket;
      if (ticket !== undefined && ticket !== null) {
        const withTicket = new URL(url, globalThis.location ? globalThis.location.href : undefined);
        withTicket.searchParams.set('ticket', String(ticket));
        url = withTicket.href;
      }
    } catch (e) {
      this.emit('error', { message: `no ticket: ${e && e.message}` });
    }
    const socket = new WebSocket(url, [SUBPROTOCOL]);
    this.socket = socket;
    socket.onopen = () => this.emit('open', {});
    socket.onmessage = (event) => this.received(event.data);
    socket.onclose = (event) => {
      this.emit('close', { code: event.code, reason: event.reason });
      for (const pending of this.requests.values()) pending.reject(new Error(`connection closed (${event.code})`));
      this.requests.clear();
      const terminal = event.code === 1008 || (event.code >= 4500 && event.code <= 4999);
      if (terminal) this.rejectReady(new Error(`closed ${event.code} ${event.reason}`));
      if (!this.closed && this.options.reconnect && !terminal) setTimeout(() => this.connect(), 500);
    };
  }

  received(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      return;
    }
    const pending = frame.id !== undefined && frame.type !== 'direct' ? this.requests.get(frame.id) : undefined;
    if (pending) {
      this.requests.delete(frame.id);
      if (frame.type === 'error') pending.reject(Object.assign(new Error(`${frame.code}: ${frame.text}`), { code: frame.code }));
      else pending.resolve(frame);
      return;
    }
    this.serial(() => this.pushed(frame).catch((e) => {
      const refusal = e instanceof E2eeError ? e : new E2eeError('MALFORMED', `a ${frame.type} frame did not read: ${e.message}`);
      this.emit('rejected', { from: frame.from || '', reason: refusal.reason, message: refusal.message });
    }));
  }

  request(frame) {
    const id = `j${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.requests.delete(id);
        reject(new Error(`no answer from the relay to ${frame.type}`));
      }, REQUEST_TIMEOUT_MS);
      this.requests.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      this.socket.send(JSON.stringify({ ...frame, id }));
    });
  }

  async pushed(frame) {
    switch (frame.type) {
      case 'welcome':
        this.user = frame.user;
        try {
          await this.publishKey();
          this.resolveReady();
        } catch (e) {
          this.rejectReady(e);
        }
        return;
      case 'key': {
        const key = await importPublic(frame.user, frame.keyId, frame.key);
        this.keys.set(key.user, key);
        return;
      }
      case 'direct':
        await this.openDirect(frame);
        return;
      case 'group-message':
        await this.openGroup(frame);
        return;
      case 'receipt':
        this.emit('receipt', { from: frame.from, ref: frame.ref });
        return;
      case 'member-joined':
      case 'member-left':
        await this.membershipChanged(frame.group, frame.user, frame.type === 'member-joined');
        return;
      case 'group-deleted':
        this.members.delete(frame.group);
        this.senderKeys.delete(frame.group);
        return;
      case 'error':
        if (frame.code === 'unauthorized') this.rejectReady(new Error(frame.text));
        this.emit('error', { message: `${frame.code}: ${frame.text}` });
        return;
      default:
        // A frame of a later version of the relay.
    }
  }

  async publishKey() {
    const identity = await this.identity;
    await this.request({ type: 'publish-key', keyId: identity.keyId, key: identity.publicKey });
  }

  async keyOf(user, keyId) {
    const known = this.keys.get(user);
    if (known && (keyId === undefined || known.keyId === keyId)) return known;
    const answer = await this.request({ type: 'lookup', user });
    const found = await importPublic(answer.user, answer.keyId, answer.key);
    this.keys.set(user, found);
    if (keyId !== undefined && found.keyId !== keyId) throw new E2eeError('UNKNOWN_KEY', `${user} has no key ${keyId} any more`);
    return found;
  }

  async pairKey(own, peer) {
    const id = own.keyId <= peer.keyId ? `${own.keyId}\u0000${peer.keyId}` : `${peer.keyId}\u0000${own.keyId}`;
    let key = this.pairKeys.get(id);
    if (!key) {
      const secret = await subtle.deriveBits({ name: 'ECDH', public: peer.key }, own.privateKey, 256);
      const material = await subtle.importKey('raw', secret, 'HKDF', false, ['deriveBits']);
      key = new Uint8Array(await subtle.deriveBits(
        { name: 'HKDF', hash: 'SHA-256', salt: await SALT, info: encoder.encode(`direct\u0000${id}`) }, material, 256));
      this.pairKeys.set(id, key);
    }
    return key;
  }

  async sendSealed(to, message) {
    const own = await this.identity;
    const recipient = await this.keyOf(to);
    const pair = `${own.keyId}\u0000${recipient.keyId}`;
    const counter = Math.max((this.sent.get(pair) || 0) + 1, Date.now() * 1000);
    this.sent.set(pair, counter);
    const aad = fields('v1', 'direct', this.user, to, own.keyId, recipient.keyId, counter);
    const sealed = await seal(await this.pairKey(own, recipient), aad, plain(message));
    const envelope = { v: 1, from: this.user, to, senderKey: own.keyId, recipientKey: recipient.keyId, counter, ...sealed };
    const answer = await this.request({ type: 'direct', to, envelope });
    return answer.id;
  }

  async openDirect(frame) {
    const e = frame.envelope || {};
    if (e.from !== frame.from) throw new E2eeError('MALFORMED', 'the envelope names another sender');
    if (e.to !== this.user) throw new E2eeError('MALFORMED', 'the message is for another user');
    if (!Number.isSafeInteger(e.counter)) throw new E2eeError('MALFORMED', 'the counter is not an integer');
    const own = this.ownKeys.get(e.recipientKey);
    if (!own) throw new E2eeError('UNKNOWN_KEY', 'sealed for a key this user does not hold');
    const sender = await this.keyOf(frame.from, e.senderKey);
    const stream = `${e.from}\u0000${e.senderKey}\u0000${e.recipientKey}`;
    const highest = this.accepted.get(stream);
    if (highest !== undefined && e.counter <= highest) throw new E2eeError('REPLAYED', `counter ${e.counter} was used`);
    const aad = fields('v1', 'direct', e.from, e.to, e.senderKey, e.recipientKey, e.counter);
    const message = parsePlain(await open(await this.pairKey(own, sender), aad, e.nonce, e.ciphertext));
    this.accepted.set(stream, e.counter);
    if (message.kind === 'text') {
      this.emit('direct', { from: frame.from, text: message.text });
      if (frame.id !== undefined) this.socket.send(JSON.stringify({ type: 'receipt', to: frame.from, ref: frame.id }));
    } else if (message.kind === 'sender-key') {
      const chain = unb64(message.chain, 'chain');
      if (chain.length !== 32 || !Number.isSafeInteger(message.counter)) throw new E2eeError('MALFORMED', 'a sender key\'s chain is 32 bytes');
      const ofSender = `${message.group}\u0000${frame.from}`;
      if (!this.chains.has(ofSender)) this.chains.set(ofSender, new Map());
      const keys = this.chains.get(ofSender);
      if (!keys.has(message.keyId)) {
        const now = Date.now();
        for (const previous of keys.values()) previous.retiredAt = Math.min(previous.retiredAt, now);
        keys.set(message.keyId, { chain, next: message.counter, skipped: new Map(), retiredAt: Infinity });
      }
    } else {
      throw new E2eeError('MALFORMED', 'an unknown kind of message');
    }
  }

  async openGroup(frame) {
    const e = frame.envelope || {};
    if (e.from !== frame.from || e.group !== frame.group) throw new E2eeError('MALFORMED', 'the envelope names another sender or group');
    if (!Number.isSafeInteger(e.counter)) throw new E2eeError('MALFORMED', 'the counter is not an integer');
    const keys = this.chains.get(`${e.group}\u0000${e.from}`);
    const state = keys && keys.get(e.keyId);
    if (!state) throw new E2eeError('UNKNOWN_KEY', `no sender key ${e.keyId}`);
    if (Date.now() - state.retiredAt > SENDER_KEY_TRANSITION_MS) {
      keys.delete(e.keyId);
      throw new E2eeError('UNKNOWN_KEY', 'the sender key was replaced');
    }
    const aad = fields('v1', 'group', e.group, e.from, e.keyId, e.counter);
    let message;
    if (e.counter < state.next) {
      const skipped = state.skipped.get(e.counter);
      if (!skipped) throw new E2eeError('REPLAYED', `counter ${e.counter} was used`);
      message = parsePlain(await open(skipped, aad, e.nonce, e.ciphertext));
      state.skipped.delete(e.counter);
    } else {
      if (e.counter - state.next > MAX_SKIP) throw new E2eeError('MALFORMED', 'counter too far ahead of the chain');
      let walk = state.chain;
      const passed = [];
      for (let i = state.next; i < e.counter; i++) {
        passed.push(await hmac(walk, MESSAGE));
        walk = await hmac(walk, CHAIN);
      }
      message = parsePlain(await open(await hmac(walk, MESSAGE), aad, e.nonce, e.ciphertext));
      passed.forEach((key, i) => state.skipped.set(state.next + i, key));
      while (state.skipped.size > MAX_SKIP) state.skipped.delete(state.skipped.keys().next().value);
      state.chain = await hmac(walk, CHAIN);
      state.next = e.counter + 1;
    }
    if (message.kind !== 'text') throw new E2eeError('MALFORMED', 'an unknown kind of group message');
    this.emit('group', { group: e.group, from: e.from, text: message.text });
  }

  groupState(frame) {
    this.members.set(frame.group, new Set(frame.members));
  }

  async rotateSenderKey(group) {
    const key = {
      keyId: b64(globalThis.crypto.getRandomValues(new Uint8Array(16))),
      chain: globalThis.crypto.getRandomValues(new Uint8Array(32)),
      counter: 0,
    };
    this.senderKeys.set(group, key);
    for (const member of this.members.get(group) || []) {
      if (member !== this.user) {
        await this.sendSealed(member, { kind: 'sender-key', group, keyId: key.keyId, chain: b64(key.chain), counter: key.counter });
      }
    }
    return key;
  }

  async membershipChanged(group, user, joined) {
    if (!this.members.has(group)) this.members.set(group, new Set());
    if (joined) {
      this.members.get(group).add(user);
    } else {
      this.members.get(group).delete(user);
      this.chains.delete(`${group}\u0000${user}`);
    }
    this.emit('membership', { group, user, joined });
    if (this.senderKeys.has(group) && user !== this.user) await this.rotateSenderKey(group);
  }
}

export { E2eeClient, E2eeError, SUBPROTOCOL };
export default E2eeClient;
