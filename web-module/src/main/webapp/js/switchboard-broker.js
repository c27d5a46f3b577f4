// Switchboard broker socket for browsers: several subprotocols on one WebSocket (subprotocol broker.esegece.com,
// docs/protocols.md "sgc broker"). Each inner protocol is a virtual WebSocket, so that a client written for a
// WebSocket runs over it unchanged: switchboard.js (its `webSocket` option), stompjs (`webSocketFactory`), or a page's
// own code.
//
//   import { BrokerSocket } from './js/switchboard-broker.js';
//   const broker = new BrokerSocket('wss://host/');
//   const sgc = new Switchboard('wss://host/', { transports: ['websocket'], webSocket: broker.factory() });
//   const stomp = broker.socket('v12.stomp');            // a WebSocket-like object
//   stomp.onmessage = (event) => console.log(event.data);

const BROKER = 'broker.esegece.com';
const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** An inner protocol of a BrokerSocket, with the WebSocket interface its clients use. */
class InnerSocket extends EventTarget {
  constructor(broker, protocol) {
    super();
    this.broker = broker;
    this.protocol = protocol;
    this.readyState = CONNECTING;
    this.binaryType = 'blob';
    this.bufferedAmount = 0;
    this.extensions = '';
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
  }

  get url() {
    return this.broker.url;
  }

  fire(type, init) {
    let event;
    if (type === 'message') event = new MessageEvent('message', init);
    else if (type === 'close') event = new CloseEvent('close', init);
    else event = new Event(type);
    const handler = this[`on${type}`];
    if (typeof handler === 'function') handler.call(this, event);
    this.dispatchEvent(event);
  }

  /** Sends a text frame (a string) or a binary frame (ArrayBuffer, a typed array, a DataView or a Blob). */
  send(data) {
    if (this.readyState !== OPEN) throw new DOMException('the inner protocol is not open', 'InvalidStateError');
    if (typeof data === 'string') {
      this.broker.write(JSON.stringify({ broker: 'message', protocol: this.protocol, data }));
    } else if (data instanceof Blob) {
      data.arrayBuffer().then((buffer) => this.broker.writeBinary(this.protocol, new Uint8Array(buffer)));
    } else {
      const bytes = ArrayBuffer.isView(data)
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : new Uint8Array(data);
      this.broker.writeBinary(this.protocol, bytes);
    }
  }

  /** Closes this inner protocol only; the socket and the other inner protocols stay open. */
  close() {
    if (this.readyState === CLOSING || this.readyState === CLOSED) return;
    this.readyState = CLOSING;
    if (this.broker.readyState() === OPEN) {
      this.broker.write(JSON.stringify({ broker: 'close', protocol: this.protocol }));
    } else {
      this.broker.closed(this.protocol, 1006, 'the broker socket is closed');
    }
  }

  opened() {
    this.readyState = OPEN;
    this.fire('open');
  }

  received(data) {
    if (typeof data !== 'string' && this.binaryType === 'blob') data = new Blob([data]);
    this.fire('message', { data });
  }

  ended(code, reason) {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.fire('close', { code, reason, wasClean: code === 1000 });
  }
}

/**
 * One WebSocket with the broker protocol, carrying inner protocols. Options: `ticket` (a function giving a login
 * ticket, or a string: it is put in the URL). Events (`on`): `open`, `close` {code, reason}, `error` {protocol,
 * message} for a frame the server refused.
 */
class BrokerSocket {
  constructor(url, options = {}) {
    this.url = url;
    this.options = options;
    this.inner = new Map();
    this.listeners = new Map();
    this.waiting = [];
    this.ready = this.connect();
    this.ready.catch(() => {});
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

  async connect() {
    let url = this.url;
    const ticket = typeof this.options.ticket === 'function' ? await this.options.ticket() : this.options.ticket;
    if (ticket !== undefined && ticket !== null) {
      const withTicket = new URL(url, globalThis.location ? globalThis.location.href : undefined);
      withTicket.searchParams.set('ticket', String(ticket));
      url = withTicket.href;
    }
    const socket = new WebSocket(url, [BROKER]);
    socket.binaryType = 'arraybuffer';
    this.ws = socket;
    return new Promise((resolve, reject) => {
      socket.onopen = () => {
        this.emit('open', {});
        for (const frame of this.waiting) socket.send(frame);
        this.waiting = [];
        resolve();
      };
      socket.onmessage = (event) => this.received(event.data);
      socket.onclose = (event) => {
        for (const protocol of Array.from(this.inner.keys())) this.closed(protocol, event.code === 1000 ? 1001 : event.code, event.reason);
        this.emit('close', { code: event.code, reason: event.reason });
        reject(new Error(`the broker socket closed (${event.code})`));
      };
    });
  }

  readyState() {
    return this.ws ? this.ws.readyState : CONNECTING;
  }

  /**
   * Opens an inner protocol.
   * @param {string} protocol the inner subprotocol token (esegece.com, v12.stomp, mqtt, ...)
   * @returns {InnerSocket} a WebSocket-like object, open when the server says so
   */
  socket(protocol) {
    if (this.inner.has(protocol)) throw new Error(`${protocol} is open on this socket already`);
    const inner = new InnerSocket(this, protocol);
    this.inner.set(protocol, inner);
    this.write(JSON.stringify({ broker: 'open', protocol }));
    return inner;
  }

  /**
   * A WebSocket factory for a client that takes one (`(url, protocols) => socket`): it opens the first offered
   * protocol as an inner socket.
   */
  factory() {
    return (url, protocols) => this.socket([].concat(protocols || [])[0]);
  }

  /** Closes the socket and with it every inner protocol. */
  close() {
    if (this.ws) this.ws.close(1000, '');
  }

  write(frame) {
    if (this.ws && this.ws.readyState === OPEN) this.ws.send(frame);
    else this.waiting.push(frame);
  }

  writeBinary(protocol, bytes) {
    const token = encoder.encode(protocol);
    const frame = new Uint8Array(1 + token.length + bytes.length);
    frame[0] = token.length;
    frame.set(token, 1);
    frame.set(bytes, 1 + token.length);
    this.write(frame.buffer);
  }

  received(data) {
    if (typeof data !== 'string') {
      const bytes = new Uint8Array(data);
      const length = bytes[0];
      const protocol = decoder.decode(bytes.subarray(1, 1 + length));
      const inner = this.inner.get(protocol);
      if (inner) inner.received(bytes.slice(1 + length).buffer);
      return;
    }
    let frame;
    try {
      frame = JSON.parse(data);
    } catch (e) {
      return;
    }
    const inner = this.inner.get(frame.protocol);
    switch (frame.broker) {
      case 'opened':
        if (inner) inner.opened();
        break;
      case 'message':
        if (inner) inner.received(frame.data);
        break;
      case 'closed':
        this.closed(frame.protocol, Number(frame.code) || 1000, frame.reason || '');
        break;
      case 'error':
        this.emit('error', { protocol: frame.protocol, message: frame.message });
        if (inner && inner.readyState === CONNECTING) this.closed(frame.protocol, 1002, frame.message);
        break;
      default:
        // A frame to the socket itself (an application's broadcast to every connection).
    }
  }

  closed(protocol, code, reason) {
    const inner = this.inner.get(protocol);
    if (!inner) return;
    this.inner.delete(protocol);
    inner.ended(code, reason);
  }
}

export { BrokerSocket, InnerSocket };
export default BrokerSocket;
