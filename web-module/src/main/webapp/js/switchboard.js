/*
 * switchboard.js: the browser client of Switchboard's sgc protocol (subprotocol "esegece.com").
 *
 * A dependency-free ES module. switchboard.classic.js is the same code for a classic <script> (it defines the
 * global `Switchboard`); it is generated from this file by web-module/src/build/make-classic.mjs and a test
 * keeps the two identical.
 *
 * Written from the protocol description in docs/sgc-protocol.md and docs/sse.md; the user guide is
 * docs/js-client.md. In short:
 *   - WebSocket first; when it is refused or fails to open, Server-Sent Events (an EventSource on the sgc root
 *     form, messages to the server by POST /sgc/xhr/<connection id>);
 *   - automatic reconnect with jittered exponential backoff, moving through the `urls` option's servers in turn;
 *   - when the server drains (sgc@drain), a move to the next server before the server closes the connection;
 *   - resume: every exact channel is (re)subscribed with sgc@resume from the last offset received, so nothing
 *     published while the client was away is missed, or an explicit "gap" event says what was.
 * Every frame is built as an object and serialised with JSON.stringify: no string concatenation of JSON.
 */

const SUBPROTOCOL = 'esegece.com';
const QUEUES = ['queueLevel0', 'queueLevel1', 'queueLevel2'];
const MASK_CHARS = /[*?[]/;

/** Options and their defaults; see docs/js-client.md. */
const DEFAULTS = {
  transports: ['websocket', 'sse'],
  reconnect: true,
  reconnectDelay: 500,
  maxReconnectDelay: 15000,
  openTimeout: 10000,
  resume: true,
  maxBuffered: 1000,
};

let idCounter = 0;

function newId(prefix) {
  idCounter += 1;
  const random = Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36)}-${idCounter}-${random}`;
}

function defaultUrl() {
  if (typeof location === 'undefined') {
    throw new Error('Switchboard: a URL is needed outside a browser page');
  }
  // The page's directory: the application's root for pages served by it, whatever its context path.
  return new URL('.', location.href).href;
}

/** The WebSocket URL and the HTTP base the SSE fallback uses (the same host and path, http(s)). */
function endpoints(url) {
  const ws = new URL(url, typeof location === 'undefined' ? undefined : location.href);
  if (ws.protocol === 'http:') ws.protocol = 'ws:';
  if (ws.protocol === 'https:') ws.protocol = 'wss:';
  const http = new URL(ws.href);
  http.protocol = ws.protocol === 'wss:' ? 'https:' : 'http:';
  http.search = '';
  http.hash = '';
  if (!http.pathname.endsWith('/')) {
    http.pathname = http.pathname.slice(0, http.pathname.lastIndexOf('/') + 1);
  }
  return { ws: ws.href, base: http.href };
}

/** The URL with a `ticket` query parameter, replacing one the URL may already carry; unchanged without a ticket. */
function withTicket(href, ticket) {
  if (ticket === null || ticket === undefined) return href;
  const url = new URL(href);
  url.searchParams.set('ticket', ticket);
  return url.href;
}

function isMask(channel) {
  return MASK_CHARS.test(channel);
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return undefined;
  }
}

/** The server URLs to use: the `urls` option, else the one URL (argument or `url` option), else the page's. */
function serverUrls(url, options) {
  if (Array.isArray(url)) return url.map(String);
  if (url) return [String(url)];
  if (Array.isArray(options.urls) && options.urls.length > 0) return options.urls.map(String);
  return [options.url || defaultUrl()];
}

/**
 * Listeners by event name, shared by the clients below: `on` returns a function that removes the listener, and a
 * listener that throws is reported without stopping the others or the client.
 */
class Emitter {
  constructor() {
    this.listeners = new Map();
  }

  on(name, listener) {
    if (!this.listeners.has(name)) this.listeners.set(name, new Set());
    this.listeners.get(name).add(listener);
    return () => this.off(name, listener);
  }

  off(name, listener) {
    const set = this.listeners.get(name);
    if (set) set.delete(listener);
  }

  emit(name, detail) {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const listener of Array.from(set)) {
      try {
        listener.call(this, detail);
      } catch (e) {
        // One faulty listener must not stop the others or the client.
        setTimeout(() => { throw e; });
      }
    }
  }
}

/**
 * A connection to a Switchboard server speaking the sgc protocol. Create it, register listeners with `on`, and it
 * connects at once (or call `connect()` after `new Switchboard(url, {autoConnect: false})`).
 */
class Switchboard extends Emitter {
  /**
   * @param {string|string[]} [url] the WebSocket URL (ws:, wss:, or http(s): which is converted), or a list of
   *   them to fail over between (as the `urls` option); default: this page's directory
   * @param {object} [options] see DEFAULTS and docs/js-client.md
   */
  constructor(url, options) {
    super();
    if (url !== null && typeof url === 'object' && !Array.isArray(url)) {
      options = url;
      url = undefined;
    }
    this.options = Object.assign({}, DEFAULTS, options || {});
    this.urls = serverUrls(url, this.options);
    this.urlIndex = 0;
    this.endpoints = endpoints(this.urls[0]);
    /** channel -> {epoch, offset} or null: what the client wants to be subscribed to, and where it is. */
    this.channels = new Map();
    this.liveOnly = new Set();
    this.pendingCalls = new Map();
    this.buffer = [];
    this.readyState = 'closed';
    this.transport = null;
    this.session = null;
    this.lastEventId = '';
    this.attempt = 0;
    this.preferred = this.options.transports[0];
    this.current = null;
    this.reconnectTimer = null;
    this.moveTimer = null;
    this.closedByUser = false;
    this.wasOpen = false;
    if (this.options.autoConnect !== false) {
      // Let the caller register listeners in the same tick before anything happens.
      Promise.resolve().then(() => {
        if (this.readyState === 'closed' && !this.closedByUser) this.connect();
      });
    }
  }

  // ---- listeners --------------------------------------------------------------------------------------------

  // Listeners (Emitter's on, off, emit): open, close, error, message, event, session, subscribe, unsubscribe, gap,
  // expiring, rpcresult, rpcerror, acknowledgment, reconnecting, drain, raw.

  // ---- state ------------------------------------------------------------------------------------------------

  /** @returns {string} "connecting", "open", "closing" or "closed" (the sgc state() names) */
  state() {
    return this.readyState;
  }

  /** @returns {object} channel -> {epoch, offset} for every exact channel with a known position */
  positions() {
    const out = {};
    for (const [channel, position] of this.channels) {
      if (position) out[channel] = { epoch: position.epoch, offset: position.offset };
    }
    return out;
  }

  // ---- the sgc API ------------------------------------------------------------------------------------------

  /**
   * Subscribes to a channel (or a mask such as "news*"); kept across reconnects. An exact channel resumes after a
   * reconnect unless `{resume: false}` is given (for channels where only the latest value matters).
   */
  subscribe(channel, options) {
    const name = String(channel);
    if (options && options.resume === false) this.liveOnly.add(name);
    if (!this.channels.has(name)) this.channels.set(name, null);
    if (this.readyState === 'open') this.sendSubscription(name);
  }

  unsubscribe(channel) {
    const name = String(channel);
    this.channels.delete(name);
    this.liveOnly.delete(name);
    this.deliver({ jsonrpc: '2.0', method: 'sgc@unsubscribe', params: { channel: name } });
  }

  /** Publishes to a channel; `queue` is 0, 1, 2 or a queueLevelN name (what the server keeps for later subscribers). */
  publish(message, channel, queue) {
    const params = { message: String(message), channel: String(channel) };
    if (queue !== undefined && queue !== null) params.queue = typeof queue === 'number' ? QUEUES[queue] : queue;
    this.deliver({ jsonrpc: '2.0', method: 'sgc@publish', params });
  }

  /** Sends an sgc@message to every sgc connection, or to the subscribers of `channel`. */
  broadcast(message, channel) {
    const params = { message: String(message) };
    if (channel !== undefined && channel !== null && channel !== '') params.channel = String(channel);
    this.deliver({ jsonrpc: '2.0', method: 'sgc@broadcast', params });
  }

  /** Sends a plain sgc@message to the server application. */
  send(message) {
    this.deliver({ jsonrpc: '2.0', method: 'sgc@message', params: { message: String(message) } });
  }

  /**
   * Calls a server method. `rpc(method, params)` returns a Promise of the result (rejected with an Error that
   * has code and data). The sgc form `rpc(id, method, params)` is accepted too. `params` may be any JSON value;
   * a string is sent as the string (the server reads a string holding JSON as that JSON).
   */
  rpc(a, b, c) {
    const [id, method, params] = arguments.length >= 3 ? [String(a), b, c] : [newId('rpc'), a, b];
    const frame = { jsonrpc: '2.0', method: String(method), id };
    if (params !== undefined) frame.params = params;
    const promise = new Promise((resolve, reject) => {
      this.pendingCalls.set(id, { resolve, reject });
    });
    // An unhandled rejection of a call nobody awaits (sgc style, with rpcresult listeners) is not an error.
    promise.catch(() => {});
    this.deliver(frame);
    return promise;
  }

  /** Calls a server method without expecting an answer. */
  notify(method, params) {
    const frame = { jsonrpc: '2.0', method: String(method) };
    if (params !== undefined) frame.params = params;
    this.deliver(frame);
  }

  /**
   * Replaces the connection's credential without reconnecting, typically on the `expiring` event:
   * `refresh({token: jwt})` or `refresh({ticket})` (a ticket from a new `POST /auth/login`). Returns a Promise of
   * `{user, expiresAt}`, rejected with code -32001 when the server refuses the credential.
   */
  refresh(credential) {
    const params = {};
    if (credential && credential.token !== undefined) params.token = String(credential.token);
    else if (credential && credential.ticket !== undefined) params.ticket = String(credential.ticket);
    else return Promise.reject(new Error('refresh needs {token} or {ticket}'));
    return this.rpc('sgc@refresh', params);
  }

  /** Asks the server for the session message again. */
  getsession() {
    this.deliver({ jsonrpc: '2.0', method: 'sgc@session' });
  }

  starttransaction(channel) {
    this.deliver({ jsonrpc: '2.0', method: 'sgc@transaction', params: { channel: String(channel || '') } });
  }

  commit(channel) {
    this.deliver({ jsonrpc: '2.0', method: 'sgc@commit', params: { channel: String(channel || '') } });
  }

  rollback(channel) {
    this.deliver({ jsonrpc: '2.0', method: 'sgc@rollback', params: { channel: String(channel || '') } });
  }

  /** Closes for good: no reconnect. */
  close() {
    this.closedByUser = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    clearTimeout(this.moveTimer);
    this.moveTimer = null;
    if (this.current) {
      this.readyState = 'closing';
      this.current.close();
    } else if (this.readyState !== 'closed') {
      this.readyState = 'closed';
      this.emit('close', { code: 1000, reason: '', clean: true, reconnecting: false });
    }
  }

  // ---- connecting -------------------------------------------------------------------------------------------

  /** Opens the connection: the preferred transport first, then the others, then backoff and retry. */
  connect() {
    this.closedByUser = false;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.current) return;
    this.readyState = 'connecting';
    const order = [this.preferred].concat(this.options.transports.filter((t) => t !== this.preferred));
    this.tryTransports(order, 0);
  }

  tryTransports(order, index) {
    if (this.closedByUser) {
      this.readyState = 'closed';
      this.emit('close', { code: 1000, reason: '', clean: true, reconnecting: false });
      return;
    }
    if (index >= order.length) {
      this.scheduleReconnect({ code: 1006, reason: 'no transport could connect', clean: false });
      return;
    }
    const kind = order[index];
    if (typeof this.options.ticket !== 'function') {
      this.openTransport(order, index, kind, null);
      return;
    }
    // A ticket is single use: every attempt, on either transport, gets a fresh one.
    const pending = {
      send: () => {},
      close: () => {
        if (this.current !== pending) return;
        this.current = null;
        this.readyState = 'closed';
        this.emit('close', { code: 1000, reason: '', clean: true, reconnecting: false });
      },
    };
    this.current = pending;
    Promise.resolve().then(() => this.options.ticket()).then((ticket) => {
      if (this.current !== pending) return;
      this.openTransport(order, index, kind, String(ticket));
    }, (error) => {
      if (this.current !== pending) return;
      this.current = null;
      this.emit('error', { message: `no ticket: ${error && error.message}`, transport: kind });
      this.scheduleReconnect({ code: 1006, reason: 'no ticket', clean: false });
    });
  }

  /** Opens one transport (with a ticket in its URL when one is given) and wires it to the client. */
  openTransport(order, index, kind, ticket) {
    const link = kind === 'sse' ? this.openSse(ticket) : this.openWebSocket(ticket);
    this.current = link;
    link.onOpened = () => {
      this.preferred = kind;
    };
    link.onFailedToOpen = (reason) => {
      if (this.current !== link) return;
      this.current = null;
      this.emit('error', { message: `${kind} failed to open: ${reason}`, transport: kind });
      this.tryTransports(order, index + 1);
    };
    link.onClosed = (info) => {
      if (this.current !== link) return;
      this.current = null;
      this.connectionLost(info);
    };
  }

  scheduleReconnect(info) {
    const reconnecting = this.options.reconnect && !this.closedByUser;
    this.readyState = reconnecting ? 'connecting' : 'closed';
    if (this.wasOpen || !reconnecting) {
      this.emit('close', Object.assign({}, info, { reconnecting }));
    }
    this.wasOpen = false;
    if (!reconnecting) {
      this.failPendingCalls('connection closed');
      return;
    }
    // The next attempt goes to the next server of the list: a server that is down or refusing is not asked twice
    // in a row while another may answer.
    this.nextUrl();
    const ceiling = Math.min(this.options.maxReconnectDelay, this.options.reconnectDelay * 2 ** this.attempt);
    // Jitter: somewhere between half the ceiling and the ceiling, so clients cut off together come back apart.
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    this.attempt += 1;
    this.emit('reconnecting', { attempt: this.attempt, delay });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closedByUser) this.connect();
    }, delay);
  }

  /** Makes the next server of the `urls` list the current one (the lost connections' backoff stays as it is). */
  nextUrl() {
    if (this.urls.length < 2) return;
    this.urlIndex = (this.urlIndex + 1) % this.urls.length;
    this.endpoints = endpoints(this.urls[this.urlIndex]);
    // An SSE resume id belongs to the stream it came from; the channels resume by their positions instead.
    this.lastEventId = '';
  }

  /**
   * The server drains (sgc@drain): it takes no new connections and will close this one. With several `urls` the
   * client moves to the next one at once; with one it reconnects through the same URL (a load balancer sends it to
   * another node) after the suggested delay, jittered. Either way every channel resumes where it was.
   */
  onDrain(params) {
    const retryAfter = params && typeof params.retryAfter === 'number' && params.retryAfter >= 0
      ? params.retryAfter : 0;
    this.emit('drain', { retryAfter, url: this.endpoints.ws });
    if (!this.options.reconnect || this.closedByUser || this.moveTimer !== null) return;
    const delay = this.urls.length > 1 ? 0 : Math.round(retryAfter * 1000 * (0.5 + Math.random() / 2));
    this.moveTimer = setTimeout(() => {
      this.moveTimer = null;
      const link = this.current;
      if (this.closedByUser || !link || this.readyState !== 'open') return;
      // Forget the link first: its close is ours, not a loss to back off from.
      this.current = null;
      link.close();
      this.session = null;
      this.transport = null;
      this.failPendingCalls('connection moved: the server drains');
      this.wasOpen = false;
      this.readyState = 'connecting';
      this.emit('close', { code: 1001, reason: 'server draining', clean: true, reconnecting: true });
      this.nextUrl();
      this.emit('reconnecting', { attempt: this.attempt, delay: 0 });
      this.connect();
    }, delay);
  }

  connectionLost(info) {
    this.session = null;
    this.transport = null;
    // Calls in flight are not repeated (they may have run): their callers are told.
    this.failPendingCalls('connection lost');
    // 4500-4999 are terminal (docs/gateway.md): reconnecting with the same credentials would fail the same way.
    const terminal = info && info.code >= 4500 && info.code <= 4999;
    if (this.closedByUser || terminal) {
      this.readyState = 'closed';
      this.emit('close', Object.assign({}, info, { reconnecting: false }));
      return;
    }
    this.scheduleReconnect(info);
  }

  failPendingCalls(why) {
    for (const [id, call] of this.pendingCalls) {
      const error = new Error(why);
      error.code = -32000;
      error.id = id;
      call.reject(error);
    }
    this.pendingCalls.clear();
  }

  /** Called by a transport once the connection id is known: resubscribe, resume, flush what was buffered. */
  opened(kind, guid) {
    this.transport = kind;
    this.session = guid;
    this.readyState = 'open';
    this.attempt = 0;
    const resumed = this.wasEverOpen === true;
    this.wasOpen = true;
    this.wasEverOpen = true;
    for (const channel of this.channels.keys()) this.sendSubscription(channel);
    const waiting = this.buffer;
    this.buffer = [];
    for (const frame of waiting) this.current.send(JSON.stringify(frame));
    this.emit('open', { transport: kind, session: guid, reconnected: resumed });
  }

  sendSubscription(channel) {
    const position = this.channels.get(channel);
    if (!this.options.resume || this.liveOnly.has(channel) || isMask(channel) || channel.includes(',')) {
      this.write({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel }, id: newId('sub') });
      return;
    }
    const params = { channel };
    if (position && position.epoch) {
      params.epoch = position.epoch;
      params.offset = position.offset;
    }
    this.write({ jsonrpc: '2.0', method: 'sgc@resume', params, id: newId('sub') });
  }

  /** Sends now when open, else keeps the frame (bounded) for the next connection. */
  deliver(frame) {
    if (this.readyState === 'open' && this.current) {
      this.current.send(JSON.stringify(frame));
      return;
    }
    if (this.buffer.length >= this.options.maxBuffered) {
      this.buffer.shift();
      this.emit('error', { message: 'send buffer full: the oldest unsent message was dropped' });
    }
    this.buffer.push(frame);
  }

  write(frame) {
    if (this.current) this.current.send(JSON.stringify(frame));
  }

  // ---- inbound ----------------------------------------------------------------------------------------------

  receive(text) {
    this.emit('raw', { message: text });
    const frame = parseJson(text);
    if (!frame || typeof frame !== 'object' || Array.isArray(frame)) {
      // sgc@protocol is answered with bare text; anything else unreadable is passed on as is.
      this.emit('message', { channel: '', message: text });
      return;
    }
    const id = frame.id === undefined || frame.id === null ? null : String(frame.id);
    if (frame.error) {
      this.acknowledge(frame, id);
      const detail = { id, code: frame.error.code, message: frame.error.message, data: frame.error.data };
      const call = id === null ? undefined : this.pendingCalls.get(id);
      if (call) {
        this.pendingCalls.delete(id);
        const error = new Error(frame.error.message);
        error.code = frame.error.code;
        error.data = frame.error.data;
        call.reject(error);
      }
      this.emit('rpcerror', detail);
      this.emit('error', { message: `${frame.error.message} (${frame.error.code})`, code: frame.error.code,
        data: frame.error.data, id });
      return;
    }
    if (frame.method === 'sgc@drain') {
      this.onDrain(frame.params);
      return;
    }
    if (frame.method === 'sgc@pubrel') {
      // The server releases a QoS 2 message we answered: the acknowledgment completes it.
      if (id !== null) this.write({ jsonrpc: '2.0', result: { method: 'sgc@acknowledgment' }, id: frame.id });
      return;
    }
    if (!('result' in frame)) return;
    const result = frame.result;
    const method = result && typeof result === 'object' ? result.method : undefined;
    const call = id === null ? undefined : this.pendingCalls.get(id);
    if (call && method !== 'sgc@acknowledgment') {
      this.acknowledge(frame, id);
      this.pendingCalls.delete(id);
      call.resolve(result);
      this.emit('rpcresult', { id, result });
      return;
    }
    switch (method) {
      case 'sgc@acknowledgment':
        this.emit('acknowledgment', { id });
        return;
      case 'sgc@session':
        this.acknowledge(frame, id);
        if (this.opening) this.opening(result.message);
        this.emit('session', { guid: result.message });
        return;
      case 'sgc@event':
        this.onEvent(result);
        return;
      case 'sgc@message':
        this.emit('message', { channel: result.channel || '', message: result.message });
        return;
      case 'sgc@subscribe':
        this.emit('subscribe', { channel: result.channel });
        return;
      case 'sgc@resume':
        if (this.channels.has(result.channel) && result.epoch) {
          this.channels.set(result.channel, { epoch: result.epoch, offset: result.offset });
        }
        this.emit('subscribe', { channel: result.channel, epoch: result.epoch, offset: result.offset });
        return;
      case 'sgc@unsubscribe':
        this.emit('unsubscribe', { channel: result.channel });
        return;
      case 'sgc@gap':
        this.emit('gap', Object.assign({}, result));
        return;
      case 'sgc@expiring':
        this.emit('expiring', { expiresAt: result.expiresAt, seconds: result.seconds });
        return;
      default:
        this.acknowledge(frame, id);
        this.emit('rpcresult', { id, result });
    }
  }

  onEvent(result) {
    const channel = result.channel;
    const hasPosition = typeof result.offset === 'number' && typeof result.epoch === 'string' && result.epoch;
    if (hasPosition && this.channels.has(channel)) {
      const known = this.channels.get(channel);
      if (known && known.epoch === result.epoch && result.offset <= known.offset) {
        return; // Already delivered (a resume that overlapped live delivery).
      }
      this.channels.set(channel, { epoch: result.epoch, offset: result.offset });
    }
    const detail = { channel, message: result.message };
    if (hasPosition) {
      detail.offset = result.offset;
      detail.epoch = result.epoch;
    }
    this.emit('event', detail);
  }

  /** At server QoS 1 and 2 the server re-sends what carries an id until it is acknowledged. */
  acknowledge(frame, id) {
    if (id !== null && frame.qos && frame.qos !== 'qosLevel0') {
      this.write({ jsonrpc: '2.0', result: { method: 'sgc@acknowledgment' }, id: frame.id });
    }
  }

  // ---- transports -------------------------------------------------------------------------------------------

  /** A WebSocket offering "esegece.com"; open once the session message names the connection. */
  openWebSocket(ticket) {
    const link = { onOpened: null, onFailedToOpen: null, onClosed: null };
    let socket;
    let opened = false;
    let settled = false;
    let opening = null;
    const fail = (reason) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Only its own: a link closed while moving to another server ends after the next one has begun opening.
      if (this.opening === opening) this.opening = null;
      if (opened) {
        link.onClosed(reason);
      } else {
        link.onFailedToOpen(reason.reason || 'refused');
      }
    };
    const timer = setTimeout(() => {
      if (!opened) {
        try { socket.close(); } catch (e) { /* closing a socket that never opened */ }
        fail({ code: 1006, reason: 'timed out', clean: false });
      }
    }, this.options.openTimeout);
    try {
      const url = withTicket(this.endpoints.ws, ticket);
      // The webSocket option: a factory of WebSocket-like objects (an inner socket of js/switchboard-broker.js).
      socket = this.options.webSocket ? this.options.webSocket(url, [SUBPROTOCOL]) : new WebSocket(url, [SUBPROTOCOL]);
    } catch (e) {
      clearTimeout(timer);
      settled = true;
      Promise.resolve().then(() => link.onFailedToOpen(e.message));
      link.send = () => {};
      link.close = () => {};
      return link;
    }
    opening = (guid) => {
      if (opened || settled) return;
      opened = true;
      clearTimeout(timer);
      this.opening = null;
      link.onOpened();
      this.opened('websocket', guid);
    };
    this.opening = opening;
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') this.receive(event.data);
    };
    socket.onclose = (event) => fail({ code: event.code, reason: event.reason, clean: event.wasClean });
    socket.onerror = () => {
      // A close event always follows; it carries the code.
    };
    link.send = (text) => {
      if (socket.readyState === 1) socket.send(text);
    };
    link.close = () => {
      try { socket.close(1000); } catch (e) { /* already closed */ }
    };
    return link;
  }

  /**
   * The sgc SSE fallback: EventSource on <base>esegece.com (its first unnamed event is the connection id), and a
   * POST to <base>sgc/xhr/<id> per message, one at a time so their order is kept. The browser's own reconnect is
   * not used: on any error the stream is closed and the client's backoff decides, passing the last event id.
   */
  openSse(ticket) {
    const link = { onOpened: null, onFailedToOpen: null, onClosed: null };
    const url = new URL(`${SUBPROTOCOL}`, this.endpoints.base);
    if (this.lastEventId) url.searchParams.set('lastEventId', this.lastEventId);
    if (ticket !== null && ticket !== undefined) url.searchParams.set('ticket', ticket);
    let source;
    let guid = null;
    // An authenticated stream sends, before the id, a key with which the POSTs prove its principal (a ticket is
    // spent by then).
    let postKey = null;
    let settled = false;
    let closeInfo = null;
    let posting = Promise.resolve();
    const finish = (info) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try { source.close(); } catch (e) { /* never opened */ }
      if (guid) {
        link.onClosed(info);
      } else {
        link.onFailedToOpen(info.reason || 'refused');
      }
    };
    const timer = setTimeout(() => {
      if (!guid) finish({ code: 1006, reason: 'timed out', clean: false });
    }, this.options.openTimeout);
    try {
      source = new EventSource(url.href);
    } catch (e) {
      clearTimeout(timer);
      settled = true;
      Promise.resolve().then(() => link.onFailedToOpen(e.message));
      link.send = () => {};
      link.close = () => {};
      return link;
    }
    source.onmessage = (event) => {
      if (settled) return;
      if (event.lastEventId) this.lastEventId = event.lastEventId;
      if (guid === null) {
        guid = event.data;
        clearTimeout(timer);
        link.onOpened();
        this.opened('sse', guid);
        return;
      }
      this.receive(event.data);
    };
    source.addEventListener('post-key', (event) => {
      postKey = event.data;
    });
    source.addEventListener('disconnect', (event) => {
      const data = parseJson(event.data) || {};
      closeInfo = { code: data.code || 1006, reason: data.reason || '', clean: true };
    });
    source.onerror = () => {
      // The stream ended or could not open; EventSource would retry by itself, the client's backoff does instead.
      finish(closeInfo || { code: 1006, reason: 'event stream ended', clean: false });
    };
    link.send = (text) => {
      if (!guid || settled) return;
      const target = new URL(`sgc/xhr/${encodeURIComponent(guid)}`, this.endpoints.base).href;
      posting = posting.then(() => fetch(target, {
        method: 'POST',
        headers: postKey ? { 'Content-Type': 'text/plain;charset=utf-8', 'X-Switchboard-Post-Key': postKey }
          : { 'Content-Type': 'text/plain;charset=utf-8' },
        body: text,
        credentials: 'same-origin',
      })).then((response) => {
        if (!response.ok) this.emit('error', { message: `POST answered ${response.status}`, transport: 'sse' });
      }, (error) => {
        this.emit('error', { message: `POST failed: ${error.message}`, transport: 'sse' });
      });
    };
    link.close = () => finish({ code: 1000, reason: '', clean: true });
    return link;
  }
}

// ---- presence (subprotocol "presence.esegece.com") -------------------------------------------------------------

const PRESENCE = 'sgc@presence@';
const B64 = 'sgc@b64:';

function encodeB64(text) {
  const bytes = new TextEncoder().encode(String(text));
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return B64 + btoa(binary);
}

/** Decodes every sgc@b64: string of a received value, however deep. */
function decodeB64(value) {
  if (typeof value === 'string') {
    if (!value.startsWith(B64)) return value;
    try {
      const binary = atob(value.slice(B64.length));
      return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    } catch (e) {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map(decodeB64);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [key, inner] of Object.entries(value)) out[key] = decodeB64(inner);
    return out;
  }
  return value;
}

/**
 * A client of the sgc Presence protocol, with the method and event names of the sgc `sgcws_presence` API
 * (docs/js-client.md#presence): newmember, removemember, subscribe, unsubscribe, publish, getmembers, invite,
 * close; events sgcsession, sgcnewmember, sgcremovemember, sgcnewchannelmember, sgcremovechannelmember,
 * sgcpublishmsg, sgcgetmembers, sgcchannelinvitation, sgcerrormemberchannel, sgcerrorpublishmsg, plus open, close,
 * error and message. WebSocket only; no reconnect (a presence member is its connection).
 */
class PresenceClient extends Emitter {
  /**
   * @param {string} [url] the WebSocket URL; the page's directory by default
   * @param {object} [options] `encodeBase64` (send names, infos, channels and texts as sgc@b64:), `prefix` (a token
   *     prefix, as the sgc JavaScript client's `<prefix>presence.esegece.com`)
   */
  constructor(url, options) {
    super();
    if (url && typeof url === 'object') {
      options = url;
      url = undefined;
    }
    this.options = { encodeBase64: false, prefix: '', ...(options || {}) };
    this.id = null;
    const target = new URL(url || defaultUrl(), typeof location === 'undefined' ? undefined : location.href);
    if (target.protocol === 'http:') target.protocol = 'ws:';
    if (target.protocol === 'https:') target.protocol = 'wss:';
    this.socket = new WebSocket(target.href, `${this.options.prefix}presence.esegece.com`);
    this.socket.onopen = () => this.emit('open', {});
    this.socket.onclose = (e) => this.emit('close', { code: e.code, reason: e.reason, clean: e.wasClean });
    this.socket.onerror = () => this.emit('error', { message: 'WebSocket error' });
    this.socket.onmessage = (e) => this.receive(e.data);
  }

  /** @returns {string} "connecting", "open", "closing" or "closed" */
  state() {
    return ['connecting', 'open', 'closing', 'closed'][this.socket.readyState];
  }

  text(value) {
    return this.options.encodeBase64 ? encodeB64(value) : String(value);
  }

  write(method, fields) {
    this.socket.send(JSON.stringify({ jsonrpc: '2.0', method: PRESENCE + method, ...fields }));
  }

  me() {
    return { id: this.id || '' };
  }

  channel(name) {
    return { name: this.text(name || '') };
  }

  /** Registers as a member; call it from sgcsession, with event.id. */
  newmember(id, name, info) {
    if (id) this.id = id;
    this.write('member@new', { member: { id: this.id, name: this.text(name || ''), info: this.text(info || '') } });
  }

  removemember() {
    this.write('member@remove', { member: this.me() });
  }

  subscribe(channel) {
    this.write('channel@member@new', { member: this.me(), channel: this.channel(channel) });
  }

  unsubscribe(channel) {
    this.write('channel@member@remove', { member: this.me(), channel: this.channel(channel) });
  }

  /** Publishes to a channel's members, or to every member without a channel. */
  publish(text, channel) {
    this.write('publish@msg', { member: this.me(), channel: this.channel(channel), message: { text: this.text(text) } });
  }

  /** Asks for a channel's members, or every member without a channel: the answer is an sgcgetmembers event. */
  getmembers(channel) {
    this.write('get@members', { member: this.me(), channel: this.channel(channel) });
  }

  /** Invites members (ids) to a channel; they get sgcchannelinvitation and accept by subscribing. */
  invite(channel, ...ids) {
    const members = ids.flat().map((id) => ({ id, name: '', info: '' }));
    this.write('channel@invitation', { channel: this.channel(channel), member: this.me(), members });
  }

  close() {
    this.socket.close(1000, '');
  }

  receive(text) {
    this.emit('message', { message: text });
    const raw = parseJson(text);
    if (!raw || typeof raw.method !== 'string' || !raw.method.startsWith(PRESENCE)) return;
    const method = raw.method.slice(PRESENCE.length);
    if (raw.id !== undefined && method !== 'acknowledgment') {
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', method: `${PRESENCE}acknowledgment`, id: raw.id }));
    }
    const frame = decodeB64(raw);
    const detail = { member: frame.member, channel: frame.channel, message: frame.message, members: frame.members,
      error: frame.error };
    switch (method) {
      case 'session':
        this.id = frame.message && frame.message.text;
        this.emit('sgcsession', { id: this.id });
        break;
      case 'member@new': this.emit('sgcnewmember', detail); break;
      case 'member@remove': this.emit('sgcremovemember', detail); break;
      case 'channel@member@new': this.emit('sgcnewchannelmember', detail); break;
      case 'channel@member@remove': this.emit('sgcremovechannelmember', detail); break;
      case 'publish@msg': this.emit('sgcpublishmsg', detail); break;
      case 'send@members': this.emit('sgcgetmembers', detail); break;
      case 'channel@invitation': this.emit('sgcchannelinvitation', detail); break;
      case 'error@member@channel': this.emit('sgcerrormemberchannel', detail); break;
      case 'error@publish@msg': this.emit('sgcerrorpublishmsg', detail); break;
      default: break;
    }
  }
}

/** Creates a presence client: `Switchboard.presence(url?, options?)`. */
Switchboard.presence = (url, options) => new PresenceClient(url, options);
Switchboard.PresenceClient = PresenceClient;

/**
 * A peer of the sgc WebRTC signalling protocol ("webrtc.esegece.com"), with the method and event names of the sgc
 * `sgcws_webrtc` API (docs/webrtc.md): webrtc_connect(channel), webrtc_disconnect(channel), close(), plus
 * webrtc_send(data) over an RTCDataChannel; events sgcmediastart, sgcmediastop, sgcmediaerror,
 * sgcsessionconnecting, sgcsessionopen, sgcsessionclose, sgcaddstream, sgcremovestream, sgcsubscribe,
 * sgcunsubscribe, sgcdatachannelopen, sgcdatamessage, plus open, close, error and message.
 *
 * Modern WebRTC only (RTCPeerConnection, addTrack/ontrack, trickled candidates); the signals keep the sgc shapes:
 * {type:'offer'|'answer', sdp}, {type:'candidate', label, id, candidate}, {type:'bye'}. The peer whose join makes
 * two (the server's join count) is the caller: it opens the data channel and makes the offer. WebSocket only; no
 * reconnect (a call is its connection).
 */
class WebRtcClient extends Emitter {
  /**
   * @param {string} [url] the WebSocket URL; the page's directory by default
   * @param {object} [options] `prefix` (token prefix: `<prefix>.webrtc.esegece.com`), `media` (getUserMedia
   *     constraints, default {audio: true, video: true}; false for none), `dataChannel` (the data channel's label,
   *     default 'sgc'; false for none), `rtcConfiguration` (RTCConfiguration members added to the server's ICE servers)
   */
  constructor(url, options) {
    super();
    if (url && typeof url === 'object') {
      options = url;
      url = undefined;
    }
    this.options = { prefix: '', media: { audio: true, video: true }, dataChannel: 'sgc', rtcConfiguration: {},
      ...(options || {}) };
    /** channel -> {pc, dc, remoteSet, candidates, open} */
    this.sessions = new Map();
    this.iceConfiguration = { iceServers: [] };
    this.localStream = null;
    const target = new URL(url || defaultUrl(), typeof location === 'undefined' ? undefined : location.href);
    if (target.protocol === 'http:') target.protocol = 'ws:';
    if (target.protocol === 'https:') target.protocol = 'wss:';
    const token = this.options.prefix ? `${this.options.prefix}.webrtc.esegece.com` : 'webrtc.esegece.com';
    this.socket = new WebSocket(target.href, token);
    this.socket.onopen = () => {
      this.emit('open', {});
      this.startMedia();
    };
    this.socket.onclose = (e) => {
      for (const channel of Array.from(this.sessions.keys())) this.endSession(channel, true);
      this.stopMedia();
      this.emit('close', { code: e.code, reason: e.reason, clean: e.wasClean });
    };
    this.socket.onerror = () => this.emit('error', { message: 'WebSocket error' });
    this.socket.onmessage = (e) => this.receive(e.data);
  }

  /** @returns {string} "connecting", "open", "closing" or "closed" */
  state() {
    return ['connecting', 'open', 'closing', 'closed'][this.socket.readyState];
  }

  /** Asks for camera and microphone (unless `media` is false); sgcmediastart follows either way. */
  startMedia() {
    const media = this.options.media;
    if (!media || typeof navigator === 'undefined' || !navigator.mediaDevices) {
      this.emit('sgcmediastart', { stream: null });
      return;
    }
    navigator.mediaDevices.getUserMedia(media).then((stream) => {
      this.localStream = stream;
      this.emit('sgcmediastart', { stream });
    }, (error) => {
      this.emit('sgcmediaerror', { message: error && error.message ? error.message : String(error) });
    });
  }

  stopMedia() {
    if (!this.localStream) return;
    for (const track of this.localStream.getTracks()) track.stop();
    this.localStream = null;
    this.emit('sgcmediastop', {});
  }

  write(method, channel, signal) {
    const frame = { jsonrpc: '2.0', method, params: { channel, message: '' } };
    if (signal !== undefined) frame.webrtc = signal;
    this.socket.send(JSON.stringify(frame));
  }

  /** Joins a channel; the second peer to join calls the first. */
  webrtc_connect(channel) {
    this.write('sgc@subscribe', String(channel));
  }

  /** Hangs up and leaves a channel. */
  webrtc_disconnect(channel) {
    const name = String(channel);
    if (this.sessions.has(name) && this.state() === 'open') this.write('sgc@webrtc', name, { type: 'bye' });
    this.endSession(name, false);
    if (this.state() === 'open') this.write('sgc@unsubscribe', name);
  }

  /** Sends text or binary data to the other peer over the data channel of a channel (the only one by default). */
  webrtc_send(data, channel) {
    const session = channel === undefined ? this.sessions.values().next().value : this.sessions.get(String(channel));
    if (!session || !session.dc || session.dc.readyState !== 'open') {
      throw new Error('no open data channel');
    }
    session.dc.send(data);
  }

  close() {
    for (const channel of Array.from(this.sessions.keys())) this.webrtc_disconnect(channel);
    this.socket.close(1000, '');
  }

  /** A fresh session of a channel: a peer connection with the local tracks, waiting for an offer or making one. */
  newSession(channel) {
    this.endSession(channel, true);
    const configuration = { ...this.iceConfiguration, ...this.options.rtcConfiguration };
    const pc = new RTCPeerConnection(configuration);
    const session = { pc, dc: null, remoteSet: false, candidates: [], open: false, caller: false };
    this.sessions.set(channel, session);
    if (this.localStream) {
      for (const track of this.localStream.getTracks()) pc.addTrack(track, this.localStream);
    }
    pc.onicecandidate = (e) => {
      if (!e.candidate || this.sessions.get(channel) !== session) return;
      this.write('sgc@webrtc', channel, { type: 'candidate', label: e.candidate.sdpMLineIndex, id: e.candidate.sdpMid,
        candidate: e.candidate.candidate });
    };
    pc.ontrack = (e) => {
      const stream = e.streams && e.streams[0];
      this.emit('sgcaddstream', { channel, stream, track: e.track });
      if (stream) stream.onremovetrack = () => this.emit('sgcremovestream', { channel, stream });
    };
    pc.ondatachannel = (e) => this.useDataChannel(channel, session, e.channel);
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'connected' && !session.open) {
        session.open = true;
        this.emit('sgcsessionopen', { channel });
      }
    };
    return session;
  }

  useDataChannel(channel, session, dc) {
    session.dc = dc;
    dc.onopen = () => this.emit('sgcdatachannelopen', { channel, label: dc.label });
    dc.onmessage = (e) => this.emit('sgcdatamessage', { channel, data: e.data });
  }

  /** Ends a channel's session; `remote` tells whether the other side (or the server) ended it. */
  endSession(channel, remote) {
    const session = this.sessions.get(channel);
    if (!session) return;
    this.sessions.delete(channel);
    if (session.dc) session.dc.close();
    session.pc.close();
    this.emit('sgcsessionclose', { channel, remote });
  }

  async call(channel) {
    const session = this.newSession(channel);
    session.caller = true;
    if (this.options.dataChannel) {
      this.useDataChannel(channel, session, session.pc.createDataChannel(String(this.options.dataChannel)));
    }
    this.emit('sgcsessionconnecting', { channel });
    const offer = await session.pc.createOffer();
    await session.pc.setLocalDescription(offer);
    this.write('sgc@webrtc', channel, { type: 'offer', sdp: offer.sdp });
  }

  async signal(channel, signal) {
    switch (signal.type) {
      case 'offer': {
        let session = this.sessions.get(channel);
        // The session made at the join waits for this offer; any other is replaced (a new caller after a hang-up).
        if (!session || session.caller || session.remoteSet) session = this.newSession(channel);
        this.emit('sgcsessionconnecting', { channel });
        await session.pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
        await this.remoteSet(session);
        const answer = await session.pc.createAnswer();
        await session.pc.setLocalDescription(answer);
        this.write('sgc@webrtc', channel, { type: 'answer', sdp: answer.sdp });
        break;
      }
      case 'answer': {
        const session = this.sessions.get(channel);
        if (!session) return;
        await session.pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        await this.remoteSet(session);
        break;
      }
      case 'candidate': {
        const session = this.sessions.get(channel);
        const candidate = { candidate: signal.candidate, sdpMid: signal.id, sdpMLineIndex: signal.label };
        if (!session) return;
        // Candidates that arrive before the description they belong to wait for it.
        if (session.remoteSet) await session.pc.addIceCandidate(candidate);
        else session.candidates.push(candidate);
        break;
      }
      case 'bye':
        this.endSession(channel, true);
        break;
      default:
        break;
    }
  }

  async remoteSet(session) {
    session.remoteSet = true;
    const waiting = session.candidates.splice(0);
    for (const candidate of waiting) await session.pc.addIceCandidate(candidate);
  }

  receive(text) {
    this.emit('message', { message: text });
    const frame = parseJson(text);
    if (!frame || typeof frame !== 'object') return;
    if (frame.method === 'sgc@iceservers' && frame.iceservers && Array.isArray(frame.iceservers.iceServers)) {
      this.iceConfiguration = frame.iceservers;
      return;
    }
    if (frame.error) {
      this.emit('error', { message: frame.error.message, code: frame.error.code });
      return;
    }
    const channel = frame.params && frame.params.channel;
    switch (frame.method) {
      case 'sgc@subscribe': {
        const users = Number(frame.params.message);
        this.emit('sgcsubscribe', { channel, users });
        if (users >= 2) {
          this.call(channel).catch((e) => this.emit('error', { message: `offer failed: ${e.message}` }));
        } else {
          this.newSession(channel);
        }
        break;
      }
      case 'sgc@unsubscribe':
        this.emit('sgcunsubscribe', { channel });
        break;
      case 'sgc@webrtc':
        if (frame.webrtc && typeof frame.webrtc === 'object') {
          this.signal(channel, frame.webrtc).catch((e) => this.emit('error', { message: `signal failed: ${e.message}` }));
        }
        break;
      default:
        break;
    }
  }
}

/** Creates a WebRTC signalling peer: `Switchboard.webrtc(url?, options?)`. */
Switchboard.webrtc = (url, options) => new WebRtcClient(url, options);
Switchboard.WebRtcClient = WebRtcClient;

// @module-exports (make-classic.mjs replaces everything from this line on)
export { Switchboard };
export default Switchboard;
