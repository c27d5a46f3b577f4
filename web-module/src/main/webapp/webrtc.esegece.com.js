/*
 * webrtc.esegece.com.js: Switchboard's compatibility script for pages written against the sgcWebSockets JavaScript
 * API of the WebRTC protocol ("webrtc.esegece.com").
 *
 * A classic script that defines the global `sgcws_webrtc` over Switchboard's own WebRTC client
 * (`Switchboard.webrtc` of js/switchboard.js, the classic build js/switchboard.classic.js, which this script loads
 * from next to itself when the page has not). The client already speaks the sgc method and event names
 * (webrtc_connect, webrtc_disconnect; sgcmediastart, sgcsessionopen, sgcaddstream, ...), so this script only gives it
 * the sgc constructor and queues the calls a page makes before it is loaded. It contains no code of the original
 * library.
 *
 *   var socket = new sgcws_webrtc('ws://host:port/');         // or (url, prefix), or (url, prefix, options)
 *   socket.on('sgcmediastart', function (event) { socket.webrtc_connect('custom channel'); });
 *   socket.on('sgcaddstream', function (event) { document.getElementById('remote').srcObject = event.stream; });
 *   socket.webrtc_disconnect('custom channel');
 */
(function (global) {
  'use strict';

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

  var EVENTS = ['open', 'close', 'error', 'message', 'sgcmediastart', 'sgcmediastop', 'sgcmediaerror',
    'sgcsessionconnecting', 'sgcsessionopen', 'sgcsessionclose', 'sgcaddstream', 'sgcremovestream', 'sgcsubscribe',
    'sgcunsubscribe', 'sgcdatachannelopen', 'sgcdatamessage'];

  /**
   * A WebRTC signalling connection with the sgc JavaScript API.
   * @param {string} [url] the server URL; the page's directory by default
   * @param {string} [prefix] a token prefix: the connection offers `<prefix>.webrtc.esegece.com`
   * @param {object} [options] Switchboard's options (media constraints, data channel label, RTCConfiguration)
   */
  function sgcws_webrtc(url, prefix, options) {
    if (!(this instanceof sgcws_webrtc)) return new sgcws_webrtc(url, prefix, options);
    this.listeners = {};
    this.client = null;
    this.pending = [];
    this.closed = false;
    var self = this;
    var target = new URL(url || '.', typeof location === 'undefined' ? undefined : location.href).href;
    switchboardClass().then(function (Switchboard) {
      if (self.closed) return;
      var settings = {};
      for (var key in options || {}) settings[key] = options[key];
      settings.prefix = prefix || '';
      var client = Switchboard.webrtc(target, settings);
      EVENTS.forEach(function (name) {
        client.on(name, function (detail) { self.emit(name, detail); });
      });
      self.client = client;
      var waiting = self.pending;
      self.pending = [];
      for (var i = 0; i < waiting.length; i++) waiting[i](client);
    }, function (error) {
      self.emit('error', { message: error.message });
      self.emit('close', { code: 1006, reason: error.message, clean: false });
    });
  }

  sgcws_webrtc.prototype.call = function (fn) {
    if (this.client) fn(this.client);
    else this.pending.push(fn);
  };

  sgcws_webrtc.prototype.on = function (name, listener) {
    (this.listeners[name] = this.listeners[name] || []).push(listener);
    return this;
  };

  sgcws_webrtc.prototype.emit = function (name, detail) {
    var list = (this.listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].call(this, detail);
      } catch (e) {
        setTimeout(function () { throw e; });
      }
    }
  };

  ['webrtc_connect', 'webrtc_disconnect', 'webrtc_send'].forEach(function (name) {
    sgcws_webrtc.prototype[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      this.call(function (client) { client[name].apply(client, args); });
    };
  });

  /** "connecting", "open", "closing" or "closed". */
  sgcws_webrtc.prototype.state = function () {
    return this.client ? this.client.state() : (this.closed ? 'closed' : 'connecting');
  };

  sgcws_webrtc.prototype.close = function () {
    this.closed = true;
    this.call(function (client) { client.close(); });
  };

  global.sgcws_webrtc = sgcws_webrtc;
})(typeof window !== 'undefined' ? window : globalThis);
