// A page script written against the sgcWebSockets JavaScript API only (sgcWebSockets.js and esegece.com.js, loaded
// before it from the server's root as an sgc page loads them). It records what happens in window.results for
// sgc-compat-page.mjs to check; window.testChannel names its channel.
(function () {
  var channel = window.testChannel;
  var wsUrl = location.href.replace(/^http/, 'ws').replace(/[^/]*$/, '');
  var results = window.results = {
    opened: false, session: null, subscribed: false, events: [], rpc: null, rpcError: null,
    rawMessages: [], rawState: null, stream: null
  };

  // The sgc default protocol through sgcws.
  var socket = new sgcws(wsUrl, '', ['websocket']);
  socket.on('open', function () {
    results.opened = true;
    // Not part of the sgc API: which transport the client underneath chose.
    results.transport = socket.client.transport;
    socket.subscribe(channel);
  });
  socket.on('sgcsession', function (event) { results.session = event.guid; });
  socket.on('sgcsubscribe', function (event) {
    if (event.channel !== channel || results.subscribed) return;
    results.subscribed = true;
    socket.publish('from the page', channel);
    socket.rpc('call-1', 'compat.add', JSON.stringify({ a: 2, b: 3 }));
    socket.publish('ready', 'sgcjs-ready');
  });
  socket.on('sgcevent', function (event) { results.events.push(event.channel + ':' + event.message); });
  socket.on('sgcrpcresult', function (event) { results.rpc = { id: event.id, result: event.result }; });
  socket.on('sgcrpcerror', function (event) { results.rpcError = event.code + ' ' + event.message; });

  // The base library: a plain socket with the sgc method and event names, and the binary framing reader.
  var raw = new sgcWebSocket(wsUrl, 'esegece.com');
  raw.on('open', function () { results.rawState = raw.state(); });
  raw.on('message', function (event) { results.rawMessages.push(event.message); });
  raw.on('close', function (event) { results.rawClose = event.code + ' ' + event.reason; });
  // The same over Server-Sent Events: the stream's first event names the connection, sends are POSTs.
  results.sseMessages = [];
  var sse = new sgcWebSocket(wsUrl, 'esegece.com', ['sse']);
  sse.on('open', function () {
    results.sseState = sse.state();
    sse.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel: 'sse-check' }, id: 'sse-sub' }));
  });
  sse.on('message', function (event) { results.sseMessages.push(event.message); });
  var framed = new Blob(['0000000006header', new Uint8Array([1, 2, 3])]);
  sgcWSStreamRead(framed, function (header, data) {
    data.arrayBuffer().then(function (bytes) {
      results.stream = header + ':' + Array.from(new Uint8Array(bytes)).join(',');
    });
  });
})();
