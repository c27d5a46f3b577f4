/*
 * esegece.com.js: Switchboard's compatibility script for pages written against the sgcWebSockets JavaScript API of
 * the sgc default protocol ("esegece.com").
 *
 * A classic script that defines the global `sgcws` as a wrapper over Switchboard's own client (js/switchboard.js,
 * the classic build js/switchboard.classic.js, which this script loads from next to itself when the page has not),
 * with the sgc method and event names. Written from the API description in docs/js-client.md ("sgc compatibility
 * path"); it contains no code of the original library. The client underneath brings what the original lacks:
 * reconnect with backoff, resume of channels without loss, and the SSE fallback.
 *
 *   var socket = new sgcws('ws://host:port/');                 // or ({host, user, password}[, prefix[, transport]])
 *   socket.on('open', function () { socket.subscribe('news'); });
 *   socket.on('sgcevent', function (event) { console.log(event.channel, event.message); });
 *   socket.publish('hello', 'news');
 *   socket.rpc('id-1', 'add', JSON.stringify({a: 1, b: 2}));
 *   socket.on('sgcrpcresult', function (event) { console.log(event.id, event.result); });
 */
(function (global) {
  'use strict';

  var QOS = ['qosLevel0', 'qosLevel1', 'qosLevel2'];
  var QUEUES = ['queueLevel0', 'queueLevel1', 'queueLevel2'];

  // Where switchboard.classic.js is: next to this script, in js/.
  var here = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : null;
  var loading = null;

  /** A Promise of the Switchboard constructor, loading the classic build once when the page has not. */
  function switchboardClass() {
    if (typeof global.Switchboard === 'function') return Promise.resolve(global.Switchboard);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = new URL('js/switchboard.classic.js', here || location.href).href;
      script.onload = function () {
        if (typeof global.Switchboard === 'function') resolve(global.Switchboard);
        else reject(new Error('js/switchboard.classic.js did not define Switchboard'));
      };
      script.onerror = function () {
        reject(new Error('could not load js/switchboard.classic.js'));
      };
      document.head.appendChild(script);
    });
    return loading;
  }

  var ids = 0;

  function newId() {
    ids += 1;
    return 'sgcws-' + Date.now().toString(36) + '-' + ids + '-' + Math.random().toString(36).slice(2, 8);
  }

  /** A ticket function logging in with POST auth/login (the session cookie then also identifies the page). */
  function loginTicket(base, user, password) {
    return function () {
      return fetch(new URL('auth/login', base).href, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: String(user), password: String(password || '') }),
        credentials: 'same-origin',
      }).then(function (response) {
        if (!response.ok) throw new Error('login answered ' + response.status);
        return response.json();
      }).then(function (answer) {
        return answer.ticket;
      });
    };
  }

  /**
   * A connection speaking the sgc default protocol, with the sgc JavaScript API.
   * @param {string|object} url the server URL, or {host, user, password}
   * @param {string} [prefix] accepted for compatibility; Switchboard serves "esegece.com" only
   * @param {string[]} [transport] "websocket", "sse" or both, in order (default both)
   */
  function sgcws(url, prefix, transport) {
    if (!(this instanceof sgcws)) return new sgcws(url, prefix, transport);
    var options = url !== null && typeof url === 'object' ? url : { host: url };
    this.listeners = {};
    this.qos = 0;
    this.queue = 0;
    this.client = null;
    this.pending = [];
    this.closed = false;
    var self = this;
    var host = new URL(options.host || '.', typeof location === 'undefined' ? undefined : location.href);
    var settings = { transports: transport || options.transport || ['websocket', 'sse'] };
    if (options.user !== undefined && options.user !== null && options.user !== '') {
      var base = new URL(host.href);
      base.protocol = base.protocol === 'wss:' ? 'https:' : base.protocol === 'ws:' ? 'http:' : base.protocol;
      settings.ticket = loginTicket(base.href, options.user, options.password);
    }
    switchboardClass().then(function (Switchboard) {
      if (self.closed) return;
      self.attach(new Switchboard(host.href, settings));
    }, function (error) {
      self.emit('error', { message: error.message });
      self.emit('close', { code: 1006, reason: error.message, clean: false });
    });
  }

  /** Wires the client's events to the sgc names, then runs the calls made before it existed. */
  sgcws.prototype.attach = function (client) {
    var self = this;
    this.client = client;
    client.on('open', function () { self.emit('open', {}); });
    client.on('close', function (e) { self.emit('close', { code: e.code, reason: e.reason, clean: e.clean }); });
    client.on('error', function (e) { self.emit('error', { message: e.message }); });
    client.on('message', function (e) { self.emit('sgcmessage', { message: e.message, channel: e.channel }); });
    client.on('event', function (e) { self.emit('sgcevent', { channel: e.channel, message: e.message }); });
    client.on('subscribe', function (e) { self.emit('sgcsubscribe', { channel: e.channel }); });
    client.on('unsubscribe', function (e) { self.emit('sgcunsubscribe', { channel: e.channel }); });
    client.on('session', function (e) { self.emit('sgcsession', { guid: e.guid }); });
    client.on('acknowledgment', function (e) { self.emit('sgcacknowledgment', { id: e.id }); });
    client.on('rpcerror', function (e) {
      self.emit('sgcrpcerror', { id: e.id, code: e.code, message: e.message, data: e.data });
    });
    client.on('rpcresult', function (e) {
      var method = e.result && typeof e.result === 'object' ? e.result.method : undefined;
      if (method === 'sgc@pubrec') {
        // QoS 2: the server holds the message until the page releases it with pubrel(id).
        self.emit('sgcpubrec', { id: e.id });
        return;
      }
      self.emit('sgcrpcresult', { id: e.id, result: e.result });
    });
    var waiting = this.pending;
    this.pending = [];
    for (var i = 0; i < waiting.length; i++) waiting[i](client);
  };

  /** Runs a call on the client now, or once it exists. */
  sgcws.prototype.call = function (fn) {
    if (this.client) fn(this.client);
    else this.pending.push(fn);
  };

  sgcws.prototype.on = function (name, listener) {
    (this.listeners[name] = this.listeners[name] || []).push(listener);
    return this;
  };

  sgcws.prototype.emit = function (name, detail) {
    var list = (this.listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].call(this, detail);
      } catch (e) {
        setTimeout(function () { throw e; });
      }
    }
  };

  /** Sends an sgc@message to the server application. */
  sgcws.prototype.send = function (text) {
    this.call(function (client) { client.send(text); });
  };

  /** Publishes to a channel with the QoS and queue level set by qoslevelN() and queuelevelN(). */
  sgcws.prototype.publish = function (message, channel) {
    var qos = this.qos;
    var queue = this.queue;
    this.call(function (client) {
      if (qos === 0) {
        client.publish(message, channel, queue);
        return;
      }
      // Switchboard's client publishes at QoS 0; a QoS publish needs an id the acknowledgment names.
      var params = { message: String(message), channel: String(channel), qos: QOS[qos], queue: QUEUES[queue] };
      client.deliver({ jsonrpc: '2.0', method: 'sgc@publish', params: params, qos: QOS[qos], id: newId() });
    });
  };

  sgcws.prototype.broadcast = function (message, channel) {
    this.call(function (client) { client.broadcast(message, channel); });
  };

  sgcws.prototype.subscribe = function (channel) {
    this.call(function (client) { client.subscribe(channel); });
  };

  sgcws.prototype.unsubscribe = function (channel) {
    this.call(function (client) { client.unsubscribe(channel); });
  };

  /** Calls a server method; the answer comes as sgcrpcresult or sgcrpcerror with the same id. */
  sgcws.prototype.rpc = function (id, method, params) {
    this.call(function (client) { client.rpc(String(id), method, params); });
  };

  /** Calls a server method without an answer. */
  sgcws.prototype.notify = function (method, params) {
    this.call(function (client) { client.notify(method, params); });
  };

  /** Sends a request with a method and nothing else (getsession is request('sgc@session')). */
  sgcws.prototype.request = function (method) {
    this.call(function (client) { client.deliver({ jsonrpc: '2.0', method: String(method) }); });
  };

  sgcws.prototype.getsession = function () {
    this.call(function (client) { client.getsession(); });
  };

  sgcws.prototype.starttransaction = function (channel) {
    this.call(function (client) { client.starttransaction(channel); });
  };

  sgcws.prototype.commit = function (channel) {
    this.call(function (client) { client.commit(channel); });
  };

  sgcws.prototype.rollback = function (channel) {
    this.call(function (client) { client.rollback(channel); });
  };

  /** Releases a QoS 2 publication the server answered with sgcpubrec. */
  sgcws.prototype.pubrel = function (id) {
    this.call(function (client) {
      client.deliver({ jsonrpc: '2.0', method: 'sgc@pubrel', params: { qos: 'qosLevel2' }, qos: 'qosLevel2',
        id: String(id) });
    });
  };

  sgcws.prototype.qoslevel0 = function () { this.qos = 0; };
  sgcws.prototype.qoslevel1 = function () { this.qos = 1; };
  sgcws.prototype.qoslevel2 = function () { this.qos = 2; };
  sgcws.prototype.queuelevel0 = function () { this.queue = 0; };
  sgcws.prototype.queuelevel1 = function () { this.queue = 1; };
  sgcws.prototype.queuelevel2 = function () { this.queue = 2; };

  sgcws.prototype.close = function () {
    this.closed = true;
    this.call(function (client) { client.close(); });
  };

  /** @returns {string} "connecting", "open", "closing" or "closed" */
  sgcws.prototype.state = function () {
    return this.client ? this.client.state() : (this.closed ? 'closed' : 'connecting');
  };

  global.sgcws = sgcws;
})(typeof window !== 'undefined' ? window : globalThis);
