// Switchboard Files client for browsers: sends Blobs and Files to the server and receives the files it sends, over
// the Files protocol (subprotocol files.esegece.com), at QoS 0, 1 and 2. Wire format: docs/protocols.md "Files"; the
// Java client (dev.switchboard.client.files) implements the same.
//
//   import { FilesClient } from './js/switchboard-files.js';
//   const files = new FilesClient('wss://host/', { maxFileBytes: 16 << 20 });
//   files.on('file', (e) => save(e.name, e.blob));
//   await files.ready;
//   await files.subscribe('reports');
//   await files.upload(input.files[0], { qos: 2, bufferSize: 65536 });

const SUBPROTOCOL = 'files.esegece.com';
const PREFIX = 10;
const FIELDS = 12;
const MAX_HEADER_BYTES = 8192;
const MAX_DOWNLOADS = 8;
/** How many bytes may wait in the socket's buffer before a QoS 0 upload waits for it to drain. */
const HIGH_WATER = 1 << 20;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A file transfer refused by the server (its text), or by this client. */
export class FilesError extends Error {}

function randomId() {
  return globalThis.crypto.randomUUID();
}

/** Writes one packet: ten ASCII digits of header length, the twelve-field header, the payload. */
export function encodePacket(p, payload) {
  const header = encoder.encode([p.id, p.fileId, p.fileName, p.fileSize, p.position, p.bufferSize, p.data,
    p.streaming, `qosLevel${p.qos}`, p.method, String(p.text || '').replaceAll('|', '/'), p.channel].join('|'));
  if (header.length > MAX_HEADER_BYTES) throw new FilesError(`a Files header may hold ${MAX_HEADER_BYTES} bytes`);
  const body = payload ? new Uint8Array(payload) : new Uint8Array(0);
  const out = new Uint8Array(PREFIX + header.length + body.length);
  out.set(encoder.encode(String(header.length).padStart(PREFIX, '0')), 0);
  out.set(header, PREFIX);
  out.set(body, PREFIX + header.length);
  return out;
}

function splitHeader(bytes) {
  if (bytes.length < PREFIX) throw new FilesError('a packet starts with a ten-digit header length');
  let length = 0;
  for (let i = 0; i < PREFIX; i++) {
    const b = bytes[i];
    if (b < 48 || b > 57) throw new FilesError('the header length must be ten ASCII digits');
    length = length * 10 + (b - 48);
  }
  if (length > MAX_HEADER_BYTES || PREFIX + length > bytes.length) throw new FilesError('bad header length');
  return { header: decoder.decode(bytes.subarray(PREFIX, PREFIX + length)), offset: PREFIX + length };
}

function number(text) {
  if (text.length < 1 || text.length > 15) throw new FilesError('a number of 1 to 15 digits was expected');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) throw new FilesError('a number holds only digits');
  }
  return Number(text);
}

/** Reads one packet from an ArrayBuffer: the header fields and the payload (a view, not a copy). */
export function decodePacket(buffer) {
  const bytes = new Uint8Array(buffer);
  const { header, offset } = splitHeader(bytes);
  const f = header.split('|', FIELDS + 1);
  if (f.length !== FIELDS) throw new FilesError('Error decoding message: a header has 12 fields');
  const qos = { qosLevel0: 0, qosLevel1: 1, qosLevel2: 2 }[f[8]];
  if (qos === undefined) throw new FilesError('unknown QoS level');
  return {
    id: f[0], fileId: f[1], fileName: f[2], fileSize: number(f[3]), position: number(f[4]), bufferSize: number(f[5]),
    data: f[6], streaming: f[7], qos, method: f[9], text: f[10], channel: f[11], payload: bytes.subarray(offset),
  };
}

/**
 * The sgc helper for framed binary messages (sgcWebSockets.js §1.2): calls cb(header, stream) with the header as text
 * and the payload as a Blob. A Blob, ArrayBuffer or typed array is accepted; a message without the framing gives
 * cb('', blob).
 */
export function sgcWSStreamRead(blob, cb) {
  const whole = blob instanceof Blob ? blob : new Blob([blob]);
  return whole.slice(0, PREFIX + MAX_HEADER_BYTES).arrayBuffer().then((start) => {
    let parsed;
    try {
      parsed = splitHeader(new Uint8Array(start));
    } catch (e) {
      cb('', whole);
      return;
    }
    cb(parsed.header, whole.slice(parsed.offset));
  });
}

