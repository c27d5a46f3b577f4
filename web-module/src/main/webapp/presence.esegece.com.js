/*
 * presence.esegece.com.js: Switchboard's compatibility script for pages written against the sgcWebSockets
 * JavaScript API of the Presence protocol ("presence.esegece.com").
 *
 * A classic script that defines the global `sgcws_presence` over Switchboard's own presence client
 * (`Switchboard.presence` of js/switchboard.js, the classic build js/switchboard.classic.js, which this script loads
 * from next to itself when the page has not). The presence client already speaks the sgc method and event names
 * (newmember, removemember, subscribe, unsubscribe, publish, getmembers, invite; sgcsession, sgcnewmember, ...), so
 * this script only gives it the sgc constructor and queues the calls a page makes before it is loaded. It contains no
 * code of the original library.
 *
 *   var socket = new sgcws_presence('ws://host:port/');       // or (url, prefix)
 *   socket.on('sgcsession', function (event) { socket.newmember(event.id, 'John', 'john@example.com'); });
 *   socket.on('sgcnewchannelmember', function (event) { console.log(event.member.name, event.channel.name); });
 *   socket.subscribe('Topic 1');
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

  var EVENTS = ['open', 'close', 'error', 'message', 'sgcsession', 'sgcnewmember', 'sgcremovemember',
    'sgcnewchannelmember', 'sgcremovechannelmember', 'sgcpublishmsg', 'sgcgetmembers', 'sgcchannelinvitation',
    'sgcerrormemberchannel', 'sgcerrorpublishmsg'];

  /**
   * A presence connection with the sgc JavaScript API.
   * @param {string} [url] the server URL; the page's directory by default
   * @param {string} [prefix] a token prefix: the connection offers `<prefix>presence.esegece.com`
   */
  function sgcws_presence(url, prefix) {
    if (!(this instanceof sgcws_presence)) return new sgcws_presence(url, prefix);
    this.listeners = {};
    this.client = null;
    this.pending = [];
    this.closed = false;
    var self = this;
    var target = new URL(url || '.', typeof location === 'undefined' ? undefined : location.href).href;
    switchboardClass().then(function (Switchboard) {
      if (self.closed) return;
      var client = Switchboard.presence(target, { prefix: prefix || '' });
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

  sgcws_presence.prototype.call = function (fn) {
    if (this.client) fn(this.client);
    else this.pending.push(fn);
  };

  sgcws_presence.prototype.on = function (name, listener) {
    (this.listeners[name] = this.listeners[name] || []).push(listener);
    return this;
  };

  sgcws_presence.prototype.emit = function (name, detail) {
    var list = (this.listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].call(this, detail);
      } catch (e) {
        setTimeout(function () { throw e; });
      }
    }
  };

  ['newmember', 'removemember', 'subscribe', 'unsubscribe', 'publish', 'getmembers', 'invite'].forEach(function (name) {
    sgcws_presence.prototype[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      this.call(function (client) { client[name].apply(client, args); });
    };
  });

  /** "connecting", "open", "closing" or "closed". */
  sgcws_presence.prototype.state = function () {
    return this.client ? this.client.state() : (this.closed ? 'closed' : 'connecting');
  };

  sgcws_presence.prototype.close = function () {
    this.closed = true;
    this.call(function (client) { client.close(); });
  };

  global.sgcws_presence = sgcws_presence;
})(typeof window !== 'undefined' ? window : globalThis);
