/*
 * wamp.esegece.com.js: Switchboard's compatibility script for pages written against the sgcWebSockets JavaScript API
 * of WAMP v1 (subprotocol "WAMP").
 *
 * A classic script that defines the global `sgcws_wamp`, written from the API description in docs/js-client.md
 * ("WAMP v1"); it contains no code of the original library. It speaks WAMP v1 (JSON arrays) over a WebSocket that
 * offers `WAMP`, or `<prefix>.WAMP` when a prefix is given; WAMP has no Server-Sent Events fallback.
 *
 *   var socket = new sgcws_wamp('ws://host:port/');          // or (url, prefix)
 *   socket.on('wampwelcome', function (event) { socket.prefix('sgc', 'http://example.com/'); socket.subscribe('sgc:news'); });
 *   socket.on('wampevent', function (event) { console.log(event.TopicURI, event.Event); });
 *   socket.on('wampcallresult', function (event) { console.log(event.CallId, event.CallResult); });
 *   socket.call('', 'sgc:echo', 'hello');                    // an empty call id gets a generated one
 *   socket.publish('sgc:news', 'Test Message', [], []);
 */
(function (global) {
  'use strict';

  var STATES = ['connecting', 'open', 'closing', 'closed'];
  var WELCOME = 0, PREFIX = 1, CALL = 2, CALLRESULT = 3, CALLERROR = 4, SUBSCRIBE = 5, UNSUBSCRIBE = 6,
    PUBLISH = 7, EVENT = 8, CALLPROGRESSRESULT = 1000, CALLCANCEL = 1001;

  /** The ws(s) URL of a host given as ws(s), http(s) or relative to the page. */
  function socketUrl(host) {
    var base = typeof location === 'undefined' ? undefined : location.href;
    var url = new URL(host || '.', base);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    return url.href;
  }

  /** A random call id, as the sgc client generates one for an empty id. */
  function guid() {
    if (global.crypto && typeof global.crypto.randomUUID === 'function') return global.crypto.randomUUID();
    var text = '';
    for (var i = 0; i < 32; i++) text += Math.floor(Math.random() * 16).toString(16);
    return text;
  }

  /**
   * A WAMP v1 connection with the sgc JavaScript API.
   * @param {string} [url] the server URL; the page's directory by default
   * @param {string} [prefix] a token prefix: the connection offers `<prefix>.WAMP`
   */
  function sgcws_wamp(url, prefix) {
    if (!(this instanceof sgcws_wamp)) return new sgcws_wamp(url, prefix);
    this.listeners = {};
    this.pending = [];
    this.sessionId = null;
    var self = this;
    var token = prefix ? prefix + '.WAMP' : 'WAMP';
    var socket = new WebSocket(socketUrl(url), token);
    this.socket = socket;
    socket.onopen = function () {
      self.emit('open', {});
      var waiting = self.pending;
      self.pending = [];
      for (var i = 0; i < waiting.length; i++) socket.send(waiting[i]);
    };
    socket.onmessage = function (message) {
      self.received(message.data);
    };
    socket.onerror = function () {
      self.emit('error', { message: 'WebSocket error' });
    };
    socket.onclose = function (event) {
      self.emit('close', { code: event.code, reason: event.reason, clean: event.wasClean });
    };
  }

  sgcws_wamp.prototype.on = function (name, listener) {
    (this.listeners[name] = this.listeners[name] || []).push(listener);
    return this;
  };

  sgcws_wamp.prototype.emit = function (name, detail) {
    var list = (this.listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].call(this, detail);
      } catch (e) {
        setTimeout(function () { throw e; });
      }
    }
  };

  /** Handles one message of the server: the WAMP v1 ones as their events, anything else as sgcmessage. */
  sgcws_wamp.prototype.received = function (text) {
    var message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      message = null;
    }
    if (!Array.isArray(message)) {
      this.emit('sgcmessage', { message: text });
      return;
    }
    switch (message[0]) {
      case WELCOME:
        this.sessionId = message[1];
        this.emit('wampwelcome', { SessionId: message[1], ProtocolVersion: message[2], ServerIdent: message[3] });
        break;
      case CALLRESULT:
        this.emit('wampcallresult', { CallId: message[1], CallResult: message[2] });
        break;
      case CALLPROGRESSRESULT:
        this.emit('wampcallprogressresult', { CallId: message[1], CallResult: message[2] });
        break;
      case CALLERROR:
        this.emit('wampcallerror', {
          CallId: message[1], ErrorURI: message[2], ErrorDesc: message[3], ErrorDetails: message[4]
        });
        break;
      case EVENT:
        this.emit('wampevent', { TopicURI: message[1], Event: message[2] });
        break;
      default:
        this.emit('sgcmessage', { message: text });
    }
  };

  /** Sends a WAMP message now, or once the socket is open. */
  sgcws_wamp.prototype.write = function (message) {
    var text = JSON.stringify(message);
    if (this.socket.readyState === 1) this.socket.send(text);
    else if (this.socket.readyState === 0) this.pending.push(text);
  };

  /** Defines a CURIE prefix for the URIs this connection sends. */
  sgcws_wamp.prototype.prefix = function (prefix, uri) {
    this.write([PREFIX, prefix, uri]);
  };

  /**
   * Calls a procedure; returns the call id (generated when empty). `params`, when given, is the one argument;
   * further arguments are sent as further WAMP arguments.
   */
  sgcws_wamp.prototype.call = function (callId, procURI, params) {
    var id = callId || guid();
    var message = [CALL, id, procURI];
    for (var i = 2; i < arguments.length; i++) {
      if (arguments[i] !== undefined) message.push(arguments[i]);
    }
    this.write(message);
    return id;
  };

  /** Asks the server to forget a call (the sgc call cancel). */
  sgcws_wamp.prototype.cancelcall = function (callId) {
    this.write([CALLCANCEL, callId]);
  };

  sgcws_wamp.prototype.subscribe = function (topicURI) {
    this.write([SUBSCRIBE, topicURI]);
  };

  sgcws_wamp.prototype.unsubscribe = function (topicURI) {
    this.write([UNSUBSCRIBE, topicURI]);
  };

  /**
   * Publishes an event. The third argument is excludeMe (true leaves this connection out) or the list of session
   * ids to leave out; the fourth the list of the only session ids to reach (empty: no restriction). The lists are
   * sent in the WAMP v1 specification's order: exclude, then eligible.
   */
  sgcws_wamp.prototype.publish = function (topicURI, event, excludeMe, eligible) {
    var message = [PUBLISH, topicURI, event];
    if (typeof excludeMe === 'boolean') {
      message.push(excludeMe);
    } else if (Array.isArray(excludeMe) || Array.isArray(eligible)) {
      message.push(Array.isArray(excludeMe) ? excludeMe : []);
      message.push(Array.isArray(eligible) ? eligible : []);
    }
    this.write(message);
  };

  /** "connecting", "open", "closing" or "closed". */
  sgcws_wamp.prototype.state = function () {
    return STATES[this.socket.readyState];
  };

  sgcws_wamp.prototype.close = function () {
    this.pending = [];
    this.socket.close();
  };

  global.sgcws_wamp = sgcws_wamp;
})(typeof window !== 'undefined' ? window : globalThis);
