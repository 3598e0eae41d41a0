// The Money page's charts, drawn with uPlot from the server's figures in
// <script type="application/json" id="chart-data">. The page shows the same figures in tables, so
// without script (or if a chart fails) nothing is lost. Amounts stay integers of minor units until
// they are drawn: only the axis and legend divide by 10^exponent.
(function () {
  'use strict';
  var island = document.getElementById('chart-data');
  if (!island || typeof uPlot === 'undefined') return;
  var data;
  try { data = JSON.parse(island.textContent); } catch (e) { return; }

  var HEIGHT_PX = 220;
  var MAX_LABEL_CHARS = 18;
  var COLOURS = ['#1f5fbf', '#1e7d32', '#9a6700', '#7b3fa0', '#00838f', '#b3261e', '#5b6470', '#c2185b'];
  var utc = function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); };
  var charts = [];

  function widthOf(el) { return Math.max(240, el.clientWidth); }

  function draw(id, opts, rows) {
    var el = document.getElementById(id);
    if (!el) return;
    el.hidden = false;
    opts.width = widthOf(el);
    opts.height = HEIGHT_PX;
    charts.push({ el: el, plot: new uPlot(opts, rows, el) });
  }

  function major(minor, exponent) { return minor / Math.pow(10, exponent); }

  // Volume: per currency, paid (solid) and refunded (dashed), in major units.
  function volume() {
    var series = [{}];
    var rows = [data.day_starts];
    var currencies = Object.keys(data.volume_minor).sort();
    currencies.forEach(function (code, i) {
      var exp = data.exponents[code] || 0;
      var colour = COLOURS[i % COLOURS.length];
      var fmt = function (u, v) { return v == null ? '–' : code + ' ' + v.toFixed(exp); };
      rows.push(data.volume_minor[code].map(function (m) { return major(m, exp); }));
      series.push({ label: code + ' paid', stroke: colour, width: 2, value: fmt, points: { show: true } });
      rows.push(data.refunded_minor[code].map(function (m) { return major(m, exp); }));
      series.push({ label: code + ' refunded', stroke: colour, width: 1.5, dash: [6, 4], value: fmt });
    });
    if (currencies.length === 0) {
      rows.push(data.day_starts.map(function () { return 0; }));
      series.push({ label: 'paid', stroke: COLOURS[0], width: 2 });
    }
    draw('chart-volume', {
      tzDate: utc,
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      series: series,
      axes: [{}, { size: 60 }],
    }, rows);
  }

  // Approval: the share of payment attempts approved each day; no point on a day without any.
  function approval() {
    var rate = data.paid.map(function (ok, i) {
      var all = ok + data.failed[i];
      return all === 0 ? null : Math.round((ok * 1000) / all) / 10;
    });
    draw('chart-approval', {
      tzDate: utc,
      scales: { x: { time: true }, y: { range: [0, 100] } },
      series: [{}, {
        label: 'approved', stroke: COLOURS[1], width: 2, points: { show: true, size: 6 },
        value: function (u, v) { return v == null ? '–' : v + '%'; },
      }],
      axes: [{}, { values: function (u, ticks) { return ticks.map(function (t) { return t + '%'; }); } }],
    }, [data.day_starts, rate]);
  }

  // Decline reasons: one bar per reason, most frequent first.
  function declines() {
    var codes = Object.keys(data.decline_reasons).sort(function (a, b) {
      return data.decline_reasons[b] - data.decline_reasons[a];
    });
    if (codes.length === 0) return;
    var labels = codes.map(function (c) {
      var l = data.decline_labels[c] || c;
      return l.length > MAX_LABEL_CHARS ? l.slice(0, MAX_LABEL_CHARS - 1) + '…' : l;
    });
    var xs = codes.map(function (c, i) { return i; });
    draw('chart-declines', {
      scales: { x: { time: false, range: [-0.5, codes.length - 0.5] }, y: { range: function (u, min, max) { return [0, Math.max(1, max)]; } } },
      legend: { show: false },
      series: [{}, {
        label: 'attempts', stroke: COLOURS[5], fill: 'rgba(179,38,30,0.35)', width: 1,
        paths: uPlot.paths.bars({ size: [0.6, 64] }), points: { show: false },
      }],
      axes: [
        { splits: function () { return xs; }, values: function (u, ticks) { return ticks.map(function (t) { return labels[t] || ''; }); },
          rotate: codes.length > 3 ? -30 : 0, size: codes.length > 3 ? 90 : 40, gap: 4 },
        { values: function (u, ticks) { return ticks.map(function (t) { return Number.isInteger(t) ? String(t) : ''; }); } },
      ],
    }, [xs, codes.map(function (c) { return data.decline_reasons[c]; })]);
  }

  [volume, approval, declines].forEach(function (f) {
    try { f(); } catch (e) { if (window.console) console.error('chart:', e); }
  });

  var pending = false;
  window.addEventListener('resize', function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      charts.forEach(function (c) { c.plot.setSize({ width: widthOf(c.el), height: HEIGHT_PX }); });
    });
  });
})();
