/*
 * sgcWebSockets.js: Switchboard's compatibility script for pages written against the sgcWebSockets JavaScript API.
 *
 * A classic script (load it with <script src="sgcWebSockets.js">) that defines the globals `sgcWebSocket` and
 * `sgcWSStreamRead`, written from the API description in docs/js-client.md ("sgc compatibility path"); it contains
 * no code of the original library. `sgcWebSocket` is a plain connection with the sgc method and event names, for any
 * subprotocol: a WebSocket, or Server-Sent Events when that cannot open; the sgc default protocol with channels and
 * RPC is `sgcws` in esegece.com.js.
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

  /** The http(s) base (a directory URL) of the same server, for the SSE fallback. */
  function httpBase(url) {
    var base = new URL(url.href);
    base.protocol = base.protocol === 'wss:' ? 'https:' : 'http:';
    base.search = '';
    base.hash = '';
    base.pathname = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
    return base;
  }

  /**
   * A connection with the sgc API: a WebSocket, or, when that cannot open and the transports allow it, Server-Sent
   * Events (an EventSource on <base><subprotocol> whose first event is the connection id; messages to the server are
   * POSTs to <base>sgc/xhr/<id>, one at a time so their order is kept).
   * @param {string|object} url the server URL, or {host, user, password, subprotocol, transport}
   * @param {string} [protocol] the subprotocol to offer (none when absent)
   * @param {string[]} [transport] "websocket", "sse" or both, in order; default both
   */
  function sgcWebSocket(url, protocol, transport) {
    if (!(this instanceof sgcWebSocket)) return new sgcWebSocket(url, protocol, transport);
    var options = url !== null && typeof url === 'object' ? url : { host: url, subprotocol: protocol,
      transport: transport };
    this.listeners = {};
    this.transports = (options.transport || ['websocket', 'sse']).slice();
    this.url = socketUrl(options.host);
    this.user = options.user;
    this.password = options.password;
    this.protocol = options.subprotocol || protocol || '';
    this.readyState = 'connecting';
    this.socket = null;
    this.source = null;
    var self = this;
    // Listeners are registered right after the constructor returns: start on the next tick.
    setTimeout(function () { self.next(); });
  }

  /** Tries the next transport, or reports the failure. */
  sgcWebSocket.prototype.next = function () {
    var kind = this.transports.shift();
    if (this.readyState === 'closed') return;
    if (kind === 'websocket') this.openWebSocket();
    else if (kind === 'sse') this.openSse();
    else {
      this.readyState = 'closed';
      this.emit('close', { code: 1006, reason: 'no transport could connect', clean: false });
    }
  };

  sgcWebSocket.prototype.openWebSocket = function () {
    var self = this;
    var opened = false;
    var target = withCredentials(new URL(this.url.href), this.user, this.password);
    try {
      this.socket = this.protocol ? new WebSocket(target, this.protocol) : new WebSocket(target);
    } catch (e) {
      this.emit('error', { message: e.message });
      this.next();
      return;
    }
    this.socket.binaryType = 'blob';
    this.socket.onopen = function () {
      opened = true;
      self.readyState = 'open';
      self.emit('open', {});
    };
    this.socket.onmessage = function (event) {
      if (typeof event.data === 'string') self.emit('message', { message: event.data });
      else self.emit('stream', { stream: event.data });
    };
    this.socket.onerror = function () {
      // Browsers say nothing more about a failed WebSocket; the close event that follows carries the code.
      self.emit('error', { message: 'WebSocket error' });
    };
    this.socket.onclose = function (event) {
      if (!opened && self.readyState !== 'closed' && self.transports.length > 0) {
        self.socket = null;
        self.next();
        return;
      }
      self.readyState = 'closed';
      self.emit('close', { code: event.code, reason: event.reason, clean: event.wasClean });
    };
  };

  sgcWebSocket.prototype.openSse = function () {
    var self = this;
    var base = httpBase(this.url);
    var path = this.protocol;
    if (this.user !== undefined && this.user !== null && this.user !== '') {
      path = 'sgc/auth/url/' + encodeURIComponent(this.user) + '/' + encodeURIComponent(this.password || '')
        + (this.protocol ? '/' + this.protocol : '');
    }
    this.base = base;
    this.guid = null;
    this.postKey = null;
    this.posting = Promise.resolve();
    try {
      this.source = new EventSource(new URL(path, base).href);
    } catch (e) {
      this.emit('error', { message: e.message });
      this.next();
      return;
    }
    this.source.onmessage = function (event) {
      if (self.guid === null) {
        self.guid = event.data;
        self.readyState = 'open';
        self.emit('open', {});
        return;
      }
      self.emit('message', { message: event.data });
    };
    this.source.addEventListener('post-key', function (event) {
      self.postKey = event.data;
    });
    this.source.onerror = function () {
      // EventSource would reconnect by itself with a new connection id; this object ends instead, as a socket does.
      var wasOpen = self.guid !== null;
      self.source.close();
      self.source = null;
      if (!wasOpen && self.readyState !== 'closed' && self.transports.length > 0) {
        self.next();
        return;
      }
      if (self.readyState === 'closed') return;
      self.readyState = 'closed';
      self.emit('close', { code: wasOpen ? 1000 : 1006, reason: 'event stream ended', clean: wasOpen });
    };
  };

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

  /** Sends a text message; false when the connection is not open. */
  sgcWebSocket.prototype.send = function (text) {
    if (this.readyState !== 'open') return false;
    if (this.socket) {
      this.socket.send(String(text));
      return true;
    }
    var self = this;
    var target = new URL('sgc/xhr/' + encodeURIComponent(this.guid), this.base).href;
    var headers = { 'Content-Type': 'text/plain;charset=utf-8' };
    if (this.postKey) headers['X-Switchboard-Post-Key'] = this.postKey;
    var body = String(text);
    this.posting = this.posting.then(function () {
      return fetch(target, { method: 'POST', headers: headers, body: body, credentials: 'same-origin' });
    }).then(function (response) {
      if (!response.ok) self.emit('error', { message: 'POST answered ' + response.status });
    }, function (error) {
      self.emit('error', { message: 'POST failed: ' + error.message });
    });
    return true;
  };

  /** Sends a binary message (an ArrayBuffer, a typed array or a Blob); false when not open or over SSE. */
  sgcWebSocket.prototype.sendbin = function (data) {
    if (this.readyState !== 'open' || !this.socket) return false;
    this.socket.send(data);
    return true;
  };

  sgcWebSocket.prototype.close = function () {
    if (this.socket) {
      this.readyState = 'closing';
      this.socket.close(1000);
      return;
    }
    var wasClosed = this.readyState === 'closed';
    this.readyState = 'closed';
    if (this.source) {
      this.source.close();
      this.source = null;
    }
    if (!wasClosed) this.emit('close', { code: 1000, reason: '', clean: true });
  };

  /** @returns {string} "connecting", "open", "closing" or "closed" */
  sgcWebSocket.prototype.state = function () {
    if (this.socket && this.readyState !== 'closed') return STATES[this.socket.readyState];
    return this.readyState;
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
