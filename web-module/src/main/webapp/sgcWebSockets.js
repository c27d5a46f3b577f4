/*
 * sgcWebSockets.js: Switchboard's compatibility script for pages written against the sgcWebSockets JavaScript API.
 *
 * A classic script (load it with <script src="sgcWebSockets.js">) that defines the globals `sgcWebSocket` and
 * `sgcWSStreamRead`, written from the API description in docs/js-client.md ("sgc compatibility path"); it contains
 * no code of the original library. `sgcWebSocket` is a plain WebSocket with the sgc method and event names, for any
 * subprotocol; the sgc default protocol with channels, RPC and the SSE fallback is `sgcws` in esegece.com.js.
 *
 *   var socket = new sgcWebSocket('ws://host:port/', 'esegece.com');   // or ({host, user, password, subprotocol})
 *   socket.on('open', function () { socket.send('hello'); });
 *   socket.on('message', function (event) { console.log(event.message); });
 *   socket.on('stream', function (event) { sgcWSStreamRead(event.stream, function (header, data) { ... }); });
 */
(function (global) {
  'use strict';

  var STATES = ['connecting', 'open', 'closing', 'closed'];

  /** The ws(s) URL of a host given as ws(s), http(s) or relative to the page. */
  function socketUrl(host) {
    var base = typeof location === 'undefined' ? undefined : location.href;
    var url = new URL(host || '.', base);
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    return url;
  }

  /**
   * The sgc URL login form: <host>/sgc/auth/url/<user>/<password>. The server answers it only when
   * switchboard.auth.sgc-urls is on; a login with POST /auth/login and the session cookie is the safer way.
   */
  function withCredentials(url, user, password) {
    if (user === undefined || user === null || user === '') return url.href;
    var path = url.pathname.replace(/\/$/, '');
    url.pathname = path + '/sgc/auth/url/' + encodeURIComponent(user) + '/' + encodeURIComponent(password || '');
    return url.href;
  }

  /**
   * A WebSocket with the sgc API.
   * @param {string|object} url the server URL, or {host, user, password, subprotocol, transport}
   * @param {string} [protocol] the subprotocol to offer (none when absent)
   * @param {string[]} [transport] accepted for compatibility; only "websocket" is served by this object
   */
  function sgcWebSocket(url, protocol, transport) {
    if (!(this instanceof sgcWebSocket)) return new sgcWebSocket(url, protocol, transport);
    var options = url !== null && typeof url === 'object' ? url : { host: url, subprotocol: protocol,
      transport: transport };
    this.listeners = {};
    this.transport = options.transport || ['websocket'];
    var target = withCredentials(socketUrl(options.host), options.user, options.password);
    var offer = options.subprotocol || protocol;
    var self = this;
    try {
      this.socket = offer ? new WebSocket(target, offer) : new WebSocket(target);
    } catch (e) {
      this.socket = null;
      setTimeout(function () {
        self.emit('error', { message: e.message });
        self.emit('close', { code: 1006, reason: e.message, clean: false });
      });
      return;
    }
    this.socket.binaryType = 'blob';
    this.socket.onopen = function () {
      self.emit('open', {});
    };
    this.socket.onmessage = function (event) {
      if (typeof event.data === 'string') {
        self.emit('message', { message: event.data });
      } else {
        self.emit('stream', { stream: event.data });
      }
    };
    this.socket.onerror = function () {
      // Browsers say nothing more about a failed WebSocket; the close event that follows carries the code.
      self.emit('error', { message: 'WebSocket error' });
    };
    this.socket.onclose = function (event) {
      self.emit('close', { code: event.code, reason: event.reason, clean: event.wasClean });
    };
  }

  /** Registers a listener: open, close, error, message, stream. */
  sgcWebSocket.prototype.on = function (name, listener) {
    (this.listeners[name] = this.listeners[name] || []).push(listener);
    return this;
  };

  sgcWebSocket.prototype.emit = function (name, detail) {
    var list = (this.listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].call(this, detail);
      } catch (e) {
        // One faulty listener must not stop the others.
        setTimeout(function () { throw e; });
      }
    }
  };

  /** Sends a text message; false when the socket is not open. */
  sgcWebSocket.prototype.send = function (text) {
    if (!this.socket || this.socket.readyState !== 1) return false;
    this.socket.send(String(text));
    return true;
  };

  /** Sends a binary message (an ArrayBuffer, a typed array or a Blob); false when the socket is not open. */
  sgcWebSocket.prototype.sendbin = function (data) {
    if (!this.socket || this.socket.readyState !== 1) return false;
    this.socket.send(data);
    return true;
  };

  sgcWebSocket.prototype.close = function () {
    if (this.socket) this.socket.close(1000);
  };

  /** @returns {string} "connecting", "open", "closing" or "closed" */
  sgcWebSocket.prototype.state = function () {
    return this.socket ? STATES[this.socket.readyState] : 'closed';
  };

  /**
   * Reads the sgc binary framing: ten ASCII digits giving the header's length in bytes, the UTF-8 header, then the
   * payload. Calls back with (header, payload Blob); a frame without a valid prefix gives ('', the whole Blob).
   */
  function sgcWSStreamRead(blob, callback) {
    var reader = blob.slice(0, 10).arrayBuffer ? blob.slice(0, 10).arrayBuffer() : null;
    var whole = function () { callback('', blob); };
    if (!reader) {
      whole();
      return;
    }
    reader.then(function (prefix) {
      var bytes = new Uint8Array(prefix);
      if (bytes.length < 10) {
        whole();
        return;
      }
      var length = 0;
      for (var i = 0; i < 10; i++) {
        if (bytes[i] < 48 || bytes[i] > 57) {
          whole();
          return;
        }
        length = length * 10 + (bytes[i] - 48);
      }
      if (10 + length > blob.size) {
        whole();
        return;
      }
      blob.slice(10, 10 + length).arrayBuffer().then(function (header) {
        callback(new TextDecoder('utf-8').decode(header), blob.slice(10 + length));
      });
    }, whole);
  }

  global.sgcWebSocket = sgcWebSocket;
  global.sgcWSStreamRead = sgcWSStreamRead;
})(typeof window !== 'undefined' ? window : globalThis);
