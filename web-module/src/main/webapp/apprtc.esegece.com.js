/*
 * apprtc.esegece.com.js: the room client of Switchboard's AppRTC room server (HTTP room API under /apprtc and the
 * collider WebSocket role, subprotocol "apprtc.esegece.com"); docs/webrtc.md describes both. A classic script with
 * no dependencies; written for Switchboard, it contains no code of Google's AppRTC or of sgcWebSockets.
 *
 *   var room = AppRtcRoom.start({ api: '/apprtc', roomId: 'my-room' });
 *   room.on('data', function (event) { console.log(event.data); });
 *   room.send('hello');                   // over the RTCDataChannel, once 'datachannelopen' fired
 *   room.hangup();
 *
 * The room page (GET /apprtc/r/ROOM) loads this script; an element with data-apprtc-room and data-apprtc-api starts
 * a room at once and wires its .local and .remote videos, .status text and .hangup button.
 *
 * Flow, as upstream AppRTC: POST join; the first client (the initiator) makes the offer at once and sends its messages
 * with POST message (the server holds them for the other client); the other client gets them in the join answer and
 * answers over the registered WebSocket ({"cmd":"send"}). Messages keep AppRTC's shapes: {type:'offer'|'answer', sdp},
 * {type:'candidate', label, id, candidate}, {type:'bye'}.
 */
