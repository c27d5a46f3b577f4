/*
 * files.esegece.com.js: Switchboard's compatibility script for the Files protocol ("files.esegece.com").
 *
 * The sgcWebSockets JavaScript library has no API for files (only the sgcWSStreamRead helper, which
 * sgcWebSockets.js provides), so this classic script defines a thin global `sgcws_files` over Switchboard's own
 * browser client (the ES module js/switchboard-files.js, loaded from next to this script) with the method names of
 * the sgc Delphi client component (SendFile, Subscribe, UnSubscribe) and its event names in lower case without
 * "On" (filereceived, filesent, filesenterror, filereceivederror). It contains no code of the original library.
 *
 *   var files = new sgcws_files('ws://host:port/');
 *   files.on('filereceived', function (event) { save(event.name, event.blob); });
 *   files.SendFile(input.files[0], 65536, 'qosLevel2', 'about it');   // (file[, size, qos, data, fileId])
 *   files.Subscribe('reports');
 */
(function (global) {
  'use strict';

  var QOS = { qosLevel0: 0, qosLevel1: 1, qosLevel2: 2 };
  var here = typeof document !== 'undefined' && document.currentScript ? document.currentScript.src : null;
  var loading = null;

  /** A Promise of the module, imported once. */
  function filesModule() {
    if (!loading) loading = import(new URL('js/switchboard-files.js', here || location.href).href);
    return loading;
  }

  /** A Files connection with the sgc Delphi client's method names. */
  function sgcws_files(url, options) {
    if (!(this instanceof sgcws_files)) return new sgcws_files(url, options);
    var self = this;
    this.listeners = {};
    this.client = filesModule().then(function (module) {
      var client = new module.FilesClient(url, options || {});
      client.on('open', function () { self.emit('open', {}); });
      client.on('close', function (event) { self.emit('close', event); });
      client.on('file', function (event) { self.emit('filereceived', event); });
      client.on('fileError', function (event) { self.emit('filereceivederror', event); });
      return client;
    });
  }

  sgcws_files.prototype.on = function (event, fn) {
    (this.listeners[event] = this.listeners[event] || []).push(fn);
    return this;
  };

  sgcws_files.prototype.emit = function (event, detail) {
    (this.listeners[event] || []).forEach(function (fn) { fn(detail); });
  };

  /**
   * SendFile(file[, size, qos, data, fileId]): size is the packet size (default 65536), qos 'qosLevel0' to
   * 'qosLevel2' or 0 to 2. Returns a Promise of the file id; 'filesent' or 'filesenterror' follows as well.
   */
  sgcws_files.prototype.SendFile = function (file, size, qos, data, fileId) {
    var self = this;
    var level = typeof qos === 'string' ? QOS[qos] : (qos === undefined ? 0 : qos);
    var name = file && file.name ? file.name : 'blob';
    return this.client.then(function (client) {
      return client.upload(file, { qos: level, bufferSize: size || 65536, data: data || '', fileId: fileId || '' });
    }).then(function (id) {
      self.emit('filesent', { fileId: id, name: name });
      return id;
    }, function (error) {
      self.emit('filesenterror', { name: name, error: error.message });
      throw error;
    });
  };

  sgcws_files.prototype.Subscribe = function (channel) {
    return this.client.then(function (client) { return client.subscribe(channel); });
  };

  sgcws_files.prototype.UnSubscribe = function (channel) {
    return this.client.then(function (client) { return client.unsubscribe(channel); });
  };

  sgcws_files.prototype.close = function () {
    return this.client.then(function (client) { client.close(); });
  };

  global.sgcws_files = sgcws_files;
})(typeof window !== 'undefined' ? window : globalThis);