/** A Files protocol connection: upload(), subscribe(), and 'file' events for what the server sends. */
export class FilesClient {
  constructor(url, options = {}) {
    this.maxFileBytes = options.maxFileBytes ?? 64 * 1024 * 1024;
    this.listeners = new Map();
    this.uploads = new Map();
    this.downloads = new Map();
    this.requests = new Map();
    this.nextRequest = 0;
    this.socket = new WebSocket(url, SUBPROTOCOL);
    this.socket.binaryType = 'arraybuffer';
    this.ready = new Promise((resolve, reject) => {
      this.socket.addEventListener('open', () => { resolve(); this.emit('open', {}); }, { once: true });
      this.socket.addEventListener('close', (e) => reject(new FilesError(`closed ${e.code} ${e.reason}`)), { once: true });
    });
    this.ready.catch(() => {});
    this.socket.addEventListener('message', (e) => this.received(e.data));
    this.socket.addEventListener('close', (e) => this.closed(e));
  }

  /** Adds a listener: 'file' ({name, size, blob, channel, data}), 'fileError' ({name, reason}), 'open', 'close'. */
  on(event, fn) {
    if (!this.listeners.has(event)) this.listeners.set(event, []);
    this.listeners.get(event).push(fn);
    return this;
  }

  emit(event, detail) {
    for (const fn of this.listeners.get(event) || []) {
      try { fn(detail); } catch (e) { console.error(e); }
    }
  }

  /**
   * Sends a Blob or File, one Blob.slice at a time. Resolves with the file id when the server confirmed it
   * (sgc@file_received), or at QoS 0 when the last chunk left the socket's buffer; rejects with the server's text.
   */
  async upload(blob, { qos = 0, bufferSize = 65536, channel = '', data = '', fileId = '', name } = {}) {
    const fileName = name ?? blob.name ?? 'blob';
    for (const field of [fileName, channel, data, fileId]) {
      if (String(field).includes('|')) throw new FilesError("a Files header field must not contain '|'");
    }
    if (![0, 1, 2].includes(qos)) throw new FilesError('QoS must be 0, 1 or 2');
    if (!(bufferSize >= 1 && bufferSize <= 16 * 1024 * 1024)) throw new FilesError('bufferSize must be 1 to 16 MiB');
    await this.ready;
    const id = fileId || randomId();
    if (this.uploads.has(id)) throw new FilesError('already sending a file with this file id');
    const header = {
      id: randomId(), fileId: id, fileName, fileSize: blob.size, position: 0, bufferSize, data,
      streaming: 'stmNone', qos, method: 'sgc@file', text: '', channel,
    };
    const inbox = [];
    let wake = null;
    const state = { inbox, push: (p) => { inbox.push(p); if (wake) { wake(); wake = null; } } };
    this.uploads.set(id, state);
    // The next answer for this upload of a method; a refusal or a close rejects.
    const next = async (methods, id2) => {
      for (;;) {
        while (inbox.length) {
          const p = inbox.shift();
          if (p.method === 'sgc@file_sent_error' || p.method === 'sgc@file_received_error') throw new FilesError(p.text);
          if (p.method === 'closed') throw new FilesError('the connection closed');
          if (methods.includes(p.method) && (id2 === undefined || p.id === id2)) return p;
        }
        await new Promise((resolve) => { wake = resolve; });
      }
    };
    const chunk = async (from) => {
      const length = Math.min(bufferSize, blob.size - from);
      const bytes = await blob.slice(from, from + length).arrayBuffer();
      const after = from + length;
      const packet = { ...header, id: randomId(), position: after, streaming: after >= blob.size ? 'stmLast' : 'stmContinue' };
      this.socket.send(encodePacket(packet, bytes));
      return packet;
    };
    try {
      this.socket.send(encodePacket(header));
      if (qos === 0) {
        let position = 0;
        do {
          while (this.socket.bufferedAmount > HIGH_WATER) await this.drain();
          position = (await chunk(position)).position;
        } while (position < blob.size);
        while (this.socket.bufferedAmount > 0) await this.drain();
      } else if (qos === 1) {
        await next(['sgc@acknowledgment'], header.id);
        let position = 0;
        do {
          const sent = await chunk(position);
          await next(['sgc@acknowledgment'], sent.id);
          position = sent.position;
        } while (position < blob.size);
        await next(['sgc@file_received']);
      } else {
        for (;;) {
          const ask = await next(['sgc@filerec', 'sgc@file_received']);
          if (ask.method === 'sgc@file_received') break;
          await chunk(ask.position);
        }
      }
      return id;
    } finally {
      this.uploads.delete(id);
    }
  }

  /** Waits a moment for the socket's buffer to drain (the WebSocket API has no event for it). */
  drain() {
    if (this.socket.readyState !== WebSocket.OPEN) return Promise.reject(new FilesError('the connection closed'));
    return new Promise((resolve) => setTimeout(resolve, 5));
  }