(function (global) {
  'use strict';

  function AppRtcRoom(options) {
    this.options = Object.assign({ media: null, dataChannel: 'apprtc' }, options || {});
    this.api = String(this.options.api || '/apprtc').replace(/\/$/, '');
    this.roomId = String(this.options.roomId);
    this.listeners = {};
    /** Every event, as "name detail", for status displays and tests. */
    this.history = [];
    this.clientId = null;
    this.initiator = false;
    this.pc = null;
    this.dc = null;
    this.ws = null;
    this.registered = false;
    this.outbox = [];
    this.candidates = [];
    this.remoteSet = false;
    this.stream = null;
    this.ended = false;
  }

  AppRtcRoom.prototype.on = function (name, listener) {
    (this.listeners[name] = this.listeners[name] || []).push(listener);
    return this;
  };

  AppRtcRoom.prototype.emit = function (name, detail, summary) {
    this.history.push(summary === undefined ? name : name + ' ' + summary);
    var list = (this.listeners[name] || []).slice();
    for (var i = 0; i < list.length; i++) {
      try {
        list[i].call(this, detail || {});
      } catch (e) {
        setTimeout(function () { throw e; });
      }
    }
  };

  AppRtcRoom.prototype.url = function () {
    return this.api + '/' + Array.prototype.slice.call(arguments).map(encodeURIComponent).join('/');
  };

  AppRtcRoom.prototype.join = function () {
    var self = this;
    return fetch(this.url('join', this.roomId), { method: 'POST' }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (answer.result !== 'SUCCESS') throw new Error('the room answered ' + answer.result);
      var params = answer.params;
      self.clientId = params.client_id;
      self.initiator = params.is_initiator === 'true';
      self.emit('joined', { clientId: self.clientId, initiator: self.initiator },
        self.initiator ? 'initiator' : 'callee');
      var constraints = self.options.media || JSON.parse(params.media_constraints || '{"audio":true,"video":true}');
      return self.startMedia(constraints).then(function () {
        self.connect(params);
      });
    }).catch(function (error) {
      self.emit('error', { message: error.message }, error.message);
    });
  };

  AppRtcRoom.prototype.startMedia = function (constraints) {
    var self = this;
    if (!constraints || !navigator.mediaDevices) return Promise.resolve();
    return navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
      self.stream = stream;
      self.emit('media', { stream: stream }, String(stream.getTracks().length));
    }, function (error) {
      self.emit('mediaerror', { message: error.message }, error.message);
    });
  };

  AppRtcRoom.prototype.connect = function (params) {
    var self = this;
    var pc = new RTCPeerConnection(JSON.parse(params.pc_config || '{}'));
    this.pc = pc;
    if (this.stream) {
      this.stream.getTracks().forEach(function (track) { pc.addTrack(track, self.stream); });
    }
    pc.onicecandidate = function (event) {
      if (!event.candidate) return;
      self.signal({ type: 'candidate', label: event.candidate.sdpMLineIndex, id: event.candidate.sdpMid,
        candidate: event.candidate.candidate });
    };
    pc.ontrack = function (event) {
      self.emit('track', { track: event.track, stream: event.streams && event.streams[0] }, event.track.kind);
    };
    pc.ondatachannel = function (event) { self.useDataChannel(event.channel); };
    pc.onconnectionstatechange = function () {
      if (pc.connectionState === 'connected') self.emit('open', {});
    };

    this.ws = new WebSocket(params.wss_url, 'apprtc.esegece.com');
    this.ws.onopen = function () {
      self.ws.send(JSON.stringify({ cmd: 'register', roomid: self.roomId, clientid: self.clientId }));
      self.registered = true;
      var waiting = self.outbox.splice(0);
      waiting.forEach(function (message) { self.signal(message); });
    };
    this.ws.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.error) {
        self.emit('error', { message: frame.error }, frame.error);
        return;
      }
      if (frame.msg) self.handle(JSON.parse(frame.msg));
    };
    this.ws.onclose = function (event) {
      self.emit('close', { code: event.code, reason: event.reason }, event.code + ' ' + event.reason);
      self.end();
    };

    if (this.initiator) {
      this.useDataChannel(pc.createDataChannel(String(this.options.dataChannel)));
      pc.createOffer().then(function (offer) {
        return pc.setLocalDescription(offer).then(function () {
          self.signal({ type: 'offer', sdp: offer.sdp });
        });
      }).catch(function (error) { self.emit('error', { message: error.message }, error.message); });
    } else {
      (params.messages || []).forEach(function (text) { self.handle(JSON.parse(text)); });
    }
  };

  AppRtcRoom.prototype.useDataChannel = function (dc) {
    var self = this;
    this.dc = dc;
    dc.onopen = function () { self.emit('datachannelopen', { label: dc.label }); };
    dc.onmessage = function (event) { self.emit('data', { data: event.data }, String(event.data)); };
  };

  /** Sends a signalling message: the initiator posts it over HTTP, the other client over its WebSocket. */
  AppRtcRoom.prototype.signal = function (message) {
    var self = this;
    var text = JSON.stringify(message);
    if (this.initiator) {
      // One request at a time, so that the server gets the messages in the order they were made.
      var url = this.url('message', this.roomId, this.clientId);
      this.posting = (this.posting || Promise.resolve()).then(function () {
        return fetch(url, { method: 'POST', body: text });
      }).then(function (response) {
        return response.json();
      }).then(function (answer) {
        if (answer.result !== 'SUCCESS') self.emit('error', { message: answer.result }, answer.result);
      }).catch(function (error) {
        self.emit('error', { message: error.message }, error.message);
      });
    } else if (this.registered && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ cmd: 'send', msg: text }));
    } else {
      this.outbox.push(message);
    }
  };

  AppRtcRoom.prototype.handle = function (message) {
    var self = this;
    var pc = this.pc;
    if (!pc || this.ended) return;
    var fail = function (error) { self.emit('error', { message: error.message }, error.message); };
    if (message.type === 'offer') {
      pc.setRemoteDescription({ type: 'offer', sdp: message.sdp }).then(function () {
        self.remoteDescribed();
        return pc.createAnswer();
      }).then(function (answer) {
        return pc.setLocalDescription(answer).then(function () { self.signal({ type: 'answer', sdp: answer.sdp }); });
      }).catch(fail);
    } else if (message.type === 'answer') {
      pc.setRemoteDescription({ type: 'answer', sdp: message.sdp }).then(function () {
        self.remoteDescribed();
      }).catch(fail);
    } else if (message.type === 'candidate') {
      var candidate = { candidate: message.candidate, sdpMid: message.id, sdpMLineIndex: message.label };
      // Candidates that arrive before the description they belong to wait for it.
      if (this.remoteSet) pc.addIceCandidate(candidate).catch(fail);
      else this.candidates.push(candidate);
    } else if (message.type === 'bye') {
      this.emit('hangup', { remote: true }, 'remote');
      this.end();
    }
  };

  AppRtcRoom.prototype.remoteDescribed = function () {
    var self = this;
    this.remoteSet = true;
    this.candidates.splice(0).forEach(function (candidate) {
      self.pc.addIceCandidate(candidate).catch(function (error) {
        self.emit('error', { message: error.message }, error.message);
      });
    });
  };

  /** Sends text or binary data to the other client over the data channel. */
  AppRtcRoom.prototype.send = function (data) {
    if (!this.dc || this.dc.readyState !== 'open') throw new Error('no open data channel');
    this.dc.send(data);
  };

  /** Hangs up: a bye to the other client, a leave, and everything closed. */
  AppRtcRoom.prototype.hangup = function () {
    if (this.ended) return;
    if (this.ws && this.ws.readyState === WebSocket.OPEN && this.registered) {
      this.ws.send(JSON.stringify({ cmd: 'send', msg: JSON.stringify({ type: 'bye' }) }));
    }
    if (this.clientId) {
      fetch(this.url('leave', this.roomId, this.clientId), { method: 'POST', keepalive: true });
    }
    this.emit('hangup', { remote: false }, 'local');
    this.end();
    if (this.ws) this.ws.close(1000, '');
  };

  /** Ends the call locally; the WebSocket stays open until the server or hangup() closes it. */
  AppRtcRoom.prototype.end = function () {
    if (this.ended) return;
    this.ended = true;
    if (this.dc) this.dc.close();
    if (this.pc) this.pc.close();
    if (this.stream) this.stream.getTracks().forEach(function (track) { track.stop(); });
  };

  /** Creates a room client and joins at once. */
  AppRtcRoom.start = function (options) {
    var room = new AppRtcRoom(options);
    room.join();
    return room;
  };

  /** Starts the room of a room page: an element with data-apprtc-room and data-apprtc-api. */
  function startPage() {
    var element = document.querySelector('[data-apprtc-room]');
    if (!element) return;
    var room = AppRtcRoom.start({ api: element.getAttribute('data-apprtc-api'),
      roomId: element.getAttribute('data-apprtc-room') });
    var status = element.querySelector('.status');
    var show = function (text) { if (status) status.textContent = text; };
    room.on('joined', function (e) { show(e.initiator ? 'waiting for the other peer' : 'calling'); });
    room.on('media', function (e) {
      var local = element.querySelector('video.local');
      if (local) local.srcObject = e.stream;
    });
    room.on('track', function (e) {
      var remote = element.querySelector('video.remote');
      if (remote && e.stream) remote.srcObject = e.stream;
    });
    room.on('open', function () { show('connected'); });
    room.on('hangup', function (e) { show(e.remote ? 'the other peer hung up' : 'hung up'); });
    room.on('close', function (e) { if (e.code !== 1000 || e.reason) show('closed: ' + (e.reason || e.code)); });
    room.on('error', function (e) { show('error: ' + e.message); });
    var button = element.querySelector('.hangup');
    if (button) button.addEventListener('click', function () { room.hangup(); });
    global.appRtcRoom = room;
  }

  global.AppRtcRoom = AppRtcRoom;
  if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startPage);
    else startPage();
  }
})(typeof window !== 'undefined' ? window : globalThis);
