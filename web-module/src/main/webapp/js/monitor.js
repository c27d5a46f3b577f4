// The operator's console (monitor.html) on Switchboard's admin REST API. Plain script, no dependencies: it polls
// the API, draws its own SVG charts, and puts every value from the server into the page as text (textContent,
// setAttribute), never as markup.
(function () {
  'use strict';

  var STATS_PERIOD_MS = 1000;
  var TABLES_PERIOD_MS = 3000;
  var CHART_WINDOW_MS = 5 * 60 * 1000;
  var PAGE_SIZE = 50;
  var FILTER_DELAY_MS = 300;
  var SVG = 'http://www.w3.org/2000/svg';
  // Every request of the page says it comes from a script. The server then answers a 401 with a "Session"
  // challenge instead of "Basic", which browsers would answer with their own password dialog over this page's form.
  // Browsers add Sec-Fetch-Mode, which says the same, only towards HTTPS and loopback origins.
  var SCRIPT_HEADER = 'X-Requested-With';
  var SCRIPT_VALUE = 'XMLHttpRequest';

  var metaApi = document.querySelector('meta[name="switchboard-admin-api"]');
  var API = new URL(metaApi ? metaApi.getAttribute('content') : 'admin/api/', document.baseURI).href;
  var AUTH = new URL('auth/', document.baseURI).href;

  var $ = function (id) { return document.getElementById(id); };

  // What the page is showing: 'login', 'forbidden' or 'console'; polling runs only in 'console'.
  var view = null;
  var statsTimer = null;
  var tablesTimer = null;
  var filterTimer = null;
  var previousStats = null;
  var samples = [];
  var drainingNow = false;
  var pages = { connections: 0, channels: 0 };

  /** Thrown for an answer that means the user must sign in (401) or lacks the role (403). */
  function AccessError(status, message) {
    this.status = status;
    this.message = message;
  }

  /**
   * Calls the admin API. Changes carry X-Switchboard-Admin: 1 (the API's CSRF defence); the session cookie goes
   * along because the page is same-origin. Resolves with the parsed JSON (null for an empty answer); rejects with an
   * AccessError for 401 (and 403 on a read) and an Error carrying the server's message otherwise.
   */
  function api(method, path, body) {
    var headers = scriptHeaders({ Accept: 'application/json' });
    if (method !== 'GET') {
      headers['X-Switchboard-Admin'] = '1';
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
    }
    return fetch(API + path, {
      method: method,
      headers: headers,
      credentials: 'same-origin',
      cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        if (text) {
          try { parsed = JSON.parse(text); } catch (e) { parsed = null; }
        }
        // A change refused with 403 is reported as it is (a cross-site refusal, say): the role is what a refused
        // read means, since reads pass the same role check and nothing else but the address list.
        if (response.status === 401 || (response.status === 403 && method === 'GET')) {
          throw new AccessError(response.status, describeError(response, parsed, text));
        }
        if (!response.ok) {
          var error = new Error(describeError(response, parsed, text));
          error.status = response.status;
          throw error;
        }
        return parsed;
      });
    });
  }

  function describeError(response, parsed, text) {
    if (parsed && typeof parsed.message === 'string') return parsed.message;
    if (text && text.length < 300) return text.trim();
    return 'HTTP ' + response.status;
  }

  // ---- views ----

  function show(next, message) {
    view = next;
    $('login').hidden = next !== 'login';
    $('forbidden').hidden = next !== 'forbidden';
    $('console').hidden = next !== 'console';
    $('sign-out').hidden = next === 'login';
    if (next === 'forbidden' && message) {
      $('forbidden-message').textContent = 'This user lacks the admin role (' + message + ').';
    }
    if (next === 'console') {
      startPolling();
    } else {
      stopPolling();
    }
    if (next === 'login') {
      $('user').textContent = '-';
      $('login-user').focus();
    }
  }

  /** Routes a failed call: access problems change the view, anything else is reported in the notice line. */
  function failed(what) {
    return function (error) {
      if (error instanceof AccessError) {
        if (error.status === 401) {
          if (view !== 'login') show('login');
        } else if (view !== 'forbidden') {
          show('forbidden', error.message);
        }
        return;
      }
      notify(what + ': ' + error.message, true);
    };
  }

  function notify(text, isError) {
    var notice = $('notice');
    notice.textContent = text;
    notice.classList.toggle('failed', !!isError);
  }

  // ---- sign-in ----

  $('login-form').addEventListener('submit', function (event) {
    event.preventDefault();
    $('login-error').textContent = '';
    fetch(AUTH + 'login', {
      method: 'POST',
      headers: scriptHeaders({ 'Content-Type': 'application/json' }),
      credentials: 'same-origin',
      body: JSON.stringify({ user: $('login-user').value, password: $('login-password').value })
    }).then(function (response) {
      return response.text().then(function (text) {
        if (response.status !== 200) {
          $('login-error').textContent = response.status === 401
            ? 'Wrong user or password.'
            : 'Sign-in refused (' + response.status + '): ' + text.trim();
          return;
        }
        $('login-password').value = '';
        var login = JSON.parse(text);
        $('user').textContent = login.user;
        // The login is checked against the API itself: 200 opens the console, 403 says the role is missing.
        checkAccess();
      });
    }).catch(function (error) {
      $('login-error').textContent = 'Sign-in failed: ' + error.message;
    });
  });

  function scriptHeaders(headers) {
    headers[SCRIPT_HEADER] = SCRIPT_VALUE;
    return headers;
  }

  $('sign-out').addEventListener('click', function () {
    fetch(AUTH + 'logout', { method: 'POST', credentials: 'same-origin', headers: scriptHeaders({}) })
      .then(function () { show('login'); notify('Signed out.'); })
      .catch(function (error) { notify('Sign-out failed: ' + error.message, true); });
  });

  function checkAccess() {
    api('GET', 'stats').then(function (stats) {
      show('console');
      showStats(stats);
      whoAmI();
    }, failed('Reading the statistics'));
  }

  function whoAmI() {
    // The user's name for the status line; a credential other than the login session (Basic, a container login)
    // has no /auth/me, which only leaves the name out.
    fetch(AUTH + 'me', { credentials: 'same-origin', headers: scriptHeaders({ Accept: 'application/json' }) })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (me) { if (me && typeof me.user === 'string') $('user').textContent = me.user; })
      .catch(function () { /* the status line keeps '-' */ });
  }

  // ---- polling ----

  function startPolling() {
    if (statsTimer === null) {
      statsTimer = setTimeout(pollStats, STATS_PERIOD_MS);
    }
    if (tablesTimer === null) {
      tablesTimer = setTimeout(pollTables, 0);
    }
  }

  function stopPolling() {
    clearTimeout(statsTimer);
    clearTimeout(tablesTimer);
    statsTimer = null;
    tablesTimer = null;
    previousStats = null;
  }

  // Each poll schedules the next one only when it has finished, so a slow server never gets requests piled up.
  function pollStats() {
    api('GET', 'stats').then(showStats, failed('Reading the statistics')).then(function () {
      if (view === 'console') statsTimer = setTimeout(pollStats, STATS_PERIOD_MS);
    });
  }

  function pollTables() {
    refreshTables().then(function () {
      if (view === 'console') tablesTimer = setTimeout(pollTables, TABLES_PERIOD_MS);
    });
  }

  function refreshTables() {
    return Promise.all([refreshConnections(), refreshChannels(), refreshBans(), refreshDrain()]);
  }

  // ---- counters and charts ----

  function showStats(stats) {
    var now = Date.parse(stats.time);
    if (!Number.isFinite(now)) now = Date.now();
    $('node').textContent = stats.node;
    $('uptime').textContent = duration(stats.uptimeSeconds);
    $('updated').textContent = new Date(now).toLocaleTimeString();
    $('connections').textContent = count(stats.connections.total);
    $('websocket').textContent = count(stats.connections.websocket);
    $('sse').textContent = count(stats.connections.sse);
    $('channels').textContent = count(stats.channels);
    var draining = $('draining');
    draining.textContent = stats.draining ? 'yes' : 'no';
    draining.classList.toggle('draining', !!stats.draining);
    if (stats.draining !== drainingNow) {
      drainingNow = stats.draining;
      refreshDrain();
    }

    // Rates are the growth of the totals between two readings; a total that went down (another node answered, or
    // the node restarted) starts the rates afresh.
    var rates = null;
    if (previousStats && previousStats.at < now) {
      var seconds = (now - previousStats.at) / 1000;
      var grown = function (a, b) { return b >= a ? (b - a) / seconds : null; };
      rates = {
        messagesIn: grown(previousStats.messages.received, stats.messages.received),
        messagesOut: grown(previousStats.messages.sent, stats.messages.sent),
        bytesIn: grown(previousStats.bytes.received, stats.bytes.received),
        bytesOut: grown(previousStats.bytes.sent, stats.bytes.sent)
      };
    }
    if (!previousStats || previousStats.at < now) {
      previousStats = { at: now, messages: stats.messages, bytes: stats.bytes };
    }
    if (rates) {
      $('in-rate').textContent = rate(rates.messagesIn);
      $('out-rate').textContent = rate(rates.messagesOut);
      $('bytes-in-rate').textContent = bytes(rates.bytesIn);
      $('bytes-out-rate').textContent = bytes(rates.bytesOut);
    }
    samples.push({
      at: now,
      total: stats.connections.total,
      websocket: stats.connections.websocket,
      sse: stats.connections.sse,
      messagesIn: rates ? rates.messagesIn : null,
      messagesOut: rates ? rates.messagesOut : null
    });
    while (samples.length && samples[0].at < now - CHART_WINDOW_MS) samples.shift();
    // The total is drawn last so it stays visible where one transport carries every connection.
    drawChart($('chart-connections'), now, [['sse', 'sse'], ['websocket', 'websocket'], ['total', 'total']]);
    drawChart($('chart-rates'), now, [['messagesIn', 'in'], ['messagesOut', 'out']]);
    $('chart-connections-summary').textContent = '(now ' + count(stats.connections.total) + ', at most '
      + count(maxOf('total')) + ')';
    $('chart-rates-summary').textContent = '(now ' + (rates ? rate(rates.messagesIn) + ' in, '
      + rate(rates.messagesOut) + ' out' : '-') + ', at most ' + rate(Math.max(maxOf('messagesIn'),
      maxOf('messagesOut'))) + ')';
  }

  function maxOf(field) {
    var max = 0;
    samples.forEach(function (sample) {
      if (sample[field] !== null && sample[field] > max) max = sample[field];
    });
    return max;
  }

  /** Draws the samples of the last five minutes as one polyline per series, over a grid labelled with its scale. */
  function drawChart(svg, now, series) {
    var width = 600;
    var height = 180;
    var left = 44;
    var top = 8;
    var bottom = 20;
    var plotWidth = width - left - 8;
    var plotHeight = height - top - bottom;
    var max = niceCeiling(Math.max.apply(null, series.map(function (s) { return maxOf(s[0]); })));
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    [0, 0.5, 1].forEach(function (fraction) {
      var y = top + plotHeight * (1 - fraction);
      svg.appendChild(svgElement('line', { class: 'grid', x1: left, x2: width - 8, y1: y, y2: y }));
      svg.appendChild(svgText(left - 4, y + 4, 'end', shortNumber(max * fraction)));
    });
    svg.appendChild(svgText(left, height - 4, 'start', '-5 min'));
    svg.appendChild(svgText(width - 8, height - 4, 'end', 'now'));
    series.forEach(function (s) {
      var points = [];
      samples.forEach(function (sample) {
        var value = sample[s[0]];
        if (value === null || value === undefined) return;
        var x = left + plotWidth * (1 - (now - sample.at) / CHART_WINDOW_MS);
        var y = top + plotHeight * (1 - value / max);
        points.push(x.toFixed(1) + ',' + y.toFixed(1));
      });
      svg.appendChild(svgElement('polyline', { class: s[1], points: points.join(' ') }));
    });
  }

  function svgElement(name, attributes) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, String(attributes[key])); });
    return element;
  }

  function svgText(x, y, anchor, text) {
    var element = svgElement('text', { x: x, y: y, 'text-anchor': anchor });
    element.textContent = text;
    return element;
  }

  /** The smallest of 1, 2, 5 times a power of ten that is at least the value (at least 1), for a readable scale. */
  function niceCeiling(value) {
    if (!(value > 1)) return 1;
    var power = Math.pow(10, Math.floor(Math.log10(value)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * power >= value) return steps[i] * power;
    }
    return 10 * power;
  }

  // ---- connections ----

  function refreshConnections() {
    var query = new URLSearchParams();
    var q = $('connections-q').value.trim();
    if (q) query.set('q', q);
    query.set('offset', String(pages.connections));
    query.set('limit', String(PAGE_SIZE));
    return api('GET', 'connections?' + query).then(function (page) {
      if (page.items.length === 0 && page.total > 0 && pages.connections > 0) {
        // The page emptied (connections closed): go back to the last page that has rows.
        pages.connections = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        return refreshConnections();
      }
      var rows = page.items.map(connectionRow);
      fillTable($('connections-rows'), rows, 11, q ? 'No connection matches the filter.' : 'No connections.');
      showRange('connections', page);
    }, failed('Reading the connections'));
  }

  function connectionRow(item) {
    var row = document.createElement('tr');
    row.dataset.id = item.id;
    cell(row, item.id, 'id');
    cell(row, item.user === null || item.user === undefined ? '(anonymous)' : item.user);
    cell(row, item.address);
    cell(row, item.transport);
    cell(row, item.subprotocol === null || item.subprotocol === undefined ? '-' : item.subprotocol);
    cell(row, (item.channels || []).join(', '));
    cell(row, count(item.queued), 'number');
    cell(row, duration(item.ageSeconds), 'number');
    cell(row, count(item.messagesIn), 'number');
    cell(row, count(item.messagesOut), 'number');
    var action = document.createElement('td');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'danger small close';
    button.textContent = 'Close';
    button.setAttribute('aria-label', 'Close connection ' + item.id);
    button.addEventListener('click', function () { closeConnection(item.id, button); });
    action.appendChild(button);
    row.appendChild(action);
    return row;
  }

  function closeConnection(id, button) {
    var code = Number($('close-code').value || '1000');
    if (!validCloseCode(code)) {
      notify('Close code ' + $('close-code').value + ' is not allowed: use 1000, 1001, 1008, 1011 or 4000-4999.',
        true);
      $('close-code').focus();
      return;
    }
    var reason = $('close-reason').value;
    if (new TextEncoder().encode(reason).length > 123) {
      notify('The reason is longer than 123 bytes.', true);
      return;
    }
    button.disabled = true;
    api('POST', 'connections/' + encodeURIComponent(id) + '/close', { code: code, reason: reason })
      .then(function () {
        notify('Closed connection ' + id + ' with ' + code + '.');
        return refreshConnections();
      }, function (error) {
        button.disabled = false;
        failed('Closing ' + id)(error);
      });
  }

  function validCloseCode(code) {
    return Number.isInteger(code) && (code === 1000 || code === 1001 || code === 1008 || code === 1011
      || (code >= 4000 && code <= 4999));
  }

  // ---- channels ----

  function refreshChannels() {
    var query = new URLSearchParams();
    var prefix = $('channels-prefix').value.trim();
    if (prefix) query.set('prefix', prefix);
    query.set('offset', String(pages.channels));
    query.set('limit', String(PAGE_SIZE));
    return api('GET', 'channels?' + query).then(function (page) {
      if (page.items.length === 0 && page.total > 0 && pages.channels > 0) {
        pages.channels = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        return refreshChannels();
      }
      var rows = page.items.map(function (item) {
        var row = document.createElement('tr');
        cell(row, item.name);
        cell(row, count(item.subscribers), 'number');
        cell(row, item.history ? count(item.history.size) : '-', 'number');
        return row;
      });
      fillTable($('channels-rows'), rows, 3, prefix ? 'No channel starts with that.' : 'No channels.');
      showRange('channels', page);
    }, failed('Reading the channels'));
  }

  // ---- bans ----

  function refreshBans() {
    return api('GET', 'bans').then(function (bans) {
      var rows = bans.map(function (ban) {
        var row = document.createElement('tr');
        cell(row, ban.address);
        cell(row, time(ban.bannedAt));
        cell(row, ban.until ? time(ban.until) : 'permanent');
        cell(row, ban.reason || '');
        var action = document.createElement('td');
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'small';
        button.textContent = 'Remove';
        button.setAttribute('aria-label', 'Remove the ban of ' + ban.address);
        button.addEventListener('click', function () {
          button.disabled = true;
          api('DELETE', 'bans/' + encodeURIComponent(ban.address)).then(function () {
            notify('Removed the ban of ' + ban.address + '.');
            return refreshBans();
          }, function (error) {
            button.disabled = false;
            failed('Removing the ban of ' + ban.address)(error);
          });
        });
        action.appendChild(button);
        row.appendChild(action);
        return row;
      });
      fillTable($('bans-rows'), rows, 5, 'No bans.');
    }, failed('Reading the bans'));
  }

  $('ban-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var address = $('ban-address').value.trim();
    var seconds = Number($('ban-seconds').value || '0');
    if (!Number.isInteger(seconds) || seconds < 0) {
      notify('The ban\'s seconds must be a whole number, 0 for permanent.', true);
      return;
    }
    var body = { address: address, seconds: seconds };
    var reason = $('ban-reason').value.trim();
    if (reason) body.reason = reason;
    api('POST', 'bans', body).then(function (ban) {
      notify('Banned ' + (ban && ban.address ? ban.address : address) + '.');
      $('ban-address').value = '';
      $('ban-reason').value = '';
      return refreshBans();
    }, failed('Banning ' + address));
  });

  // ---- drain ----

  function refreshDrain() {
    return api('GET', 'drain').then(showDrain, failed('Reading the drain state'));
  }

  function showDrain(drain) {
    var state = $('drain-state');
    if (drain && drain.draining) {
      var text = 'draining since ' + time(drain.since);
      if (drain.deadline) text += ', connections closed at ' + time(drain.deadline);
      if (drain.startedBy) text += ', started by ' + drain.startedBy;
      state.textContent = text;
      state.classList.add('draining');
    } else {
      state.textContent = 'accepting connections';
      state.classList.remove('draining');
    }
    drainingNow = !!(drain && drain.draining);
    $('drain-start').hidden = drainingNow;
    $('drain-cancel').hidden = !drainingNow;
  }

  $('drain-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var body = {};
    var text = $('drain-seconds').value.trim();
    if (text) {
      var seconds = Number(text);
      if (!Number.isInteger(seconds) || seconds < 0) {
        notify('The drain\'s wait must be a whole number of seconds.', true);
        return;
      }
      body.seconds = seconds;
    }
    if (!window.confirm('Drain this node? It stops accepting connections and closes the open ones.')) return;
    api('POST', 'drain', body).then(function (drain) {
      notify('Drain started.');
      showDrain(drain);
    }, failed('Starting the drain'));
  });

  $('drain-cancel').addEventListener('click', function () {
    api('DELETE', 'drain').then(function () {
      notify('Drain cancelled.');
      return refreshDrain();
    }, failed('Cancelling the drain'));
  });

  // ---- tables, paging, filters ----

  function fillTable(body, rows, columns, emptyText) {
    while (body.firstChild) body.removeChild(body.firstChild);
    if (rows.length === 0) {
      var row = document.createElement('tr');
      var empty = cell(row, emptyText, 'empty');
      empty.colSpan = columns;
      body.appendChild(row);
      return;
    }
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function showRange(table, page) {
    var first = page.total === 0 ? 0 : page.offset + 1;
    var last = page.offset + page.items.length;
    $(table + '-range').textContent = first + '–' + last + ' of ' + count(page.total);
    $(table + '-previous').disabled = page.offset === 0;
    $(table + '-next').disabled = last >= page.total;
  }

  ['connections', 'channels'].forEach(function (table) {
    var refresh = table === 'connections' ? refreshConnections : refreshChannels;
    $(table + '-previous').addEventListener('click', function () {
      pages[table] = Math.max(0, pages[table] - PAGE_SIZE);
      refresh();
    });
    $(table + '-next').addEventListener('click', function () {
      pages[table] += PAGE_SIZE;
      refresh();
    });
    $(table + '-form').addEventListener('submit', function (event) {
      event.preventDefault();
      pages[table] = 0;
      refresh();
    });
  });

  [['connections-q', 'connections', refreshConnections], ['channels-prefix', 'channels', refreshChannels]]
    .forEach(function (filter) {
      $(filter[0]).addEventListener('input', function () {
        clearTimeout(filterTimer);
        filterTimer = setTimeout(function () {
          pages[filter[1]] = 0;
          filter[2]();
        }, FILTER_DELAY_MS);
      });
    });

  // ---- formatting ----

  function count(value) {
    return typeof value === 'number' ? value.toLocaleString() : '-';
  }

  function rate(value) {
    if (value === null || value === undefined || !Number.isFinite(value)) return '-';
    return value >= 100 ? Math.round(value).toLocaleString() : (Math.round(value * 10) / 10).toLocaleString();
  }

  function bytes(value) {
    if (value === null || value === undefined || !Number.isFinite(value)) return '-';
    var units = ['B', 'KiB', 'MiB', 'GiB'];
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return (unit === 0 ? Math.round(value) : value.toFixed(1)) + ' ' + units[unit];
  }

  function shortNumber(value) {
    if (value >= 1e6) return (value / 1e6) + 'M';
    if (value >= 1e3) return (value / 1e3) + 'k';
    return String(Math.round(value * 10) / 10);
  }

  function duration(seconds) {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '-';
    var s = Math.floor(seconds);
    var d = Math.floor(s / 86400);
    var h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60);
    var pad = function (n) { return n < 10 ? '0' + n : String(n); };
    if (d > 0) return d + 'd ' + pad(h) + 'h';
    if (h > 0) return h + 'h ' + pad(m) + 'm';
    if (m > 0) return m + 'm ' + pad(s % 60) + 's';
    return s + 's';
  }

  function time(iso) {
    var at = Date.parse(iso);
    return Number.isFinite(at) ? new Date(at).toLocaleString() : '-';
  }

  // Whatever signs this tab in (the login session's cookie, a container login, Basic credentials the browser holds
  // for the realm) goes along with the first call; a 401 shows the page's own form.
  checkAccess();
})();
