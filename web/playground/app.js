/* The book's playground: TensorFlow Playground's controls, mlp_core's math.
 *
 * A classic script (no modules, no fetch, no libraries), loaded after
 * engine.js (global mlpEngine: the network and the training loop, a mirror
 * of mlp_core) and presets.js (global mlpPresets: the article's data and
 * weights). It mounts one app on every
 *   <div class="mlp-playground" data-mlp-app="playground">
 * of the page and pushes a handle for each on window.mlpPlayground:
 *   {name, element, state(), set(setting), play(), pause(), step(n), reset(), exportRun(),
 *    params(), defaults()}
 *
 * The whole setting is one plain object (DEFAULTS shows its keys); the first
 * app of a page mirrors it in the address bar (#dataset=...&hidden=8,8&...),
 * so a link reproduces it. Training runs in requestAnimationFrame: each frame
 * takes `speed` steps (or, at "max", as many as fit in a time budget) and
 * then redraws the views once.
 */
(function () {
  "use strict";

  // Shared DOM and canvas helpers (dom.js).
  var el = window.mlpDom.el, svgEl = window.mlpDom.svgEl, hexRgb = window.mlpDom.hexRgb,
    fitCanvas = window.mlpDom.fitCanvas;

  // ------------------------------------------------------------ the setting

  var DATASETS = [
    ["noisy-xor", "noisy XOR"], ["xor", "XOR (4 points)"], ["circles", "circles"],
    ["moons", "moons"], ["blobs", "blobs"], ["spiral", "spiral"],
    ["article", "the article's data"]
  ];
  var ACTIVATIONS = ["tanh", "sigmoid", "relu", "identity"];
  var MODELS = [["softmax-ce", "softmax + cross-entropy"], ["sigmoid-mse", "sigmoid + MSE"]];
  var INITS = [["xavier", "Xavier (Glorot uniform)"], ["he", "He (normal)"], ["uniform", "uniform \u00b11/\u221afan_in"]];
  var REGULARIZATIONS = [["none", "none"], ["L2", "L2"], ["L1", "L1"]];
  var LRS = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  var REG_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
  var BATCHES = [1, 2, 5, 10, 20, 50, 100, null];      // null: the full batch
  var CLIPS = [null, 0.1, 0.5, 1, 2, 5, 10];            // null: no clipping
  var SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, "max"];
  var MAX_LAYERS = 6, BUTTON_UNITS = 8, MAX_UNITS = 50;

  var DEFAULTS = {
    dataset: "noisy-xor", noise: 0.3, points: 200, testRatio: 0.5, seed: 1,
    features: ["x1", "x2"], hidden: [8, 8], activation: "tanh", model: "softmax-ce",
    bias: true, init: "xavier", lr: 0.03, regularization: "none", regRate: 0.001,
    batchSize: 10, clipNorm: null, gradient: "correct", speed: 20,
    showTest: false, discretize: false, preset: "none"
  };
  var KEYS = Object.keys(DEFAULTS);

  // What a change of each key rebuilds: new data (and network), a new
  // network, a new trainer (same parameters, recording restarts), or only
  // the views.
  var LEVEL = {
    dataset: 3, noise: 3, points: 3, testRatio: 3, seed: 3,
    features: 2, hidden: 2, activation: 2, model: 2, bias: 2, init: 2, preset: 2,
    lr: 1, regularization: 1, regRate: 1, batchSize: 1, clipNorm: 1, gradient: 1,
    speed: 0, showTest: 0, discretize: 0
  };

  // The article's setting: its 2-50-2 bias-free sigmoid network, MSE, lr
  // 0.003, L2 with lambda 1e-4, full batch, and its (wrong) gradient.
  function articleSetting(preset) {
    var net = preset.network, tr = preset.train;
    return {
      dataset: "article", features: preset.features.slice(),
      hidden: net.layerSizes.slice(1, -1), activation: net.activation,
      model: net.output === "softmax" ? "softmax-ce" : "sigmoid-mse", bias: !!net.bias,
      init: net.init || "uniform", lr: tr.lr,
      regularization: net.l1 ? "L1" : (net.l2 ? "L2" : "none"), regRate: net.l1 || net.l2 || 0.001,
      batchSize: tr.batchSize, clipNorm: tr.clipNorm, gradient: tr.gradient || "article",
      speed: "max", preset: "article", showTest: false, discretize: false
    };
  }

  function articlePreset() {
    return window.mlpPresets && window.mlpPresets.article || null;
  }

  function sameList(a, b) {
    return a.length === b.length && a.every(function (x, i) { return x === b[i]; });
  }

  // The article's backward step only exists for its kind of network.
  function articleKind(s) {
    return s.hidden.length === 1 && s.activation === "sigmoid" && s.model === "sigmoid-mse" &&
      !s.bias && s.regularization !== "L1";
  }

  // The preset's initial weights fit only the preset's shape.
  function presetFits(s) {
    var p = articlePreset();
    return !!p && s.dataset === "article" && sameList(s.features, p.features) &&
      sameList(s.hidden, p.network.layerSizes.slice(1, -1)) && !s.bias;
  }

  function number(v, lo, hi, fallback) {
    v = typeof v === "string" ? parseFloat(v) : v;
    return typeof v === "number" && isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
  }
  function integer(v, lo, hi, fallback) {
    var x = number(v, lo, hi, NaN);
    return isNaN(x) ? fallback : Math.round(x);
  }
  function choice(v, options, fallback) {
    return options.indexOf(v) >= 0 ? v : fallback;
  }
  function firsts(pairs) { return pairs.map(function (p) { return p[0]; }); }

  // Any partial setting -> a complete, valid one (unknown values fall back
  // to the defaults; numbers are clamped to their ranges).
  function normalize(s) {
    var d = DEFAULTS, o = {};
    o.dataset = choice(s.dataset, firsts(DATASETS), d.dataset);
    if (o.dataset === "article" && !articlePreset()) o.dataset = d.dataset;
    o.noise = number(s.noise, 0, 1, d.noise);
    o.points = integer(s.points, 10, 1000, d.points);
    o.testRatio = number(s.testRatio, 0.1, 0.9, d.testRatio);
    o.seed = integer(s.seed, 0, 2147483647, d.seed);
    var F = window.mlpEngine.FEATURES;
    var feats = Array.isArray(s.features) ? s.features : d.features;
    o.features = F.filter(function (f) { return feats.indexOf(f) >= 0; });
    if (!o.features.length) o.features = d.features.slice();
    var hidden = Array.isArray(s.hidden) ? s.hidden : d.hidden;
    o.hidden = hidden.slice(0, MAX_LAYERS).map(function (u) { return integer(u, 1, MAX_UNITS, 4); });
    o.activation = choice(s.activation, ACTIVATIONS, d.activation);
    o.model = choice(s.model, firsts(MODELS), d.model);
    o.bias = typeof s.bias === "boolean" ? s.bias : d.bias;
    o.init = choice(s.init, firsts(INITS), d.init);
    o.lr = number(s.lr, 1e-7, 100, d.lr);
    o.regularization = choice(s.regularization, firsts(REGULARIZATIONS), d.regularization);
    o.regRate = number(s.regRate, 0, 100, d.regRate);
    o.batchSize = s.batchSize === null ? null : integer(s.batchSize, 1, 1000, d.batchSize);
    o.clipNorm = s.clipNorm === null || s.clipNorm === 0 ? null : number(s.clipNorm, 1e-6, 1e6, d.clipNorm);
    o.gradient = s.gradient === "article" ? "article" : "correct";
    if (!articleKind(o)) o.gradient = "correct";
    o.speed = s.speed === "max" ? "max" : integer(s.speed, 1, 100000, d.speed);
    o.showTest = typeof s.showTest === "boolean" ? s.showTest : d.showTest;
    o.discretize = typeof s.discretize === "boolean" ? s.discretize : d.discretize;
    o.preset = s.preset === "article" && presetFits(o) ? "article" : "none";
    return o;
  }

  // The setting <-> the URL's hash: "dataset=circles&hidden=8,8&...".
  function encode(s) {
    return KEYS.map(function (k) {
      var v = s[k];
      if (Array.isArray(v)) v = v.join(",");
      else if (typeof v === "boolean") v = v ? "1" : "0";
      else if (v === null) v = k === "batchSize" ? "full" : "off";
      return k + "=" + encodeURIComponent(String(v)).replace(/%2C/g, ",");
    }).join("&");
  }

  function decode(text) {
    var out = {};
    text.replace(/^[#?]/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 0) return;
      var k = decodeURIComponent(part.slice(0, eq)), v = decodeURIComponent(part.slice(eq + 1));
      if (!(k in DEFAULTS)) return;
      var d = DEFAULTS[k];
      if (k === "features") out[k] = v ? v.split(",") : [];
      else if (k === "hidden") out[k] = v ? v.split(",").map(Number) : [];
      else if (typeof d === "boolean") out[k] = v === "1" || v === "true";
      else if (v === "full" || v === "off" || v === "null") out[k] = null;
      else if (k === "speed") out[k] = v === "max" ? "max" : Number(v);
      else if (typeof d === "number" || k === "clipNorm" || k === "batchSize") out[k] = Number(v);
      else out[k] = v;
    });
    return out;
  }

  // Does an address hold a setting (and not only a section's anchor)?
  var SETTING_KEY = new RegExp("(^|[#?&])(" + KEYS.join("|") + ")=");
  function hasSetting(text) { return SETTING_KEY.test(text); }

  // ------------------------------------------------------------ formatting

  // 4 significant digits, compact: 0.1235, -12.35, 1.235e-5.
  function fmt(v) {
    if (typeof v !== "number") return String(v);
    if (!isFinite(v)) return isNaN(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
    if (v === 0) return "0";
    var a = Math.abs(v);
    if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(4)));
    return v.toExponential(3).replace("e+", "e");
  }

  function shapeOf(v) {
    if (!Array.isArray(v)) return [];
    return Array.isArray(v[0]) ? [v.length, v[0].length] : [v.length];
  }

  // A brick's value as lines of text: small matrices as bracketed rows,
  // large ones summarized (shape, first entries, largest |entry|).
  function fmtValue(v) {
    if (typeof v === "number") return [fmt(v)];
    var shape = shapeOf(v), rows = shape.length === 2 ? v : [v];
    var row = function (r, n) {
      var cells = r.slice(0, n).map(fmt);
      if (r.length > n) cells.push("\u2026");
      return "[" + cells.join(", ") + "]";
    };
    var count = rows.length * (rows[0] ? rows[0].length : 0);
    var wrap = function (lines) {
      if (shape.length === 1) return lines;
      return lines.map(function (l, i) {
        return (i === 0 ? "[" : " ") + l + (i === lines.length - 1 ? "]" : ",");
      });
    };
    if (count <= 16 && rows[0].length <= 8) return wrap(rows.map(function (r) { return row(r, r.length); }));
    var big = 0;
    rows.forEach(function (r) { r.forEach(function (x) { big = Math.max(big, Math.abs(x)); }); });
    var head = "shape (" + shape.join(", ") + (shape.length === 1 ? "," : "") + "), largest |entry| " + fmt(big);
    var shown = rows.slice(0, 2).map(function (r) { return row(r, 4); });
    if (rows.length > 2) shown.push("\u2026");
    return [head].concat(wrap(shown));
  }

  function fmtInt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function pct(a) { return a == null || isNaN(a) ? "\u2013" : (100 * a).toFixed(1) + "%"; }

  // ------------------------------------------------------------ small DOM helpers

  function options(select, list, value) {
    select.innerHTML = "";
    list.forEach(function (o) {
      var v = Array.isArray(o) ? o[0] : o, label = Array.isArray(o) ? o[1] : String(o);
      select.appendChild(el("option", {value: String(v), text: label}));
    });
    if (value !== undefined) select.value = String(value);
  }
  // Make sure a select can show `value` (e.g. a learning rate from a link).
  function ensureOption(select, value, label) {
    var v = String(value);
    for (var i = 0; i < select.options.length; i++) if (select.options[i].value === v) return;
    select.appendChild(el("option", {value: v, text: label || v}));
  }



  // Matrix helpers over the engine's {rows, cols, data} matrices.
  function rowOf(m, i) { return Array.prototype.slice.call(m.data, i * m.cols, (i + 1) * m.cols); }
  function nested(m) { return m ? window.mlpEngine.toNested(m) : null; }
  function plain(v) {
    // Deep copy of nested arrays / typed arrays as plain arrays (for JSON).
    if (v && v.rows !== undefined && v.data) return nested(v);
    if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.prototype.map.call(v, plain);
    if (v && typeof v === "object") {
      var o = {};
      for (var k in v) o[k] = plain(v[k]);
      return o;
    }
    return v;
  }

  // ------------------------------------------------------------ the app

  var uid = 0;

  function createApp(root, ownsUrl) {
    var E = window.mlpEngine;
    var id = "mlp" + (uid++) + "-";
    var setting = normalize(DEFAULTS);
    var data = null;          // {X, Y, Xtest, Ytest (raw), F, Ftest (features), domain, grids}
    var net = null, trainer = null;
    var stepBase = 0, epochBase = 0;
    var record = null;        // the run exportRun() returns: {initial, startStep}
    var running = false, diverged = null;   // diverged: {step, reason}
    var curves = [];          // samples {step, loss, testLoss, acc, testAcc}
    var version = 0, metricsCache = null;
    var selected = 0;         // the bricks panel's training point
    var cursor = {layer: 1, r: 0, c: 0};    // the keyboard's weight in the network view
    var rafId = 0, chunk = 50;
    var ui = {};

    // ---------------- building: data, network, trainer

    function buildData() {
      var s = setting, raw;
      if (s.dataset === "article") {
        var d = articlePreset().data;
        raw = {X: E.fromNested(d.X), Y: E.fromNested(d.Y), Xtest: E.fromNested(d.Xtest), Ytest: E.fromNested(d.Ytest)};
      } else if (s.dataset === "xor") {
        var x = E.data.xor();   // 4 points: all of them train, no test set
        raw = {X: x.X, Y: x.Y, Xtest: null, Ytest: null};
      } else {
        var make = {"noisy-xor": E.data.noisyXor, circles: E.data.circles, moons: E.data.moons,
          blobs: E.data.blobs, spiral: E.data.spiral}[s.dataset];
        var all = make(s.points, s.noise, E.rng(s.seed));
        raw = E.data.split(all.X, all.Y, s.testRatio, E.rng(s.seed + 1));
      }
      data = raw;
      data.domain = domainOf([raw.X, raw.Xtest]);
      buildFeatures();
    }

    // A square window on the input plane that holds every point.
    function domainOf(ms) {
      var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
      ms.forEach(function (m) {
        if (!m) return;
        for (var i = 0; i < m.rows; i++) for (var j = 0; j < 2; j++) {
          var v = m.data[i * m.cols + j];
          lo[j] = Math.min(lo[j], v); hi[j] = Math.max(hi[j], v);
        }
      });
      var half = Math.max(hi[0] - lo[0], hi[1] - lo[1]) / 2 * 1.12 || 1;
      var c = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2];
      return {x0: c[0] - half, x1: c[0] + half, y0: c[1] - half, y1: c[1] + half};
    }

    // A G x G grid of points over the domain (row 0 at the top), raw and as features.
    function grid(G) {
      var d = data.domain, X = E.matrix(G * G, 2), k = 0;
      for (var i = 0; i < G; i++) for (var j = 0; j < G; j++) {
        X.data[k++] = d.x0 + (j + 0.5) / G * (d.x1 - d.x0);
        X.data[k++] = d.y1 - (i + 0.5) / G * (d.y1 - d.y0);
      }
      return {G: G, X: X, F: E.features(X, setting.features)};
    }

    function buildFeatures() {
      var f = setting.features;
      data.F = E.features(data.X, f);
      data.Ftest = data.Xtest ? E.features(data.Xtest, f) : null;
      data.big = grid(48);     // the decision boundary
      data.small = grid(14);   // the units' heatmaps
      // Scale of each input feature over the plane, to shade its heatmap.
      data.featureScale = f.map(function (_, j) {
        var m = 0, F = data.small.F;
        for (var i = 0; i < F.rows; i++) m = Math.max(m, Math.abs(F.data[i * F.cols + j]));
        return m || 1;
      });
      selected = Math.min(selected, data.X.rows - 1);
    }

    function netOptions() {
      var s = setting, sm = s.model === "softmax-ce";
      return {
        activation: s.activation, output: sm ? "softmax" : "sigmoid", loss: sm ? "cross_entropy" : "mse",
        l2: s.regularization === "L2" ? s.regRate : 0, l1: s.regularization === "L1" ? s.regRate : 0,
        bias: s.bias, init: s.init
      };
    }

    function buildNetwork() {
      var opts = netOptions();
      if (setting.preset === "article") {
        var init = articlePreset().initial, Ws = [];
        for (var i = 1; init["W" + i]; i++) Ws.push(init["W" + i]);
        net = E.MLP.fromWeights(Ws, null, {activation: opts.activation, output: opts.output,
          loss: opts.loss, l2: opts.l2, l1: opts.l1});
      } else {
        opts.rng = E.rng(setting.seed + 2);
        net = new E.MLP([setting.features.length].concat(setting.hidden, [2]), opts);
      }
      trainer = null;          // a new run: the counters start at 0
      stepBase = epochBase = 0;
      curves = [];
      clampCursor();
      newTrainer();
    }

    function effectiveBatch() {
      var B = setting.batchSize;
      return B === null || B >= data.X.rows ? null : B;
    }

    // A new trainer from the current parameters: the step counter goes on,
    // the recording for exportRun() restarts here.
    function newTrainer() {
      if (trainer) {
        stepBase = step();
        epochBase = epoch();
      }
      var s = setting;
      net.l2 = s.regularization === "L2" ? s.regRate : 0;   // the penalty can change mid-run
      net.l1 = s.regularization === "L1" ? s.regRate : 0;
      var opts = {lr: s.lr, batchSize: effectiveBatch(), clipNorm: s.clipNorm,
        // The minibatch order depends only on the seed and the step the
        // trainer starts at: the same setting and history give the same run.
        rng: E.rng((s.seed + 3) * 1000003 + stepBase)};
      if (s.gradient === "article") opts.gradient = "article";
      trainer = new E.Trainer(net, data.F, data.Y, opts);
      record = {initial: plain(net.params()), startStep: stepBase};
      diverged = null;
      version++;
    }

    function step() { return stepBase + trainer.steps; }
    function epoch() {
      var B = effectiveBatch(), per = B ? Math.ceil(data.X.rows / B) : 1;
      return epochBase + Math.floor(trainer.steps / per);
    }

    // ---------------- training

    function train(n) {
      if (diverged || n <= 0) return;
      trainer.run(n);
      version++;
      if (trainer.diverged) {
        // The trainer stopped at the step whose loss was not finite.
        diverged = {step: stepBase + trainer.diverged.step, reason: trainer.diverged.reason};
        running = false;
        // Full batch: the trainer's losses are the training set's, step by
        // step; add the last ones to the curve, so that it shows the blow-up.
        if (!effectiveBatch()) {
          var losses = trainer.losses, last = curves.length ? curves[curves.length - 1].step : -1;
          for (var j = Math.max(0, losses.length - 60); j < losses.length; j++) {
            if (stepBase + j > last) curves.push({step: stepBase + j, loss: losses[j], testLoss: null, acc: null, testAcc: null});
          }
        }
      }
    }

    // Full-set numbers at the current parameters (cached until they change).
    function metrics() {
      if (metricsCache && metricsCache.version === version) return metricsCache;
      var m = {version: version, step: step(), loss: net.loss(data.F, data.Y), acc: E.accuracy(net, data.F, data.Y),
        testLoss: null, testAcc: null};
      if (data.Ftest) { m.testLoss = net.loss(data.Ftest, data.Ytest); m.testAcc = E.accuracy(net, data.Ftest, data.Ytest); }
      metricsCache = m;
      return m;
    }

    function sample() {
      var m = metrics(), last = curves[curves.length - 1];
      if (last && last.step === m.step) return;
      curves.push({step: m.step, loss: m.loss, testLoss: m.testLoss, acc: m.acc, testAcc: m.testAcc});
      if (curves.length > 1200) {   // downsample: keep every other sample (and the newest)
        curves = curves.filter(function (c, i) { return i % 2 === 0 || i === curves.length - 1; });
      }
    }

    // One animation frame: train, then redraw once. At "max" speed, train
    // in chunks until the frame's time budget is spent. The budget adapts
    // so that a whole frame (training, redraw, the browser's painting)
    // takes about 33 ms: about 30 redraws a second, never fewer than 20.
    var budget = 20, lastFrame = 0;
    function frame(now) {
      rafId = 0;
      if (running && setting.speed === "max" && lastFrame) {
        var interval = now - lastFrame;
        if (interval > 36) budget = Math.max(4, budget * 0.85);
        else if (interval < 30) budget = Math.min(30, budget + 1);
      }
      lastFrame = running ? now : 0;
      if (running) {
        if (setting.speed === "max") {
          var t0 = performance.now();
          while (running && performance.now() - t0 < budget) {
            var t = performance.now();
            train(chunk);
            var ms = performance.now() - t;
            // Aim at ~4 ms per chunk so the budget is not overrun by much.
            chunk = Math.max(1, Math.min(100000, Math.round(chunk * (ms > 0 ? Math.min(2, 4 / ms) : 2))));
          }
        } else {
          train(setting.speed);
        }
      }
      draw();
      if (running) rafId = requestAnimationFrame(frame);
    }

    function requestDraw() { if (!rafId) rafId = requestAnimationFrame(frame); }

    function play() {
      if (diverged) return;
      running = true;
      updateButtons();
      requestDraw();
    }
    function pause() {
      running = false;
      updateButtons();
      requestDraw();
    }

    // step(n): n steps now, synchronously (with curve samples along the way), then redraw.
    function stepN(n) {
      n = Math.max(1, Math.floor(Number(n) || 1));
      var per = Math.max(1, Math.ceil(n / 200));
      while (n > 0 && !diverged) {
        var k = Math.min(per, n);
        train(k);
        n -= k;
        sample();
      }
      draw();
    }

    function reset() {
      running = false;
      buildNetwork();
      updateButtons();
      draw();
    }

    // ---------------- settings: apply a partial setting like the controls do

    function set(partial, fromUrl) {
      partial = partial || {};
      if (!diverged) say("");
      var next = {};
      KEYS.forEach(function (k) { next[k] = setting[k]; });
      var p = articlePreset();
      var wantsPreset = partial.preset === "article" ||
        (partial.dataset === "article" && setting.dataset !== "article" && partial.preset === undefined);
      if (wantsPreset && p && !fromUrl) {
        var a = articleSetting(p);
        for (var k in a) next[k] = a[k];
      }
      for (var key in partial) if (key in DEFAULTS) next[key] = partial[key];
      // A structural change leaves the article's weights behind.
      if (!wantsPreset && ["dataset", "features", "hidden", "activation", "model", "bias", "init"].some(
        function (k) { return k in partial; }) && !("preset" in partial)) next.preset = "none";
      next = normalize(next);
      var level = 0;
      KEYS.forEach(function (k) {
        if (JSON.stringify(next[k]) !== JSON.stringify(setting[k])) level = Math.max(level, LEVEL[k]);
      });
      if (!data) level = 3;
      setting = next;
      if (level >= 2) running = false;
      if (level === 3) { buildData(); buildNetwork(); }
      else if (level === 2) { buildFeatures(); buildNetwork(); }
      else if (level === 1) newTrainer();
      syncControls();
      if (level >= 2) buildNetworkView();
      writeUrl();
      updateButtons();
      draw();
    }

    function writeUrl() {
      if (!ownsUrl) return;
      var hash = "#" + encode(setting);
      if (location.hash === hash) return;
      try {
        history.replaceState(history.state, "", hash);
      } catch (err) {
        try { location.replace(hash); } catch (err2) { /* no URL to write to */ }
      }
      lastHash = location.hash;
    }
    var lastHash = null;

    // ---------------- the run format (web/playground/README.md)

    function exportRun() {
      var o = netOptions(), B = effectiveBatch();
      var losses = Array.prototype.slice.call(trainer.losses || []).map(Number);
      var orders = B ? plain(trainer.orders || []) : null;
      return {
        format: "mlp-playground-run", version: 1,
        setting: plain(setting),
        network: {layerSizes: net.layerSizes.slice(), activation: o.activation, output: o.output, loss: o.loss,
          l2: o.l2, l1: o.l1, bias: o.bias, init: setting.preset === "article" ? "uniform" : o.init},
        train: {lr: setting.lr, batchSize: B, clipNorm: setting.clipNorm, gradient: setting.gradient},
        features: setting.features.slice(),
        data: {X: nested(data.X), Y: nested(data.Y), Xtest: nested(data.Xtest), Ytest: nested(data.Ytest)},
        initial: plain(record.initial),
        orders: orders,
        losses: losses,
        startStep: record.startStep
      };
    }

    function download() {
      var run = exportRun();
      var blob = new Blob([JSON.stringify(run)], {type: "application/json"});
      var url = URL.createObjectURL(blob);
      var a = el("a", {href: url, download: "playground-run-" + setting.dataset + "-step-" + step() + ".json"});
      a.style.display = "none";
      root.appendChild(a);
      a.click();
      setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
    }

    function state() {
      var m = metrics();
      return {
        step: step(), epoch: epoch(), loss: m.loss, testLoss: m.testLoss, accuracy: m.acc, testAccuracy: m.testAcc,
        running: running, diverged: !!diverged, divergedAt: diverged ? diverged.step : null,
        setting: plain(setting)
      };
    }

    // ---------------- the controls

    function field(labelText, control, extra) {
      var lab = el("label", {"for": control.id, text: labelText});
      return el("div", {"class": "mlp-field"}, [lab, control].concat(extra || []));
    }
    function select(name, list) {
      var s = el("select", {id: id + name, name: name});
      options(s, list);
      ui[name] = s;
      return s;
    }
    function button(text, attrs, onClick) {
      var b = el("button", Object.assign({type: "button", text: text}, attrs || {}));
      b.addEventListener("click", onClick);
      return b;
    }

    function buildUi() {
      root.innerHTML = "";
      root.classList.add("mlp-app");
      var app = el("div", {"class": "mlp-inner"});
      root.appendChild(app);

      // Top bar: play / step / reset, the counters, the speed, export.
      ui.play = button("Play", {"class": "mlp-primary", id: id + "play"}, function () { running ? pause() : play(); });
      ui.step = button("Step", {id: id + "step", title: "one training step"}, function () { pause(); stepN(1); });
      ui.reset = button("Reset", {id: id + "reset", title: "new initial weights from the seed"}, function () { reset(); });
      ui.counter = el("output", {"class": "mlp-counter", id: id + "counter", "aria-live": "off"});
      ui.speed = select("speed", SPEEDS.map(function (v) {
        return [v, v === "max" ? "max (as fast as it goes)" : v + (v === 1 ? " step" : " steps") + " a frame"];
      }));
      ui.speed.addEventListener("change", function () { set({speed: ui.speed.value === "max" ? "max" : Number(ui.speed.value)}); });
      ui.exportBtn = button("Export run", {id: id + "export", title: "download this run as JSON (replay it with mlp_core.playground.replay)"}, download);
      ui.presetBtn = button("The article's setting", {id: id + "preset"}, function () { set({preset: "article"}); });
      if (!articlePreset()) ui.presetBtn.disabled = true;
      app.appendChild(el("div", {"class": "mlp-bar"}, [
        el("div", {"class": "mlp-buttons"}, [ui.play, ui.step, ui.reset]),
        ui.counter,
        field("Speed", ui.speed),
        el("div", {"class": "mlp-buttons"}, [ui.presetBtn, ui.exportBtn])
      ]));
      ui.status = el("p", {"class": "mlp-status", role: "status", id: id + "status"});
      app.appendChild(ui.status);

      // Data
      ui.dataset = select("dataset", DATASETS);
      if (!articlePreset()) ui.dataset.querySelector('option[value="article"]').disabled = true;
      ui.dataset.addEventListener("change", function () { set({dataset: ui.dataset.value}); });
      ui.noise = range("noise", 0, 0.6, 0.05);
      ui.points = range("points", 20, 500, 10);
      ui.testRatio = range("testRatio", 0.1, 0.9, 0.1);
      ui.noise.addEventListener("input", function () { set({noise: Number(ui.noise.value)}); });
      ui.points.addEventListener("input", function () { set({points: Number(ui.points.value)}); });
      ui.testRatio.addEventListener("input", function () { set({testRatio: Number(ui.testRatio.value)}); });
      ui.regen = button("Regenerate", {id: id + "regen", title: "new points (a new seed)"}, function () { set({seed: setting.seed + 1}); });
      ui.features = el("fieldset", {"class": "mlp-features"}, [el("legend", {text: "Input features"})]);
      ui.featureBoxes = E.FEATURES.map(function (f) {
        var box = el("input", {type: "checkbox", id: id + "f-" + f.replace(/\W/g, "_"), value: f});
        box.addEventListener("change", function () {
          var chosen = ui.featureBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
          if (!chosen.length) { box.checked = true; say("The network needs at least one input feature."); return; }
          set({features: chosen});
        });
        ui.features.appendChild(el("span", {"class": "mlp-check"}, [box, el("label", {"for": box.id, text: f})]));
        return box;
      });
      var dataBox = el("fieldset", {"class": "mlp-group"}, [
        el("legend", {text: "Data"}),
        field("Data set", ui.dataset),
        field("Noise", ui.noise, [ui.noiseOut]),
        field("Points", ui.points, [ui.pointsOut]),
        field("Test share", ui.testRatio, [ui.testRatioOut]),
        el("div", {"class": "mlp-buttons"}, [ui.regen]),
        ui.features
      ]);

      // Network
      ui.layers = el("div", {"class": "mlp-layers"});
      ui.activation = select("activation", ACTIVATIONS);
      ui.activation.addEventListener("change", function () { set({activation: ui.activation.value}); });
      ui.model = select("model", MODELS);
      ui.model.addEventListener("change", function () { set({model: ui.model.value}); });
      ui.bias = el("input", {type: "checkbox", id: id + "bias"});
      ui.bias.addEventListener("change", function () { set({bias: ui.bias.checked}); });
      ui.init = select("init", INITS);
      ui.init.addEventListener("change", function () { set({init: ui.init.value}); });
      ui.initNote = el("p", {"class": "mlp-note", text: "Initial weights: the article's."});
      var netBox = el("fieldset", {"class": "mlp-group"}, [
        el("legend", {text: "Network"}),
        ui.layers,
        field("Activation", ui.activation),
        field("Output and loss", ui.model),
        el("div", {"class": "mlp-field mlp-checkfield"}, [ui.bias, el("label", {"for": ui.bias.id, text: "Biases"})]),
        field("Initialisation", ui.init),
        ui.initNote
      ]);

      // Training
      ui.lr = select("lr", LRS);
      ui.lr.addEventListener("change", function () { set({lr: Number(ui.lr.value)}); });
      ui.regularization = select("regularization", REGULARIZATIONS);
      ui.regularization.addEventListener("change", function () { set({regularization: ui.regularization.value}); });
      ui.regRate = select("regRate", REG_RATES);
      ui.regRate.addEventListener("change", function () { set({regRate: Number(ui.regRate.value)}); });
      ui.batchSize = select("batchSize", BATCHES.map(function (b) { return [b === null ? "full" : b, b === null ? "full batch" : b]; }));
      ui.batchSize.addEventListener("change", function () {
        set({batchSize: ui.batchSize.value === "full" ? null : Number(ui.batchSize.value)});
      });
      ui.clipNorm = select("clipNorm", CLIPS.map(function (c) { return [c === null ? "off" : c, c === null ? "off" : "norm " + c]; }));
      ui.clipNorm.addEventListener("change", function () {
        set({clipNorm: ui.clipNorm.value === "off" ? null : Number(ui.clipNorm.value)});
      });
      ui.gradient = el("fieldset", {"class": "mlp-radios"}, [el("legend", {text: "Gradient"})]);
      ui.gradientRadios = [["correct", "correct"], ["article", "the article's (scalar penalty, no 1/N)"]].map(function (g) {
        var r = el("input", {type: "radio", name: id + "gradient", id: id + "gradient-" + g[0], value: g[0]});
        r.addEventListener("change", function () { if (r.checked) set({gradient: g[0]}); });
        ui.gradient.appendChild(el("span", {"class": "mlp-check"}, [r, el("label", {"for": r.id, text: g[1]})]));
        return r;
      });
      ui.gradientNote = el("p", {"class": "mlp-note", id: id + "gradient-note",
        text: "The article's gradient needs its kind of network: one sigmoid hidden layer, sigmoid + MSE, no biases, no L1."});
      ui.gradient.appendChild(ui.gradientNote);
      var trainBox = el("fieldset", {"class": "mlp-group"}, [
        el("legend", {text: "Training"}),
        field("Learning rate", ui.lr),
        field("Regularization", ui.regularization),
        field("Regularization rate", ui.regRate),
        field("Batch size", ui.batchSize),
        field("Gradient clipping", ui.clipNorm),
        ui.gradient
      ]);
      app.appendChild(el("div", {"class": "mlp-controls"}, [dataBox, netBox, trainBox]));

      // Views: the network, then the output (boundary | curves), then the bricks.
      ui.netWrap = el("div", {"class": "mlp-netwrap"});
      ui.netCanvas = el("canvas", {"class": "mlp-netcanvas", "aria-hidden": "true"});
      ui.svg = svgEl("svg", {"class": "mlp-netsvg", tabindex: "0", role: "application", id: id + "network",
        "aria-label": "Network diagram. Arrow keys move between weights, Enter edits the selected weight.",
        "aria-describedby": id + "readout"});
      ui.netWrap.appendChild(ui.netCanvas);
      ui.netWrap.appendChild(ui.svg);
      ui.readout = el("p", {"class": "mlp-readout", id: id + "readout", "aria-live": "polite",
        text: "Hover over a weight, or focus the network and use the arrow keys, to read it."});
      ui.editor = el("div", {"class": "mlp-editor", hidden: true});
      app.appendChild(el("section", {"class": "mlp-view mlp-network", "aria-label": "network"}, [
        el("h3", {"class": "mlp-title", text: "Network"}),
        ui.netWrap, ui.readout, ui.editor,
        el("p", {"class": "mlp-legend", html:
          '<span class="mlp-swatch mlp-pos"></span>positive weight <span class="mlp-swatch mlp-neg"></span>negative weight; ' +
          "line width: size. Each unit shows its output over the input plane."})
      ]));

      ui.boundary = el("canvas", {"class": "mlp-boundary", role: "img", id: id + "boundary",
        "aria-label": "Decision boundary with the training points"});
      ui.showTest = el("input", {type: "checkbox", id: id + "showTest"});
      ui.showTest.addEventListener("change", function () { set({showTest: ui.showTest.checked}); });
      ui.discretize = el("input", {type: "checkbox", id: id + "discretize"});
      ui.discretize.addEventListener("change", function () { set({discretize: ui.discretize.checked}); });
      ui.curves = el("canvas", {"class": "mlp-curves", role: "img", id: id + "curves", "aria-label": "Loss and accuracy curves"});
      ui.numbers = el("dl", {"class": "mlp-numbers"});
      app.appendChild(el("div", {"class": "mlp-outputs"}, [
        el("section", {"class": "mlp-view", "aria-label": "decision boundary"}, [
          el("h3", {"class": "mlp-title", text: "Decision boundary"}),
          ui.boundary,
          el("p", {"class": "mlp-legend", html:
            '<span class="mlp-mark mlp-c0"></span>class 0 (circle) <span class="mlp-mark mlp-c1"></span>class 1 (square); ' +
            "hollow: test points. Click a point to see its bricks."}),
          el("div", {"class": "mlp-inline"}, [
            el("span", {"class": "mlp-check"}, [ui.showTest, el("label", {"for": ui.showTest.id, text: "Show test points"})]),
            el("span", {"class": "mlp-check"}, [ui.discretize, el("label", {"for": ui.discretize.id, text: "Discretize output"})])
          ])
        ]),
        el("section", {"class": "mlp-view", "aria-label": "training curves"}, [
          el("h3", {"class": "mlp-title", text: "Loss and accuracy"}),
          ui.curves,
          el("p", {"class": "mlp-legend", html:
            '<span class="mlp-line mlp-train"></span>training set <span class="mlp-line mlp-test"></span>test set'}),
          ui.numbers
        ])
      ]));

      // Bricks
      ui.point = el("input", {type: "number", id: id + "point", min: "0", step: "1", value: "0"});
      ui.point.addEventListener("input", function () {
        var v = parseInt(ui.point.value, 10);
        if (!isNaN(v)) selectPoint(v);
      });
      ui.pointInfo = el("p", {"class": "mlp-note", id: id + "point-info"});
      ui.bricks = el("dl", {"class": "mlp-bricks"});
      app.appendChild(el("section", {"class": "mlp-view mlp-brickview", "aria-label": "bricks"}, [
        el("h3", {"class": "mlp-title", text: "Bricks: one point, step by step"}),
        field("Training point (index)", ui.point),
        ui.pointInfo, ui.bricks
      ]));

      ui.boundary.addEventListener("click", onBoundaryClick);
      ui.svg.addEventListener("keydown", onNetKey);
      ui.svg.addEventListener("focus", function () { showWeight(cursor, true); });
      ui.svg.addEventListener("blur", function () { if (!editing) hideCursor(); });
      ui.svg.addEventListener("mouseleave", function () { if (document.activeElement !== ui.svg) hideCursor(); });
    }

    function range(name, min, max, stepSize) {
      var r = el("input", {type: "range", id: id + name, name: name, min: min, max: max, step: stepSize});
      ui[name + "Out"] = el("output", {"for": id + name, "class": "mlp-out"});
      return r;
    }

    function say(text) { ui.status.textContent = text; ui.status.className = "mlp-status"; }

    // Controls <- the setting.
    function syncControls() {
      var s = setting;
      ui.dataset.value = s.dataset;
      ui.noise.value = s.noise; ui.noiseOut.textContent = fmt(s.noise);
      ui.points.value = s.points; ui.pointsOut.textContent = String(s.points);
      ui.testRatio.value = s.testRatio; ui.testRatioOut.textContent = Math.round(100 * s.testRatio) + "%";
      var fixed = s.dataset === "xor" || s.dataset === "article";
      ui.noise.disabled = ui.points.disabled = ui.testRatio.disabled = fixed;
      ui.featureBoxes.forEach(function (b) { b.checked = s.features.indexOf(b.value) >= 0; });
      ui.activation.value = s.activation;
      ui.model.value = s.model;
      ui.bias.checked = s.bias;
      ui.init.value = s.init;
      ui.init.disabled = s.preset === "article";
      ui.initNote.hidden = s.preset !== "article";
      ensureOption(ui.lr, s.lr); ui.lr.value = String(s.lr);
      ui.regularization.value = s.regularization;
      ensureOption(ui.regRate, s.regRate); ui.regRate.value = String(s.regRate);
      ui.regRate.disabled = s.regularization === "none";
      var b = s.batchSize === null ? "full" : s.batchSize;
      ensureOption(ui.batchSize, b); ui.batchSize.value = String(b);
      var c = s.clipNorm === null ? "off" : s.clipNorm;
      ensureOption(ui.clipNorm, c, "norm " + c); ui.clipNorm.value = String(c);
      var kind = articleKind(s);
      ui.gradientRadios.forEach(function (r) {
        r.checked = r.value === s.gradient;
        r.disabled = r.value === "article" && !kind;
      });
      ui.gradientNote.hidden = kind;
      ensureOption(ui.speed, s.speed, s.speed + " steps a frame"); ui.speed.value = String(s.speed);
      ui.showTest.checked = s.showTest;
      ui.showTest.disabled = !data.Xtest;
      ui.discretize.checked = s.discretize;
      buildLayerControls();
      ui.point.max = String(data.X.rows - 1);
      ui.point.value = String(selected);
    }

    // One row per hidden layer: fewer / units / more; and add / remove a layer.
    function buildLayerControls() {
      var s = setting, box = ui.layers, active = document.activeElement, activeId = active && active.id;
      box.innerHTML = "";
      var count = el("output", {"class": "mlp-out", id: id + "layer-count", text: String(s.hidden.length)});
      var remove = button("\u2212", {id: id + "layer-remove", "aria-label": "remove a hidden layer"}, function () {
        set({hidden: s.hidden.slice(0, -1)});
      });
      var add = button("+", {id: id + "layer-add", "aria-label": "add a hidden layer"}, function () {
        set({hidden: s.hidden.concat([s.hidden.length ? s.hidden[s.hidden.length - 1] : 4])});
      });
      remove.disabled = !s.hidden.length;
      add.disabled = s.hidden.length >= MAX_LAYERS;
      box.appendChild(el("div", {"class": "mlp-field mlp-stepper"}, [
        el("span", {"class": "mlp-label", id: id + "layers-label", text: "Hidden layers"}), remove, count, add]));
      s.hidden.forEach(function (u, i) {
        var input = el("input", {type: "number", id: id + "units-" + i, min: "1", max: String(MAX_UNITS), step: "1", value: String(u)});
        input.addEventListener("change", function () {
          var v = parseInt(input.value, 10);
          if (isNaN(v)) { input.value = String(s.hidden[i]); return; }
          var h = setting.hidden.slice(); h[i] = Math.max(1, Math.min(MAX_UNITS, v)); set({hidden: h});
        });
        var less = button("\u2212", {id: id + "units-less-" + i, "aria-label": "fewer units in hidden layer " + (i + 1)}, function () {
          var h = setting.hidden.slice(); h[i] = Math.max(1, h[i] - 1); set({hidden: h});
        });
        var more = button("+", {id: id + "units-more-" + i, "aria-label": "more units in hidden layer " + (i + 1)}, function () {
          var h = setting.hidden.slice(); h[i] = Math.min(Math.max(BUTTON_UNITS, h[i]), h[i] + 1); set({hidden: h});
        });
        less.disabled = u <= 1;
        more.disabled = u >= BUTTON_UNITS;
        box.appendChild(el("div", {"class": "mlp-field mlp-stepper"}, [
          el("label", {"for": input.id, text: "Layer " + (i + 1) + " units"}), less, input, more]));
      });
      // Keep the keyboard where it was when the rows are rebuilt (on the
      // other button of the row when this one is now disabled, e.g. "+" at 8).
      var again = activeId && document.getElementById(activeId);
      if (again && again !== active) {
        var target = again.disabled ? again.parentNode.querySelector("button:not(:disabled)") : again;
        if (target) target.focus();
      }
    }

    function updateButtons() {
      ui.play.textContent = running ? "Pause" : "Play";
      ui.play.setAttribute("aria-pressed", running ? "true" : "false");
      ui.play.disabled = ui.step.disabled = !!diverged;
      if (diverged) {
        ui.status.textContent = "Training diverged at step " + fmtInt(diverged.step) + ": " + diverged.reason +
          ". Press Reset to start again" + (setting.gradient === "article" ? ", or switch to the correct gradient." : ".");
        ui.status.className = "mlp-status mlp-diverged";
      } else if (ui.status.classList.contains("mlp-diverged")) {
        ui.status.textContent = "";
        ui.status.className = "mlp-status";
      }
    }

    // ---------------- colours (from app.css, so light and dark mode both work)

    var colours = null;
    function readColours() {
      var cs = getComputedStyle(root);
      var get = function (name, fallback) { return hexRgb(cs.getPropertyValue(name), fallback); };
      colours = {
        bg: get("--mlp-bg", [255, 255, 255]), fg: get("--mlp-fg", [34, 40, 50]),
        c0: get("--mlp-c0", [192, 81, 10]), c1: get("--mlp-c1", [0, 114, 178]),
        grid: get("--mlp-grid", [200, 200, 200]), focus: get("--mlp-focus", [23, 109, 232]),
        shade: parseFloat(cs.getPropertyValue("--mlp-shade")) || 0.3
      };
      colours.css = {};
      ["bg", "fg", "c0", "c1", "grid", "focus"].forEach(function (k) { colours.css[k] = "rgb(" + colours[k].join(",") + ")"; });
    }

    // v in [-1, 1] -> the background mixed toward class 0's colour (v < 0)
    // or class 1's (v > 0), at most `strength` of the way.
    function shade(v, strength, out, k) {
      var t = Math.min(1, Math.abs(v)) * strength, c = v < 0 ? colours.c0 : colours.c1, bg = colours.bg;
      out[k] = bg[0] + (c[0] - bg[0]) * t;
      out[k + 1] = bg[1] + (c[1] - bg[1]) * t;
      out[k + 2] = bg[2] + (c[2] - bg[2]) * t;
      out[k + 3] = 255;
    }

    // ---------------- the network view (SVG lines and nodes over a canvas of heatmaps)

    var layout = null, lines = [], editing = false;

    function buildNetworkView() {
      var width = Math.max(200, ui.netWrap.clientWidth || 300);
      var sizes = net.layerSizes, cols = sizes.length, maxUnits = Math.max.apply(null, sizes);
      var left = 56, right = 6, top = 22;
      var gap0 = (width - left - right) / Math.max(1, cols - 1);
      var s0 = Math.max(6, Math.min(40, gap0 * 0.42));
      // Every column shares the height of the widest one; a column of few
      // units spreads them out (and draws them bigger) up to a limit.
      var avail = Math.min((s0 + 10) * maxUnits, 420), height = Math.round(top + avail + 6);
      var xs = [], ys = [], sz = [];
      for (var c = 0; c < cols; c++) {
        var n = sizes[c], pitch = Math.min(s0 + 10, avail / n), y = [];
        sz.push(Math.min(s0, pitch * 0.8));
        for (var u = 0; u < n; u++) y.push(top + (avail - n * pitch) / 2 + (u + 0.5) * pitch);
        ys.push(y);
      }
      for (c = 0; c < cols; c++) {
        xs.push(left + s0 / 2 + c * (width - left - right - s0) / Math.max(1, cols - 1));
      }
      // Heatmaps in the units that are big enough to show one.
      layout = {width: width, height: height, xs: xs, ys: ys, sizes: sz,
        heat: sz.map(function (x) { return x >= 14; })};
      var g = ui.svg;
      while (g.firstChild) g.removeChild(g.firstChild);
      g.setAttribute("width", width); g.setAttribute("height", height);
      g.setAttribute("viewBox", "0 0 " + width + " " + height);
      ui.netWrap.style.height = height + "px";

      var lineGroup = svgEl("g", {"class": "mlp-weights"}), hitGroup = svgEl("g", {"class": "mlp-hits"});
      lines = [];
      for (var l = 1; l < cols; l++) {
        var W = net.W[l - 1];
        for (var r = 0; r < W.rows; r++) for (var k = 0; k < W.cols; k++) {
          var a = {x1: xs[l - 1] + sz[l - 1] / 2, y1: ys[l - 1][r], x2: xs[l] - sz[l] / 2, y2: ys[l][k]};
          var line = svgEl("line", a), hit = svgEl("line", a);
          hit.setAttribute("class", "mlp-hit");
          var w = {layer: l, r: r, c: k, line: line};
          hit.addEventListener("mouseenter", showWeight.bind(null, w, false));
          hit.addEventListener("click", (function (w) { return function () { cursor = {layer: w.layer, r: w.r, c: w.c}; ui.svg.focus(); openEditor(); }; })(w));
          lineGroup.appendChild(line);
          hitGroup.appendChild(hit);
          lines.push(w);
        }
      }
      g.appendChild(lineGroup);
      ui.cursorLine = svgEl("line", {"class": "mlp-cursor", visibility: "hidden"});
      g.appendChild(ui.cursorLine);
      // Nodes: outlines (their heatmaps are on the canvas underneath) and labels.
      for (c = 0; c < cols; c++) {
        var name = c === 0 ? "X" : "h" + c;
        var head = svgEl("text", {x: xs[c], y: 14, "text-anchor": "middle", "class": "mlp-svgtext"});
        head.textContent = name;
        g.appendChild(head);
        var size = sz[c];
        for (u = 0; u < sizes[c]; u++) {
          g.appendChild(svgEl("rect", {x: xs[c] - size / 2, y: ys[c][u] - size / 2, width: size, height: size,
            rx: Math.min(3, size / 5), "class": layout.heat[c] ? "mlp-node" : "mlp-node mlp-node-filled"}));
          if (c === 0) {
            var t = svgEl("text", {x: xs[0] - size / 2 - 4, y: ys[0][u] + 4, "text-anchor": "end", "class": "mlp-svgtext"});
            t.textContent = setting.features[u];
            g.appendChild(t);
          }
        }
      }
      g.appendChild(hitGroup);
    }

    function weightValue(w) {
      var W = net.W[w.layer - 1];
      return W.data[w.r * W.cols + w.c];
    }

    function weightName(w) {
      var from = w.layer === 1 ? "input " + setting.features[w.r] : "h" + (w.layer - 1) + " unit " + w.r;
      return "W" + w.layer + "[" + w.r + ", " + w.c + "] = " + fmt(weightValue(w)) +
        " (from " + from + " to h" + w.layer + " unit " + w.c + ")";
    }

    function findLine(w) {
      for (var i = 0; i < lines.length; i++) {
        var x = lines[i];
        if (x.layer === w.layer && x.r === w.r && x.c === w.c) return x;
      }
      return null;
    }

    function showWeight(w, fromKeyboard) {
      var x = findLine(w);
      if (!x) return;
      ui.readout.textContent = weightName(w) + (fromKeyboard ? ". Enter: edit; arrows: move." : ". Click to edit.");
      var L = ui.cursorLine;
      ["x1", "y1", "x2", "y2"].forEach(function (k) { L.setAttribute(k, x.line.getAttribute(k)); });
      L.setAttribute("visibility", "visible");
    }
    function hideCursor() { if (ui.cursorLine) ui.cursorLine.setAttribute("visibility", "hidden"); }

    function clampCursor() {
      var n = net.W.length;
      cursor.layer = Math.max(1, Math.min(n, cursor.layer));
      var W = net.W[cursor.layer - 1];
      cursor.r = Math.max(0, Math.min(W.rows - 1, cursor.r));
      cursor.c = Math.max(0, Math.min(W.cols - 1, cursor.c));
    }

    // Arrow keys walk the weights: up/down within a layer's matrix (row by
    // row), left/right to the previous/next layer; Enter edits.
    function onNetKey(e) {
      var W = net.W[cursor.layer - 1], i = cursor.r * W.cols + cursor.c, n = W.rows * W.cols;
      switch (e.key) {
        case "ArrowDown": i = Math.min(n - 1, i + 1); break;
        case "ArrowUp": i = Math.max(0, i - 1); break;
        case "Home": i = 0; break;
        case "End": i = n - 1; break;
        case "ArrowRight": case "ArrowLeft":
          cursor.layer += e.key === "ArrowRight" ? 1 : -1;
          clampCursor();
          showWeight(cursor, true);
          e.preventDefault();
          return;
        case "Enter": case " ": openEditor(); e.preventDefault(); return;
        default: return;
      }
      cursor.r = Math.floor(i / W.cols); cursor.c = i % W.cols;
      showWeight(cursor, true);
      e.preventDefault();
    }

    function openEditor() {
      clampCursor();
      var w = {layer: cursor.layer, r: cursor.r, c: cursor.c};
      var input = el("input", {type: "number", step: "any", id: id + "weight-edit", value: String(weightValue(w))});
      var done = false;
      var close = function (commit) {
        if (done) return;
        done = true;
        editing = false;
        if (commit) {
          var v = parseFloat(input.value);
          if (isFinite(v)) setWeight(w, v);
        }
        ui.editor.hidden = true;
        ui.editor.innerHTML = "";
        ui.svg.focus();
        showWeight(w, true);
      };
      input.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); close(true); }
        else if (e.key === "Escape") { e.preventDefault(); close(false); }
      });
      input.addEventListener("blur", function () { close(false); });
      ui.editor.innerHTML = "";
      ui.editor.appendChild(el("label", {"for": input.id, text: "New value of W" + w.layer + "[" + w.r + ", " + w.c + "] (Enter: set, Escape: cancel)"}));
      ui.editor.appendChild(input);
      ui.editor.hidden = false;
      editing = true;
      showWeight(w, true);
      input.focus();
      input.select();
    }

    // An edited weight: the recording restarts from the edited parameters.
    function setWeight(w, v) {
      var W = net.W[w.layer - 1];
      W.data[w.r * W.cols + w.c] = v;
      running = false;
      newTrainer();
      updateButtons();
      draw();
    }

    function drawNetwork() {
      if (!layout) return;
      // Weights: colour = sign, width = size.
      for (var i = 0; i < lines.length; i++) {
        var w = lines[i], v = weightValue(w), a = Math.abs(v);
        w.line.setAttribute("stroke", v < 0 ? colours.css.c0 : colours.css.c1);
        w.line.setAttribute("stroke-width", isFinite(a) ? Math.min(7, 0.5 + 2.5 * a).toFixed(2) : "7");
      }
      if (ui.cursorLine.getAttribute("visibility") === "visible" && document.activeElement === ui.svg) showWeight(cursor, true);
      var ctx = fitCanvas(ui.netCanvas, layout.width, layout.height);
      ctx.clearRect(0, 0, layout.width, layout.height);
      if (layout.heat.indexOf(true) < 0) return;
      // Each unit's output over a coarse grid of the plane.
      var G = data.small.G, fwd = net.forward(data.small.F), sizes = net.layerSizes, L = sizes.length - 1;
      var units = sizes.reduce(function (a, b) { return a + b; }, 0);
      var img = ui.tiles && ui.tiles.width === G * units ? ui.tilesCtx.createImageData(G * units, G) : null;
      if (!img) {
        ui.tiles = document.createElement("canvas");
        ui.tiles.width = G * units; ui.tiles.height = G;
        ui.tilesCtx = ui.tiles.getContext("2d");
        img = ui.tilesCtx.createImageData(G * units, G);
      }
      var px = img.data, col = 0, act = setting.activation;
      for (var c = 0; c <= L; c++) {
        var M = c === 0 ? data.small.F : fwd["h" + c];
        for (var u = 0; u < sizes[c]; u++, col++) {
          for (var g = 0; g < G * G; g++) {
            var v2 = M.data[g * M.cols + u];
            if (c === 0) v2 /= data.featureScale[u];
            else if (c === L) v2 = (2 * v2 - 1) * (u === 0 ? -1 : 1); // output unit k: class k's colour where it is high
            else if (act === "sigmoid") v2 = 2 * v2 - 1;
            if (setting.discretize) v2 = v2 > 0 ? 1 : (v2 < 0 ? -1 : 0);
            shade(isFinite(v2) ? v2 : 0, 0.9, px, 4 * ((g / G | 0) * G * units + col * G + g % G));
          }
        }
      }
      ui.tilesCtx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      col = 0;
      for (c = 0; c <= L; c++) for (u = 0; u < sizes[c]; u++, col++) {
        var s = layout.sizes[c];
        if (layout.heat[c]) ctx.drawImage(ui.tiles, col * G, 0, G, G, layout.xs[c] - s / 2, layout.ys[c][u] - s / 2, s, s);
      }
    }

    // ---------------- the decision boundary

    var plot = null;   // where the plane is on the boundary canvas

    function drawBoundary() {
      var size = ui.boundary.getBoundingClientRect().width || 300;
      var ctx = fitCanvas(ui.boundary, size, size);
      var m = {l: 34, r: 6, t: 6, b: 28}, w = size - m.l - m.r, h = size - m.t - m.b, d = data.domain;
      plot = {m: m, w: w, h: h};
      var G = data.big.G, fwd = net.forward(data.big.F), H = fwd["h" + (net.layerSizes.length - 1)];
      var tile = ui.bTile || (ui.bTile = document.createElement("canvas"));
      tile.width = G; tile.height = G;
      var tctx = tile.getContext("2d"), img = tctx.createImageData(G, G);
      for (var g = 0; g < G * G; g++) {
        var v = H.data[g * 2 + 1] - H.data[g * 2];   // > 0: class 1 wins
        if (setting.discretize) v = v > 0 ? 1 : -1;
        shade(isFinite(v) ? v : 0, colours.shade, img.data, 4 * g);
      }
      tctx.putImageData(img, 0, 0);
      ctx.fillStyle = colours.css.bg;
      ctx.fillRect(0, 0, size, size);
      ctx.imageSmoothingEnabled = !setting.discretize;
      ctx.drawImage(tile, m.l, m.t, w, h);
      // Axes: frame, ticks, labels (12 px).
      ctx.strokeStyle = colours.css.fg; ctx.lineWidth = 1;
      ctx.strokeRect(m.l + 0.5, m.t + 0.5, w - 1, h - 1);
      ctx.fillStyle = colours.css.fg;
      ctx.font = "12px sans-serif";
      var ticks = niceTicks(d.x0, d.x1, 5);
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      ticks.forEach(function (t) { var x = X(t); ctx.fillRect(x, m.t + h, 1, 4); ctx.fillText(fmt(t), x, m.t + h + 5); });
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      ticks = niceTicks(d.y0, d.y1, 5);
      ticks.forEach(function (t) { var y = Y(t); ctx.fillRect(m.l - 4, y, 4, 1); ctx.fillText(fmt(t), m.l - 6, y); });
      // Points: class 0 circles, class 1 squares; test points hollow.
      if (setting.showTest && data.Xtest) drawPoints(ctx, data.Xtest, data.Ytest, true);
      drawPoints(ctx, data.X, data.Y, false);
      // The bricks panel's point.
      var sx = X(data.X.data[selected * 2]), sy = Y(data.X.data[selected * 2 + 1]);
      ctx.strokeStyle = colours.css.fg; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(sx, sy, 9, 0, 2 * Math.PI); ctx.stroke();
    }
    function X(v) { var d = data.domain; return plot.m.l + (v - d.x0) / (d.x1 - d.x0) * plot.w; }
    function Y(v) { var d = data.domain; return plot.m.t + (d.y1 - v) / (d.y1 - d.y0) * plot.h; }

    function drawPoints(ctx, Xm, Ym, hollow) {
      var r = Xm.rows > 150 ? 3.2 : Xm.rows > 30 ? 4.2 : 6;
      ctx.lineWidth = hollow ? 1.8 : 1;
      for (var i = 0; i < Xm.rows; i++) {
        var cls = Ym.data[i * 2 + 1] > Ym.data[i * 2] ? 1 : 0, x = X(Xm.data[i * 2]), y = Y(Xm.data[i * 2 + 1]);
        var c = cls ? colours.css.c1 : colours.css.c0;
        ctx.beginPath();
        if (cls) ctx.rect(x - r, y - r, 2 * r, 2 * r); else ctx.arc(x, y, r * 1.1, 0, 2 * Math.PI);
        if (hollow) { ctx.strokeStyle = c; ctx.stroke(); }
        else { ctx.fillStyle = c; ctx.fill(); ctx.strokeStyle = colours.css.bg; ctx.stroke(); }
      }
    }

    function niceTicks(lo, hi, n) {
      var span = hi - lo, stepSize = Math.pow(10, Math.floor(Math.log10(span / n)));
      [1, 2, 5, 10].some(function (f) { if (span / (stepSize * f) <= n) { stepSize *= f; return true; } return false; });
      var out = [];
      for (var t = Math.ceil(lo / stepSize) * stepSize; t <= hi + 1e-9; t += stepSize) out.push(Math.abs(t) < 1e-12 ? 0 : t);
      return out;
    }

    function onBoundaryClick(e) {
      if (!plot) return;
      var rect = ui.boundary.getBoundingClientRect(), px = e.clientX - rect.left, py = e.clientY - rect.top;
      var best = -1, bestD = 14 * 14;
      for (var i = 0; i < data.X.rows; i++) {
        var dx = X(data.X.data[i * 2]) - px, dy = Y(data.X.data[i * 2 + 1]) - py, dd = dx * dx + dy * dy;
        if (dd < bestD) { bestD = dd; best = i; }
      }
      if (best >= 0) selectPoint(best);
    }

    function selectPoint(i) {
      selected = Math.max(0, Math.min(data.X.rows - 1, i | 0));
      if (String(selected) !== ui.point.value) ui.point.value = String(selected);
      draw();
    }

    // ---------------- the curves

    function drawCurves() {
      var width = ui.curves.getBoundingClientRect().width || 300, height = Math.round(Math.min(260, Math.max(200, width * 0.75)));
      var ctx = fitCanvas(ui.curves, width, height);
      ctx.fillStyle = colours.css.bg; ctx.fillRect(0, 0, width, height);
      ctx.font = "12px sans-serif";
      var pts = curves.slice(), m = metrics();
      if (!pts.length || pts[pts.length - 1].step !== m.step) {
        pts.push({step: m.step, loss: m.loss, testLoss: m.testLoss, acc: m.acc, testAcc: m.testAcc});
      }
      var s0 = pts[0].step, s1 = Math.max(pts[pts.length - 1].step, s0 + 1);
      var lossH = Math.round((height - 28) * 0.58), accTop = lossH + 18;
      var box1 = {l: 52, t: 6, w: width - 60, h: lossH - 6}, box2 = {l: 52, t: accTop, w: width - 60, h: height - 22 - accTop};
      // Loss: log scale when it spans decades.
      var vals = [];
      pts.forEach(function (p) {
        if (isFinite(p.loss) && p.loss > 0) vals.push(p.loss);
        if (p.testLoss != null && isFinite(p.testLoss) && p.testLoss > 0) vals.push(p.testLoss);
      });
      var lo = Math.min.apply(null, vals.length ? vals : [0]), hi = Math.max.apply(null, vals.length ? vals : [1]);
      var log = vals.length > 1 && lo > 0 && hi / lo >= 10;   // spans a decade or more
      var ty = log ? function (v) { return Math.log10(v); } : function (v) { return v; };
      var y0 = log ? Math.floor(ty(lo)) : 0, y1 = log ? Math.ceil(ty(hi)) : (hi > 0 ? hi * 1.05 : 1);
      if (y1 <= y0) y1 = y0 + 1;
      var map = function (box, a, b) {
        return {
          x: function (st) { return box.l + (st - s0) / (s1 - s0) * box.w; },
          y: function (v) { return box.t + box.h - (Math.min(b, Math.max(a, v)) - a) / (b - a) * box.h; }
        };
      };
      var mp = map(box1, y0, y1);
      frameBox(ctx, box1);
      ctx.fillStyle = colours.css.fg; ctx.textAlign = "right"; ctx.textBaseline = "middle";
      if (log) {
        var every = Math.max(1, Math.ceil((y1 - y0) / Math.max(2, Math.floor(box1.h / 22))));
        for (var e = y0; e <= y1; e += every) ctx.fillText(e === 0 ? "1" : "1e" + e, box1.l - 4, mp.y(e));
      } else {
        ctx.fillText(fmt(y1), box1.l - 4, box1.t + 6);
        ctx.fillText("0", box1.l - 4, box1.t + box1.h);
      }
      ctx.save(); ctx.translate(9, box1.t + box1.h / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center"; ctx.fillText(log ? "loss (log)" : "loss", 0, 0); ctx.restore();
      polyline(ctx, pts, "loss", mp, ty, colours.css.fg, []);
      if (data.Ftest) polyline(ctx, pts, "testLoss", mp, ty, colours.css.c0, [5, 3]);
      // Accuracy, 0 to 100 %.
      var ma = map(box2, 0, 1);
      frameBox(ctx, box2);
      ctx.fillStyle = colours.css.fg; ctx.textAlign = "right";
      ctx.fillText("100%", box2.l - 4, box2.t + 6);
      ctx.fillText("50%", box2.l - 4, ma.y(0.5));
      ctx.fillText("0", box2.l - 4, box2.t + box2.h - 4);
      polyline(ctx, pts, "acc", ma, function (v) { return v; }, colours.css.fg, []);
      if (data.Ftest) polyline(ctx, pts, "testAcc", ma, function (v) { return v; }, colours.css.c0, [5, 3]);
      ctx.save(); ctx.translate(9, box2.t + box2.h / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center"; ctx.fillText("accuracy", 0, 0); ctx.restore();
      ctx.textAlign = "left"; ctx.textBaseline = "top";
      ctx.fillText(fmtInt(s0), box2.l, box2.t + box2.h + 4);
      ctx.textAlign = "right";
      ctx.fillText(fmtInt(pts[pts.length - 1].step), box2.l + box2.w, box2.t + box2.h + 4);
      ctx.textAlign = "center";
      ctx.fillText("step", box2.l + box2.w / 2, box2.t + box2.h + 4);

      var rows = [["training loss", fmt(m.loss)], ["test loss", data.Ftest ? fmt(m.testLoss) : "no test set"],
        ["training accuracy", pct(m.acc)], ["test accuracy", data.Ftest ? pct(m.testAcc) : "\u2013"]];
      if (!ui.numberCells) {
        ui.numberCells = rows.map(function (r) {
          var dd = el("dd");
          ui.numbers.appendChild(el("div", {}, [el("dt", {text: r[0]}), dd]));
          return dd;
        });
      }
      rows.forEach(function (r, i) { if (ui.numberCells[i].textContent !== r[1]) ui.numberCells[i].textContent = r[1]; });
    }

    function frameBox(ctx, b) {
      ctx.strokeStyle = colours.css.grid; ctx.lineWidth = 1; ctx.setLineDash([]);
      ctx.strokeRect(b.l + 0.5, b.t + 0.5, b.w, b.h);
    }

    function polyline(ctx, pts, key, mp, ty, colour, dash) {
      ctx.strokeStyle = colour; ctx.lineWidth = 1.8; ctx.setLineDash(dash);
      ctx.beginPath();
      var on = false;
      pts.forEach(function (p) {
        var v = p[key];
        if (v == null || !isFinite(v) || (ty !== undefined && ty(v) === -Infinity)) { on = false; return; }
        var x = mp.x(p.step), y = mp.y(ty(v));
        if (on) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        on = true;
      });
      ctx.stroke();
      ctx.setLineDash([]);
    }

    // ---------------- the bricks panel

    var SYMBOLS = {X: "X", y: "y", L: "L"};
    function symbol(key) {
      if (SYMBOLS[key]) return SYMBOLS[key];
      var m = /^(z|h|delta|dL_dW|dL_db)(\d+)$/.exec(key);
      if (!m) return key;
      var base = {z: "z", h: "h", delta: "\u03b4", dL_dW: "\u2202L/\u2202W", dL_db: "\u2202L/\u2202b"}[m[1]];
      return base + "<sub>" + m[2] + "</sub>";
    }

    function drawBricks() {
      var i = selected, x = rowOf(data.F, i), y = rowOf(data.Y, i), raw = rowOf(data.X, i);
      var b = net.bricks(x, y), L = net.layerSizes.length - 1, keys = ["X", "y"];
      if (!("y" in b)) b.y = [y];
      for (var k = 1; k <= L; k++) keys.push("z" + k, "h" + k);
      keys.push("L");
      for (k = L; k >= 1; k--) keys.push("delta" + k);
      for (k = L; k >= 1; k--) keys.push("dL_dW" + k);
      for (k = L; k >= 1; k--) if (("dL_db" + k) in b) keys.push("dL_db" + k);
      var info = "Point " + i + " of " + data.X.rows + " (training set) at step " + fmtInt(step()) + ": x1 = " +
        fmt(raw[0]) + ", x2 = " + fmt(raw[1]) + ", class " + (y[1] > y[0] ? 1 : 0) + ". One observation (N = 1)" +
        (setting.gradient === "article" ? "; the gradients are the correct ones (training uses the article's)." : ".");
      if (ui.pointInfo.textContent !== info) ui.pointInfo.textContent = info;
      if (!ui.brickRows || ui.brickKeys !== keys.join()) {
        ui.bricks.innerHTML = "";
        ui.brickRows = {};
        ui.brickKeys = keys.join();
        keys.forEach(function (key) {
          var dd = el("dd");
          ui.bricks.appendChild(el("div", {"class": "mlp-brick", "data-key": key}, [el("dt", {html: symbol(key)}), dd]));
          ui.brickRows[key] = dd;
        });
      }
      keys.forEach(function (key) {
        var text = fmtValue(b[key]).join("\n"), dd = ui.brickRows[key];
        if (dd.textContent !== text) dd.textContent = text;
      });
    }

    // ---------------- redraw everything once

    function draw() {
      readColours();
      var m = metrics();
      var text = "step " + fmtInt(m.step) + " \u00b7 epoch " + fmtInt(epoch());
      if (ui.counter.textContent !== text) ui.counter.textContent = text;
      if (running || !curves.length) sample();
      drawNetwork();
      drawBoundary();
      drawCurves();
      drawBricks();
      updateButtons();
    }

    // ---------------- mount

    buildUi();
    // The setting from the address (query string or hash), over the defaults.
    var initial = ownsUrl ? location.search.slice(1) + "&" + location.hash.slice(1) : "";
    if (ownsUrl && hasSetting(initial)) {
      var fromUrl = decode(initial);
      var base = {};
      KEYS.forEach(function (k) { base[k] = DEFAULTS[k]; });
      if (fromUrl.preset === "article" && articlePreset()) {
        var a = articleSetting(articlePreset());
        for (var k in a) base[k] = a[k];
      }
      for (k in fromUrl) base[k] = fromUrl[k];
      setting = normalize(base);
    }
    buildData();
    buildNetwork();
    syncControls();
    buildNetworkView();
    if (ownsUrl && hasSetting(initial)) writeUrl();
    draw();

    if (ownsUrl) {
      window.addEventListener("hashchange", function () {
        if (location.hash === lastHash || !hasSetting(location.hash)) return;
        var fromUrl = decode(location.hash);
        lastHash = location.hash;
        set(fromUrl, true);
      });
    }
    var lastWidth = 0;
    var onResize = function () {
      var w = root.clientWidth;
      if (w === lastWidth) return;
      lastWidth = w;
      buildNetworkView();
      requestDraw();
    };
    if (window.ResizeObserver) new ResizeObserver(onResize).observe(root);
    else window.addEventListener("resize", onResize);
    new MutationObserver(function () { requestDraw(); }).observe(document.documentElement,
      {attributes: true, attributeFilter: ["data-theme", "data-mode"]});

    return {
      name: "playground", element: root,
      state: state, set: function (partial) { set(partial); }, play: play, pause: pause,
      step: stepN, reset: reset, exportRun: exportRun,
      // The network's current parameters ({W1, b1, ...} in mlp_core's shapes)
      // and a copy of the default setting, for tests and readers' scripts.
      params: function () { return net.params(); },
      defaults: function () { return plain(DEFAULTS); }
    };
  }

  function mountAll() {
    if (!window.mlpEngine) return;
    window.mlpPlayground = window.mlpPlayground || [];
    var roots = document.querySelectorAll('div.mlp-playground[data-mlp-app="playground"]');
    for (var i = 0; i < roots.length; i++) {
      if (roots[i].getAttribute("data-mlp-mounted")) continue;
      roots[i].setAttribute("data-mlp-mounted", "1");
      window.mlpPlayground.push(createApp(roots[i], i === 0));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