  /** Subscribes to a channel; resolves when the server accepted it, rejects with its refusal. */
  subscribe(channel) {
    return this.request('sgc@subscribe', channel);
  }

  /** Unsubscribes from a channel. */
  unsubscribe(channel) {
    return this.request('sgc@unsubscribe', channel);
  }

  async request(method, channel) {
    await this.ready;
    const id = `${method.slice(4)}-${++this.nextRequest}`;
    return new Promise((resolve, reject) => {
      this.requests.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', method, params: { channel }, id }));
    });
  }

  close() {
    this.socket.close(1000);
  }

  send(packet) {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(encodePacket(packet));
  }

  received(message) {
    if (typeof message === 'string') {
      let frame;
      try { frame = JSON.parse(message); } catch (e) { return; }
      const waiting = frame && this.requests.get(frame.id);
      if (!waiting) return;
      if (frame.error) {
        this.requests.delete(frame.id);
        waiting.reject(new FilesError(frame.error.message || 'refused'));
      } else if (frame.result && frame.result.method !== 'sgc@acknowledgment') {
        this.requests.delete(frame.id);
        waiting.resolve(frame.result);
      }
      return;
    }
    let packet;
    try { packet = decodePacket(message); } catch (e) { return; }
    if (packet.method === 'sgc@file') {
      this.carried(packet);
    } else if (packet.method === 'sgc@file_received_error' && this.downloads.has(packet.fileId)) {
      const d = this.downloads.get(packet.fileId);
      this.downloads.delete(packet.fileId);
      this.emit('fileError', { name: d.header.fileName, reason: packet.text });
    } else {
      const upload = this.uploads.get(packet.fileId);
      if (upload) upload.push(packet);
    }
  }

  control(packet, method, id, position, text = '') {
    this.send({ ...packet, method, id, position, text });
  }

  refuse(packet, reason) {
    this.control(packet, 'sgc@file_sent_error', randomId(), packet.position, reason);
  }

  carried(p) {
    if (p.streaming === 'stmNone') {
      if (p.fileSize > this.maxFileBytes) {
        this.refuse(p, `file too large: ${p.fileSize} bytes, at most ${this.maxFileBytes}`);
        return;
      }
      if (!this.downloads.has(p.fileId) && this.downloads.size >= MAX_DOWNLOADS) {
        this.refuse(p, `too many files at once: at most ${MAX_DOWNLOADS}`);
        return;
      }
      this.downloads.set(p.fileId, { header: p, parts: [], received: 0 });
      if (p.qos >= 1) this.control(p, 'sgc@acknowledgment', p.id, 0);
      if (p.qos === 2) this.control(p, 'sgc@filerec', randomId(), 0);
      return;
    }
    const d = this.downloads.get(p.fileId);
    if (!d) {
      this.refuse(p, 'no file is being received with this FileId');
      return;
    }
    const start = p.position - p.payload.length;
    const last = p.streaming === 'stmLast' || p.streaming === 'stmContinueAndLast';
    const answer = () => {
      if (p.qos >= 1) this.control(p, 'sgc@acknowledgment', p.id, p.position);
      if (p.qos === 2 && !last) this.control(p, 'sgc@filerec', randomId(), d.received);
    };
    if (p.qos === 2 && start < d.received && p.position <= d.received) {
      answer();
      return;
    }
    if (start !== d.received || p.position > d.header.fileSize || p.position > this.maxFileBytes) {
      this.downloads.delete(p.fileId);
      this.refuse(p, `the chunk ends at ${p.position} after ${d.received} bytes`);
      this.emit('fileError', { name: d.header.fileName, reason: 'out of order' });
      return;
    }
    d.parts.push(p.payload.slice());
    d.received = p.position;
    answer();
    if (!last) return;
    this.downloads.delete(p.fileId);
    if (d.received !== d.header.fileSize) {
      this.refuse(p, `size mismatch: ${d.received} bytes received, ${d.header.fileSize} announced`);
      this.emit('fileError', { name: d.header.fileName, reason: 'size mismatch' });
      return;
    }
    if (p.qos >= 1) this.control(p, 'sgc@file_received', randomId(), p.position);
    this.emit('file', {
      name: d.header.fileName, size: d.received, blob: new Blob(d.parts), channel: d.header.channel, data: d.header.data,
    });
  }

  closed(event) {
    for (const upload of this.uploads.values()) upload.push({ method: 'closed' });
    for (const [id, d] of this.downloads) this.emit('fileError', { name: d.header.fileName, reason: 'the connection closed' });
    this.downloads.clear();
    for (const { reject } of this.requests.values()) reject(new FilesError('the connection closed'));
    this.requests.clear();
    this.emit('close', { code: event.code, reason: event.reason });
  }
}
