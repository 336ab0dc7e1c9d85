/* The brick chapters' explorables: one small live figure per chapter.
 *
 * A classic script (no modules, no fetch, no libraries), loaded after
 * engine.js (global mlpEngine, the JavaScript mirror of mlp_core) and
 * presets.js (global mlpPresets, written from mlp_core by
 * tools/playground_presets.py). It mounts one figure on every
 *   <div class="mlp-playground" data-mlp-app="NAME">
 * of the page, replacing the fallback text inside, where NAME is one of
 *
 *   forward      chapter 1: drag the input point X (or move it with the arrow
 *                keys), edit W1 and W2; z1, h1, z2, h2 follow.
 *   loss         chapter 2: pick one weight and move it; the loss L, its data
 *                term and its penalty move along their curves; lambda too.
 *   backward-w2  chapter 3: the backward step factor by factor, up to dL/dW2.
 *   backward-w1  chapter 4: the same, on to dL/dW1 (delta2 is already known).
 *   training     chapter 5: gradient descent on XOR, one step at a time or running.
 *
 * Every number comes from the engine (mlpEngine.MLP: forward, loss,
 * bricks, gradients, Trainer) applied to the presets' numbers (the article's
 * worked example; chapter 5's initial parameters, data and learning rate).
 * Nothing is typed in here.
 *
 * Each figure pushes a handle on window.mlpPlayground (the array chapter 11's
 * app uses too). Every handle has {name, element, state(), reset()}; state()
 * returns the figure's brick values as nested lists in mlp_core's shapes
 * (a row is [[a, b, ...]]). The other methods, for tests and readers' scripts:
 *
 *   forward      state() -> {X, W1, W2, z1, h1, z2, h2}
 *                set({X, W1, W2}): any of the three (nested lists).
 *   loss         state() -> {L, data, penalty, lambda, weight, value}, where
 *                weight names the chosen weight as in code, "W2[0,0]", and
 *                value is its current value; set({weight, value, lambda}).
 *   backward-*   state() -> {revealed: [names shown, in order], dL_dh2,
 *                dh2_dz2, delta2, dL_dW2} and, for backward-w1, dL_dh1,
 *                dh1_dz1, delta1, dL_dW1 as well; dh2_dz2 and dh1_dz1 are
 *                the diagonals of the (diagonal) Jacobians, as 1-row lists.
 *                next(), back(); reset() goes back to the first view.
 *   training     state() -> {step, loss, accuracy, W1, b1, W2, b2, lr,
 *                firstPerfect}: the loss and accuracy on the four points at
 *                the current parameters (after `step` updates), firstPerfect
 *                the first step with 100% accuracy (null until then).
 *                step(n) (synchronous), run(), pause(), select("W1"|"b1"|"W2"|"b2").
 */
(function () {
  "use strict";

  // Shared DOM and canvas helpers (dom.js).
  var el = window.mlpDom.el, svgEl = window.mlpDom.svgEl, hexRgb = window.mlpDom.hexRgb,
    fitCanvas = window.mlpDom.fitCanvas;
  var uid = 0;

  // ------------------------------------------------------------ helpers



  function button(text, attrs, onClick) {
    var b = el("button", Object.assign({type: "button", text: text}, attrs || {}));
    b.addEventListener("click", function (e) {
      if (b.getAttribute("aria-disabled") === "true") { e.preventDefault(); return; }
      onClick(e);
    });
    return b;
  }

  function copy(nested) { return nested.map(function (r) { return r.slice(); }); }
  function clamp(v, lo, hi) { return Math.min(hi, Math.max(lo, v)); }
  function round(v, digits) { var f = Math.pow(10, digits); return Math.round(v * f) / f; }

  // Numbers as the chapters print them: 8 decimals, rows in brackets.
  function f8(v) { return isFinite(v) ? (Object.is(v, -0) ? 0 : v).toFixed(8) : String(v); }
  function fmtRow(r) { return "[" + r.map(f8).join(", ") + "]"; }
  function fmtMatrix(m) {
    if (m.length === 1) return fmtRow(m[0]);
    return m.map(function (r, i) {
      return (i === 0 ? "[" : " ") + fmtRow(r) + (i === m.length - 1 ? "]" : ",");
    }).join("\n");
  }
  // Short numbers for axes: at most 3 significant digits.
  function fmtTick(v) {
    if (Math.abs(v) < 1e-12) return "0";
    return String(Number(v.toPrecision(3)));
  }

  // Math names in the chapters' notation: "z", 1 -> z<sub>1</sub>.
  function sub(base, i) { return base + "<sub>" + i + "</sub>"; }
  function math(html) { return '<span class="mlp-ex-math">' + html + "</span>"; }



  // The colours of explorables.css (light or dark), for the canvases.
  function readColours(root) {
    var cs = getComputedStyle(root);
    var get = function (name, fallback) { return hexRgb(cs.getPropertyValue(name), fallback); };
    var c = {
      bg: get("--mlp-ex-bg", [255, 255, 255]), fg: get("--mlp-ex-fg", [34, 40, 50]),
      muted: get("--mlp-ex-muted", [74, 83, 97]), grid: get("--mlp-ex-grid", [154, 163, 174]),
      c0: get("--mlp-ex-c0", [192, 81, 10]), c1: get("--mlp-ex-c1", [0, 114, 178]),
      shade: parseFloat(cs.getPropertyValue("--mlp-ex-shade")) || 0.3
    };
    c.css = {};
    ["bg", "fg", "muted", "grid", "c0", "c1"].forEach(function (k) { c.css[k] = "rgb(" + c[k].join(",") + ")"; });
    return c;
  }

  // v in [-1, 1] -> the background mixed toward class 0's colour (v < 0) or
  // class 1's (v > 0), at most `strength` of the way (as app.js shades).
  // With `floor`, any v other than 0 shows at least that share of the colour
  // (so that the predicted class shows even where the outputs are close).
  function shade(colours, v, strength, out, k, floor) {
    var a = Math.min(1, Math.abs(v));
    if (floor && a > 0) a = floor + (1 - floor) * a;
    var t = a * strength, c = v < 0 ? colours.c0 : colours.c1, bg = colours.bg;
    out[k] = bg[0] + (c[0] - bg[0]) * t;
    out[k + 1] = bg[1] + (c[1] - bg[1]) * t;
    out[k + 2] = bg[2] + (c[2] - bg[2]) * t;
    out[k + 3] = 255;
  }

  function niceTicks(lo, hi, n) {
    var span = hi - lo, size = Math.pow(10, Math.floor(Math.log10(span / n)));
    [1, 2, 5, 10].some(function (f) { if (span / (size * f) <= n) { size *= f; return true; } return false; });
    var out = [];
    for (var t = Math.ceil(lo / size - 1e-9) * size; t <= hi + 1e-9 * size; t += size) out.push(Math.abs(t) < 1e-12 ? 0 : t);
    return out;
  }

  // The shell every figure shares: a titled group and its inner column.
  function shell(root, name, title) {
    var id = "mlpx" + (uid++) + "-";
    root.innerHTML = "";
    root.classList.add("mlp-ex", "mlp-ex-" + name);
    root.setAttribute("role", "group");
    root.setAttribute("aria-labelledby", id + "title");
    var inner = el("div", {"class": "mlp-ex-inner"});
    inner.appendChild(el("p", {"class": "mlp-ex-title", id: id + "title", html: title}));
    root.appendChild(inner);
    return {id: id, inner: inner};
  }

  // Redraw on a change of width or of the theme (light / dark).
  function watch(root, redraw) {
    var lastWidth = root.clientWidth;
    var onResize = function () {
      var w = root.clientWidth;
      if (w === lastWidth) return;
      lastWidth = w;
      redraw();
    };
    if (window.ResizeObserver) new ResizeObserver(onResize).observe(root);
    else window.addEventListener("resize", onResize);
    new MutationObserver(function () { redraw(); }).observe(document.documentElement,
      {attributes: true, attributeFilter: ["data-theme", "data-mode"]});
  }

  function field(labelHtml, control, extra) {
    return el("div", {"class": "mlp-ex-field"},
      [el("label", {"for": control.id, html: labelHtml}), control].concat(extra || []));
  }

  // A number input whose arrow keys step from its current value (the step
  // base is the value attribute, kept equal to the value).
  function numberInput(id, value, step, label) {
    var input = el("input", {type: "number", id: id, step: String(step), "aria-label": label,
      inputmode: "decimal", spellcheck: "false"});
    setNumber(input, value);
    return input;
  }
  function setNumber(input, v) {
    var text = String(v);
    input.setAttribute("value", text);
    if (input.value !== text) input.value = text;
  }

  // Width available inside an element (its content box).
  function innerWidth(e) {
    var cs = getComputedStyle(e);
    return Math.max(0, e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight));
  }

  // ------------------------------------------------------------ chapter 1: the forward step

  function createForward(root) {
    var E = window.mlpEngine, P = window.mlpPresets.workedExample;
    var s = shell(root, "forward", "The forward step, live: " + math("X") + " \u2192 " + math(sub("z", 1)) +
      " \u2192 " + math(sub("h", 1)) + " \u2192 " + math(sub("z", 2)) + " \u2192 " + math(sub("h", 2)));
    var id = s.id, ui = {};
    var D = {lo: -3, hi: 3};                  // the plane shows x1, x2 in [-3, 3]
    var x, W1, W2, values;

    function load() { x = P.X[0].slice(); W1 = copy(P.W1); W2 = copy(P.W2); }
    load();

    function compute() {
      var net = E.MLP.fromWeights([W1, W2], null);   // sigmoid everywhere, no biases: the chapter's net
      var f = net.forward([x]);
      values = {z1: E.toNested(f.z1), h1: E.toNested(f.h1), z2: E.toNested(f.z2), h2: E.toNested(f.h2), net: net};
    }

    // --- the plane
    ui.canvas = el("canvas", {"class": "mlp-ex-plane", id: id + "plane", tabindex: "0", role: "application",
      "aria-label": "Input plane. Drag the point X, or use the arrow keys to move it (Shift: smaller steps).",
      "aria-describedby": id + "summary"});
    var planeBox = el("div", {"class": "mlp-ex-planebox"}, [ui.canvas,
      el("p", {"class": "mlp-ex-legend", html: "Shading: the class the network predicts there " +
        '(<span class="mlp-ex-mark mlp-ex-c0"></span>class 0, <span class="mlp-ex-mark mlp-ex-c1"></span>class 1); ' +
        "the ring is " + math("X") + "."})]);

    // --- the inputs: X, W1, W2
    ui.x = [0, 1].map(function (i) {
      return numberInput(id + "x" + i, x[i], 0.01, "x" + (i + 1) + " (X[0, " + i + "])");
    });
    var xBox = el("fieldset", {"class": "mlp-ex-matrix"}, [
      el("legend", {html: math("X") + " (1 \u00d7 2)"}),
      el("div", {"class": "mlp-ex-grid mlp-ex-cols2"}, ui.x)]);
    function matrixBox(name, M, html) {
      var inputs = [];
      var grid = el("div", {"class": "mlp-ex-grid mlp-ex-cols" + M[0].length});
      M.forEach(function (row, r) {
        row.forEach(function (v, c) {
          var input = numberInput(id + name + "-" + r + "-" + c, v, 0.01, name + "[" + r + ", " + c + "]");
          input.title = name + "[" + r + ", " + c + "]";
          inputs.push({input: input, r: r, c: c});
          grid.appendChild(input);
        });
      });
      var box = el("fieldset", {"class": "mlp-ex-matrix"}, [
        el("legend", {html: html + " (" + M.length + " \u00d7 " + M[0].length + ")"}), grid]);
      return {box: box, inputs: inputs};
    }
    ui.W1 = matrixBox("W1", W1, math(sub("W", 1)));
    ui.W2 = matrixBox("W2", W2, math(sub("W", 2)));
    ui.reset = button("Back to the worked example", {id: id + "reset"}, function () { reset(); });
    var controls = el("div", {"class": "mlp-ex-controls"}, [xBox, ui.W1.box, ui.W2.box,
      el("div", {"class": "mlp-ex-buttons"}, [ui.reset])]);
    s.inner.appendChild(el("div", {"class": "mlp-ex-split"}, [planeBox, controls]));

    // --- the readout
    ui.out = {};
    var rows = [
      ["z1", math(sub("z", 1) + " = X" + sub("W", 1))],
      ["h1", math(sub("h", 1) + " = \u03c3(" + sub("z", 1) + ")")],
      ["z2", math(sub("z", 2) + " = " + sub("h", 1) + sub("W", 2))],
      ["h2", math(sub("h", 2) + " = \u03c3(" + sub("z", 2) + ")")]
    ];
    var dl = el("dl", {"class": "mlp-ex-values"});
    rows.forEach(function (r) {
      var dd = el("dd", {"data-key": r[0]});
      dl.appendChild(el("div", {}, [el("dt", {html: r[1]}), dd]));
      ui.out[r[0]] = dd;
    });
    s.inner.appendChild(dl);
    ui.summary = el("p", {"class": "mlp-ex-note", id: id + "summary", "aria-live": "polite"});
    s.inner.appendChild(ui.summary);

    // --- behaviour
    function syncInputs() {
      ui.x.forEach(function (input, i) { setNumber(input, x[i]); });
      ui.W1.inputs.forEach(function (o) { setNumber(o.input, W1[o.r][o.c]); });
      ui.W2.inputs.forEach(function (o) { setNumber(o.input, W2[o.r][o.c]); });
    }
    function bind(input, write) {
      input.addEventListener("input", function () {
        var v = parseFloat(input.value);
        if (!isFinite(v)) return;                  // half-typed: wait
        write(v);
        input.setAttribute("value", input.value);
        update();
      });
      input.addEventListener("change", function () { if (!isFinite(parseFloat(input.value))) syncInputs(); });
    }
    ui.x.forEach(function (input, i) { bind(input, function (v) { x[i] = v; }); });
    ui.W1.inputs.forEach(function (o) { bind(o.input, function (v) { W1[o.r][o.c] = v; }); });
    ui.W2.inputs.forEach(function (o) { bind(o.input, function (v) { W2[o.r][o.c] = v; }); });

    var plot = null;
    function toPlane(px, py) {
      return [D.lo + (px - plot.l) / plot.w * (D.hi - D.lo), D.hi - (py - plot.t) / plot.h * (D.hi - D.lo)];
    }
    function toPixel(v) {
      return [plot.l + (v[0] - D.lo) / (D.hi - D.lo) * plot.w, plot.t + (D.hi - v[1]) / (D.hi - D.lo) * plot.h];
    }
    function moveTo(v) {
      x = [round(clamp(v[0], D.lo, D.hi), 8), round(clamp(v[1], D.lo, D.hi), 8)];
      syncInputs();
      update();
    }
    var dragging = false;
    function fromEvent(e) {
      var r = ui.canvas.getBoundingClientRect(), p = toPlane(e.clientX - r.left, e.clientY - r.top);
      return [round(p[0], 2), round(p[1], 2)];
    }
    ui.canvas.addEventListener("pointerdown", function (e) {
      if (!plot) return;
      dragging = true;
      if (ui.canvas.setPointerCapture) ui.canvas.setPointerCapture(e.pointerId);
      ui.canvas.focus();
      moveTo(fromEvent(e));
      e.preventDefault();
    });
    ui.canvas.addEventListener("pointermove", function (e) { if (dragging) moveTo(fromEvent(e)); });
    var stop = function () { dragging = false; };
    ui.canvas.addEventListener("pointerup", stop);
    ui.canvas.addEventListener("pointercancel", stop);
    ui.canvas.addEventListener("keydown", function (e) {
      var d = e.shiftKey ? 0.01 : 0.1, v = x.slice();
      switch (e.key) {
        case "ArrowLeft": v[0] -= d; break;
        case "ArrowRight": v[0] += d; break;
        case "ArrowUp": v[1] += d; break;
        case "ArrowDown": v[1] -= d; break;
        default: return;
      }
      e.preventDefault();
      moveTo(v);
    });
    ui.canvas.addEventListener("focus", draw);
    ui.canvas.addEventListener("blur", draw);

    var G = 40;
    function draw() {
      var colours = readColours(root);
      var size = Math.round(Math.min(260, Math.max(180, innerWidth(planeBox))));
      var ctx = fitCanvas(ui.canvas, size, size);
      var m = {l: 40, r: 10, t: 10, b: 34};
      plot = {l: m.l, t: m.t, w: size - m.l - m.r, h: size - m.t - m.b};
      // The predicted class over the plane: h2[1] - h2[0], scaled by its largest size.
      var grid = E.matrix(G * G, 2), k = 0;
      for (var i = 0; i < G; i++) for (var j = 0; j < G; j++) {
        grid.data[k++] = D.lo + (j + 0.5) / G * (D.hi - D.lo);
        grid.data[k++] = D.hi - (i + 0.5) / G * (D.hi - D.lo);
      }
      var H = values.net.predict(grid), big = 0, g;
      for (g = 0; g < G * G; g++) big = Math.max(big, Math.abs(H.data[2 * g + 1] - H.data[2 * g]));
      var tile = ui.tile || (ui.tile = document.createElement("canvas"));
      tile.width = G; tile.height = G;
      var tctx = tile.getContext("2d"), img = tctx.createImageData(G, G);
      for (g = 0; g < G * G; g++) {
        var d = H.data[2 * g + 1] - H.data[2 * g];
        shade(colours, big > 0 ? d / big : 0, colours.shade, img.data, 4 * g, 0.35);
      }
      tctx.putImageData(img, 0, 0);
      ctx.fillStyle = colours.css.bg;
      ctx.fillRect(0, 0, size, size);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tile, plot.l, plot.t, plot.w, plot.h);
      // Axes
      ctx.strokeStyle = colours.css.fg; ctx.lineWidth = 1;
      ctx.strokeRect(plot.l + 0.5, plot.t + 0.5, plot.w - 1, plot.h - 1);
      ctx.fillStyle = colours.css.fg; ctx.font = "12px sans-serif";
      var ticks = niceTicks(D.lo, D.hi, 6);
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      ticks.forEach(function (t) {
        var px = toPixel([t, 0])[0];
        ctx.fillRect(px, plot.t + plot.h, 1, 4);
        ctx.fillText(fmtTick(t), px, plot.t + plot.h + 5);
      });
      ctx.fillText("x\u2081", plot.l + plot.w / 2, plot.t + plot.h + 19);
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      ticks.forEach(function (t) {
        var py = toPixel([0, t])[1];
        ctx.fillRect(plot.l - 4, py, 4, 1);
        ctx.fillText(fmtTick(t), plot.l - 6, py);
      });
      ctx.save(); ctx.translate(10, plot.t + plot.h / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center"; ctx.fillText("x\u2082", 0, 0); ctx.restore();
      // The point X: a ring with a dot, and a dashed ring when the plane has the keyboard.
      var p = toPixel(x);
      ctx.lineWidth = 3; ctx.strokeStyle = colours.css.bg;
      ctx.beginPath(); ctx.arc(p[0], p[1], 8, 0, 2 * Math.PI); ctx.stroke();
      ctx.lineWidth = 2; ctx.strokeStyle = colours.css.fg;
      ctx.beginPath(); ctx.arc(p[0], p[1], 8, 0, 2 * Math.PI); ctx.stroke();
      ctx.fillStyle = colours.css.fg;
      ctx.beginPath(); ctx.arc(p[0], p[1], 2.5, 0, 2 * Math.PI); ctx.fill();
      if (document.activeElement === ui.canvas) {
        ctx.setLineDash([4, 3]); ctx.lineWidth = 2;
        ctx.beginPath(); ctx.arc(p[0], p[1], 13, 0, 2 * Math.PI); ctx.stroke();
        ctx.setLineDash([]);
      }
    }

    function update() {
      compute();
      ["z1", "h1", "z2", "h2"].forEach(function (k) {
        var text = fmtMatrix(values[k]);
        if (ui.out[k].textContent !== text) ui.out[k].textContent = text;
      });
      var h2 = values.h2[0], cls = h2[1] > h2[0] ? 1 : 0;
      ui.summary.textContent = "X = " + fmtRow(x) + ": the network predicts class " + cls +
        " (its larger output is h\u2082," + String.fromCharCode(0x2081 + cls) + ", output " +
        (cls + 1) + ").";
      draw();
    }

    function reset() { load(); syncInputs(); update(); }
    function set(partial) {
      partial = partial || {};
      if (partial.X) x = (Array.isArray(partial.X[0]) ? partial.X[0] : partial.X).slice();
      if (partial.W1) W1 = copy(partial.W1);
      if (partial.W2) W2 = copy(partial.W2);
      syncInputs();
      update();
    }
    function state() {
      return {X: [x.slice()], W1: copy(W1), W2: copy(W2), z1: copy(values.z1), h1: copy(values.h1),
        z2: copy(values.z2), h2: copy(values.h2)};
    }

    update();
    watch(root, draw);
    return {name: "forward", element: root, state: state, set: set, reset: reset};
  }

  // ------------------------------------------------------------ chapter 2: the loss

  function createLoss(root) {
    var E = window.mlpEngine, P = window.mlpPresets.workedExample;
    var s = shell(root, "loss", "The loss as one weight moves: " + math("L") + " = data term + penalty");
    var id = s.id, ui = {};
    var RANGE = {lo: -6, hi: 6}, SAMPLES = 241;
    var X = P.X, Y = P.y;
    var net = null, choice = null, lambda = 0, curves = null;

    // The twelve weights, named as in code (0-based): W1[0,0] ... W2[2,1].
    var WEIGHTS = [];
    [P.W1, P.W2].forEach(function (M, layer) {
      M.forEach(function (row, r) {
        row.forEach(function (_, c) {
          WEIGHTS.push({key: "W" + (layer + 1) + "[" + r + "," + c + "]", layer: layer, r: r, c: c,
            label: "W" + (layer + 1) + "[" + r + ", " + c + "]"});
        });
      });
    });
    function find(key) {
      for (var i = 0; i < WEIGHTS.length; i++) if (WEIGHTS[i].key === key) return WEIGHTS[i];
      return null;
    }

    function load() {
      net = E.MLP.fromWeights([P.W1, P.W2], null);   // the chapter's net: sigmoid, MSE, no biases
      choice = find("W2[0,0]");                       // the weight the chapter's landscape sweeps
      lambda = 0;                                     // L = 0.30052460 is the data term alone
    }
    load();

    function index(w) { return w.r * net.W[w.layer].cols + w.c; }
    function value() { return net.W[choice.layer].data[index(choice)]; }
    function setValue(v) { net.W[choice.layer].data[index(choice)] = v; }

    // The loss of the one observation with the penalty lambda: the engine's.
    function losses() {
      net.l2 = 0;
      var data = net.loss(X, Y);
      net.l2 = lambda;
      var total = net.loss(X, Y);
      return {L: total, data: data, penalty: total - data};
    }

    function sweep() {
      var keep = value(), out = {w: [], L: [], data: [], penalty: []};
      for (var i = 0; i < SAMPLES; i++) {
        var w = RANGE.lo + i / (SAMPLES - 1) * (RANGE.hi - RANGE.lo);
        setValue(w);
        var l = losses();
        out.w.push(w); out.L.push(l.L); out.data.push(l.data); out.penalty.push(l.penalty);
      }
      setValue(keep);
      return out;
    }

    // --- controls
    ui.weight = el("select", {id: id + "weight"});
    WEIGHTS.forEach(function (w) { ui.weight.appendChild(el("option", {value: w.key, text: w.label})); });
    ui.weight.addEventListener("change", function () { set({weight: ui.weight.value}); });
    ui.value = el("input", {type: "range", id: id + "value", min: String(RANGE.lo), max: String(RANGE.hi), step: "0.05"});
    ui.valueOut = el("output", {"for": id + "value", "class": "mlp-ex-out", id: id + "value-out"});
    ui.value.addEventListener("input", function () { set({value: Number(ui.value.value)}); });
    ui.lambda = el("input", {type: "range", id: id + "lambda", min: "0", max: "5", step: "0.05"});
    ui.lambdaOut = el("output", {"for": id + "lambda", "class": "mlp-ex-out", id: id + "lambda-out"});
    ui.lambda.addEventListener("input", function () { set({lambda: Number(ui.lambda.value)}); });
    ui.reset = button("Back to the worked example", {id: id + "reset"}, function () { reset(); });
    ui.valueLabel = el("label", {"for": ui.value.id});
    s.inner.appendChild(el("div", {"class": "mlp-ex-row"}, [
      field("Weight", ui.weight),
      el("div", {"class": "mlp-ex-field mlp-ex-range"}, [
        el("label", {"for": ui.lambda.id, html: "Penalty " + math("\u03bb")}), ui.lambda, ui.lambdaOut])
    ]));
    s.inner.appendChild(el("div", {"class": "mlp-ex-field mlp-ex-range mlp-ex-wide"}, [ui.valueLabel, ui.value, ui.valueOut]));

    // --- the plot
    ui.canvas = el("canvas", {"class": "mlp-ex-curves", id: id + "plot", role: "img"});
    s.inner.appendChild(ui.canvas);
    s.inner.appendChild(el("p", {"class": "mlp-ex-legend", html:
      '<span class="mlp-ex-line mlp-ex-total"></span>' + math("L") + " (total) " +
      '<span class="mlp-ex-line mlp-ex-data"></span>data term ' +
      '<span class="mlp-ex-line mlp-ex-pen"></span>penalty; the dots are the current value. ' +
      "Drag on the plot or use the slider."}));

    // --- the numbers
    ui.out = {};
    var dl = el("dl", {"class": "mlp-ex-values"});
    [["L", math("L") + " = data term + penalty"],
      ["data", "data term " + math("\u2211(" + sub("h", 2) + " \u2212 y)\u00b2/(2N)")],
      ["penalty", "penalty " + math("\u03bb(\u2211" + sub("W", 1) + "\u00b2 + \u2211" + sub("W", 2) + "\u00b2)/(2N)")]
    ].forEach(function (r) {
      var dd = el("dd", {"data-key": r[0]});
      dl.appendChild(el("div", {}, [el("dt", {html: r[1]}), dd]));
      ui.out[r[0]] = dd;
    });
    s.inner.appendChild(dl);
    ui.note = el("p", {"class": "mlp-ex-note", id: id + "note", "aria-live": "polite"});
    s.inner.appendChild(el("div", {"class": "mlp-ex-bar"}, [ui.note, ui.reset]));
    s.inner.appendChild(el("p", {"class": "mlp-ex-note", html:
      "One observation (N = 1), the worked example; the other eleven weights stay where they are."}));

    // --- pointer on the plot
    var plot = null, dragging = false;
    function fromEvent(e) {
      var r = ui.canvas.getBoundingClientRect();
      var w = RANGE.lo + (e.clientX - r.left - plot.l) / plot.w * (RANGE.hi - RANGE.lo);
      return round(clamp(w, RANGE.lo, RANGE.hi), 2);
    }
    ui.canvas.addEventListener("pointerdown", function (e) {
      if (!plot) return;
      dragging = true;
      if (ui.canvas.setPointerCapture) ui.canvas.setPointerCapture(e.pointerId);
      set({value: fromEvent(e)});
      e.preventDefault();
    });
    ui.canvas.addEventListener("pointermove", function (e) { if (dragging) set({value: fromEvent(e)}); });
    var stop = function () { dragging = false; };
    ui.canvas.addEventListener("pointerup", stop);
    ui.canvas.addEventListener("pointercancel", stop);

    function draw() {
      var colours = readColours(root);
      var width = Math.max(200, Math.floor(innerWidth(s.inner)));
      var height = Math.round(Math.min(240, Math.max(190, width * 0.42)));
      var ctx = fitCanvas(ui.canvas, width, height);
      var m = {l: 52, r: 10, t: 10, b: 36};
      plot = {l: m.l, t: m.t, w: width - m.l - m.r, h: height - m.t - m.b};
      var hi = 0;
      curves.L.forEach(function (v) { hi = Math.max(hi, v); });
      hi = hi > 0 ? hi * 1.05 : 1;
      var X0 = function (w) { return plot.l + (w - RANGE.lo) / (RANGE.hi - RANGE.lo) * plot.w; };
      var Y0 = function (v) { return plot.t + plot.h - clamp(v / hi, 0, 1) * plot.h; };
      ctx.fillStyle = colours.css.bg; ctx.fillRect(0, 0, width, height);
      ctx.strokeStyle = colours.css.grid; ctx.lineWidth = 1;
      ctx.strokeRect(plot.l + 0.5, plot.t + 0.5, plot.w, plot.h);
      ctx.fillStyle = colours.css.fg; ctx.font = "12px sans-serif";
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      niceTicks(RANGE.lo, RANGE.hi, 7).forEach(function (t) {
        ctx.fillRect(X0(t), plot.t + plot.h, 1, 4);
        ctx.fillText(fmtTick(t), X0(t), plot.t + plot.h + 5);
      });
      ctx.fillText(choice.label + " (all other weights fixed)", plot.l + plot.w / 2, plot.t + plot.h + 20);
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      niceTicks(0, hi, 4).forEach(function (t) {
        ctx.fillRect(plot.l - 4, Y0(t), 4, 1);
        ctx.fillText(fmtTick(t), plot.l - 6, Y0(t));
      });
      ctx.save(); ctx.translate(11, plot.t + plot.h / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center"; ctx.fillText("loss", 0, 0); ctx.restore();
      // Where the weight is now.
      var w = value(), now = losses(), xw = X0(clamp(w, RANGE.lo, RANGE.hi));
      ctx.strokeStyle = colours.css.muted; ctx.setLineDash([2, 3]);
      ctx.beginPath(); ctx.moveTo(xw + 0.5, plot.t); ctx.lineTo(xw + 0.5, plot.t + plot.h); ctx.stroke();
      ctx.setLineDash([]);
      var line = function (key, colour, widthPx, dash) {
        ctx.strokeStyle = colour; ctx.lineWidth = widthPx; ctx.setLineDash(dash);
        ctx.beginPath();
        curves.w.forEach(function (wv, i) {
          var px = X0(wv), py = Y0(curves[key][i]);
          if (i) ctx.lineTo(px, py); else ctx.moveTo(px, py);
        });
        ctx.stroke();
        ctx.setLineDash([]);
      };
      // L underneath, thick, so that a term that coincides with it still shows on top.
      line("L", colours.css.fg, 5, []);
      line("penalty", colours.css.c0, 2, [6, 4]);
      line("data", colours.css.c1, 2, []);
      var dot = function (v, colour, square, r) {
        var py = Y0(v);
        ctx.fillStyle = colour; ctx.strokeStyle = colours.css.bg; ctx.lineWidth = 1.5;
        ctx.beginPath();
        if (square) ctx.rect(xw - r, py - r, 2 * r, 2 * r); else ctx.arc(xw, py, r, 0, 2 * Math.PI);
        ctx.fill(); ctx.stroke();
      };
      dot(now.L, colours.css.fg, false, 7.5);
      dot(now.penalty, colours.css.c0, true, 4);
      dot(now.data, colours.css.c1, false, 4);
      ui.canvas.setAttribute("aria-label", "Plot of the loss L, its data term and its penalty against " +
        choice.label + " from " + RANGE.lo + " to " + RANGE.hi + "; now " + choice.label + " = " + f8(w) +
        ", L = " + f8(now.L) + ".");
    }

    function update(rebuild) {
      if (rebuild || !curves) curves = sweep();
      var l = losses(), w = value();
      ui.out.L.textContent = f8(l.data) + " + " + f8(l.penalty) + " = " + f8(l.L);
      ui.out.data.textContent = f8(l.data);
      ui.out.penalty.textContent = f8(l.penalty);
      ui.weight.value = choice.key;
      ui.valueLabel.innerHTML = "Value of " + choice.label;
      if (Math.abs(Number(ui.value.value) - w) > 1e-12) ui.value.value = String(w);
      ui.value.setAttribute("aria-valuetext", f8(w));
      ui.valueOut.textContent = f8(w);
      if (Math.abs(Number(ui.lambda.value) - lambda) > 1e-12) ui.lambda.value = String(lambda);
      ui.lambdaOut.textContent = String(Number(lambda.toPrecision(6)));
      ui.note.textContent = choice.label + " = " + f8(w) + ", \u03bb = " + ui.lambdaOut.textContent +
        ": L = " + f8(l.L) + ".";
      draw();
    }

    function set(partial) {
      partial = partial || {};
      var rebuild = false;
      if (partial.weight !== undefined) {
        var w = find(String(partial.weight).replace(/\s+/g, ""));
        if (w && w !== choice) { choice = w; rebuild = true; }
      }
      if (partial.lambda !== undefined && isFinite(partial.lambda) && partial.lambda >= 0 && partial.lambda !== lambda) {
        lambda = Number(partial.lambda);
        rebuild = true;
      }
      // The curves hold the other weights fixed: moving this one only moves the dots.
      if (partial.value !== undefined && isFinite(partial.value)) setValue(Number(partial.value));
      update(rebuild);
    }
    function reset() { load(); update(true); }
    function state() {
      var l = losses();
      return {L: l.L, data: l.data, penalty: l.penalty, lambda: lambda, weight: choice.key, value: value()};
    }

    update(true);
    watch(root, draw);
    return {name: "loss", element: root, state: state, set: set, reset: reset};
  }

  // ------------------------------------------------------------ chapters 3 and 4: the backward step

  // Each factor: where it shows in the diagram (nodes of a column or the
  // edges between two columns), its name and formula in the chapters' notation.
  var FACTORS = [
    {key: "dL_dh2", nodes: "h2", edges: "loss", shape: "(1, 2)",
      name: "\u2202L/\u2202" + sub("h", 2), formula: "(" + sub("h", 2) + " \u2212 y)/N"},
    {key: "dh2_dz2", edges: "s2", shape: "(2, 2), diagonal",
      name: "\u2202" + sub("h", 2) + "/\u2202" + sub("z", 2),
      formula: "diag(" + sub("h", 2) + " \u2299 (1 \u2212 " + sub("h", 2) + "))", diagonal: true},
    {key: "delta2", nodes: "z2", shape: "(1, 2)",
      name: sub("\u03b4", 2) + " = \u2202L/\u2202" + sub("z", 2),
      formula: "\u2202L/\u2202" + sub("h", 2) + " \u2299 " + sub("h", 2) + " \u2299 (1 \u2212 " + sub("h", 2) + ")"},
    {key: "dL_dW2", edges: "W2", shape: "(3, 2), like " + sub("W", 2),
      name: "\u2202L/\u2202" + sub("W", 2), formula: sub("h", 1) + "<sup>\u22a4</sup>" + sub("\u03b4", 2)},
    {key: "dL_dh1", nodes: "h1", shape: "(1, 3)",
      name: "\u2202L/\u2202" + sub("h", 1), formula: sub("\u03b4", 2) + sub("W", 2) + "<sup>\u22a4</sup>"},
    {key: "dh1_dz1", edges: "s1", shape: "(3, 3), diagonal",
      name: "\u2202" + sub("h", 1) + "/\u2202" + sub("z", 1),
      formula: "diag(" + sub("h", 1) + " \u2299 (1 \u2212 " + sub("h", 1) + "))", diagonal: true},
    {key: "delta1", nodes: "z1", shape: "(1, 3)",
      name: sub("\u03b4", 1) + " = \u2202L/\u2202" + sub("z", 1),
      formula: "\u2202L/\u2202" + sub("h", 1) + " \u2299 " + sub("h", 1) + " \u2299 (1 \u2212 " + sub("h", 1) + ")"},
    {key: "dL_dW1", edges: "W1", shape: "(2, 3), like " + sub("W", 1),
      name: "\u2202L/\u2202" + sub("W", 1), formula: "X<sup>\u22a4</sup>" + sub("\u03b4", 1)}
  ];
  // A plain-text name for announcements (screen readers read no <sub>).
  function plainName(html) {
    return html.replace(/<sub>(\d)<\/sub>/g, function (_, d) { return String.fromCharCode(0x2080 + Number(d)); }).replace(/<sup>\u22a4<\/sup>/g, "\u1d40").replace(/<[^>]+>/g, "");
  }

  function createBackward(root, upTo) {
    var E = window.mlpEngine, P = window.mlpPresets.workedExample;
    var deep = upTo === "w1";
    var name = deep ? "backward-w1" : "backward-w2";
    var factors = FACTORS.slice(0, deep ? 8 : 4);
    var start = deep ? 3 : 0;              // chapter 4 starts from chapter 3's delta2
    var s = shell(root, name, deep
      ? "Backpropagation to " + math(sub("W", 1)) + ": " + math(sub("\u03b4", 2)) + " is handed back through " + math(sub("W", 2))
      : "Backpropagation to " + math(sub("W", 2)) + ", one factor at a time");
    var id = s.id, ui = {}, shown = start;

    // Every value from the engine: its forward step and backpropagation
    // (net.bricks), and the chapters' element-wise products.
    var net = E.MLP.fromWeights([P.W1, P.W2], null);
    var b = net.bricks(P.X[0], P.y[0]);
    var N = b.X.length, h1 = b.h1[0], h2 = b.h2[0], y = P.y[0], W2 = P.W2;
    var V = {};
    V.dL_dh2 = [h2.map(function (v, k) { return (v - y[k]) / N; })];
    V.dh2_dz2 = [h2.map(function (v) { return v * (1 - v); })];
    V.delta2 = b.delta2;
    V.dL_dW2 = b.dL_dW2;
    if (deep) {
      V.dL_dh1 = [W2.map(function (row) {           // delta2 @ W2^T
        return row.reduce(function (acc, w, k) { return acc + b.delta2[0][k] * w; }, 0);
      })];
      V.dh1_dz1 = [h1.map(function (v) { return v * (1 - v); })];
      V.delta1 = b.delta1;
      V.dL_dW1 = b.dL_dW1;
    }

    // --- the buttons
    ui.back = button("Back", {id: id + "back"}, function () { back(); });
    ui.next = button("Next factor", {id: id + "next", "class": "mlp-ex-primary"}, function () { next(); });
    ui.reset = button("Reset", {id: id + "reset"}, function () { reset(); });
    ui.status = el("p", {"class": "mlp-ex-status", role: "status", id: id + "status"});
    s.inner.appendChild(el("div", {"class": "mlp-ex-bar"}, [
      el("div", {"class": "mlp-ex-buttons"}, [ui.back, ui.next, ui.reset]), ui.status]));

    // --- the diagram
    ui.svg = svgEl("svg", {"class": "mlp-ex-net", role: "img", id: id + "diagram"});
    s.inner.appendChild(el("div", {"class": "mlp-ex-netbox"}, [ui.svg]));
    s.inner.appendChild(el("p", {"class": "mlp-ex-legend", html:
      '<span class="mlp-ex-line mlp-ex-now"></span>the factor just revealed ' +
      '<span class="mlp-ex-line mlp-ex-done"></span>the factors before it. ' +
      "Forward: left to right; the backward step runs right to left."}));
    ui.list = el("ol", {"class": "mlp-ex-factors", id: id + "factors"});
    s.inner.appendChild(ui.list);
    s.inner.appendChild(el("p", {"class": "mlp-ex-note", html:
      "The worked example: one observation (N = 1), the article's weights, no biases."}));

    // Columns of the diagram: the quantities of the forward step, unit by unit.
    var COLS = [["X", 2, "X"], ["z1", 3, sub("z", 1)], ["h1", 3, sub("h", 1)], ["z2", 2, sub("z", 2)],
      ["h2", 2, sub("h", 2)], ["L", 1, "L"]];
    var EDGES = [["W1", 0, 1, "full", sub("W", 1)], ["s1", 1, 2, "one", "\u03c3"], ["W2", 2, 3, "full", sub("W", 2)],
      ["s2", 3, 4, "one", "\u03c3"], ["loss", 4, 5, "full", "loss"]];
    var parts = null;

    function svgText(x, y, html, cls, anchor) {
      var t = svgEl("text", {x: x, y: y, "text-anchor": anchor || "middle", "class": cls || "mlp-ex-svgtext"});
      var m = /^(.*?)<sub>(\d)<\/sub>$/.exec(html);
      if (m) {
        t.appendChild(document.createTextNode(m[1]));
        var ts = svgEl("tspan", {dy: "4", "class": "mlp-ex-svgsub"});
        ts.textContent = m[2];
        t.appendChild(ts);
      } else {
        t.textContent = html;
      }
      return t;
    }

    function buildDiagram() {
      var width = Math.max(260, Math.floor(innerWidth(s.inner)));
      var height = 196, top = 34, bottom = 34, left = 22, right = 22;
      var svg = ui.svg;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      svg.setAttribute("width", width); svg.setAttribute("height", height);
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      var gap = (width - left - right) / (COLS.length - 1);
      var r = Math.max(9, Math.min(14, gap * 0.2)), avail = height - top - bottom;
      var pos = COLS.map(function (c, i) {
        var n = c[1], pitch = Math.min(avail / 3, 46), ys = [];
        for (var u = 0; u < n; u++) ys.push(top + avail / 2 + (u - (n - 1) / 2) * pitch);
        return {x: left + i * gap, ys: ys};
      });
      parts = {nodes: {}, edges: {}};
      var edgeGroup = svgEl("g", {}), nodeGroup = svgEl("g", {});
      EDGES.forEach(function (e) {
        var a = pos[e[1]], c = pos[e[2]], lines = [];
        a.ys.forEach(function (ya, i) {
          c.ys.forEach(function (yc, j) {
            if (e[3] === "one" && i !== j) return;
            var line = svgEl("line", {x1: a.x + r, y1: ya, x2: c.x - r, y2: yc, "class": "mlp-ex-edge"});
            edgeGroup.appendChild(line);
            lines.push(line);
          });
        });
        parts.edges[e[0]] = lines;
        edgeGroup.appendChild(svgText((a.x + c.x) / 2, 16, e[4], "mlp-ex-svgtext mlp-ex-svglabel"));
      });
      COLS.forEach(function (col, i) {
        var circles = [];
        pos[i].ys.forEach(function (yy) {
          var shape = col[0] === "L"
            ? svgEl("rect", {x: pos[i].x - r, y: yy - r, width: 2 * r, height: 2 * r, rx: 3, "class": "mlp-ex-node"})
            : svgEl("circle", {cx: pos[i].x, cy: yy, r: r, "class": "mlp-ex-node"});
          nodeGroup.appendChild(shape);
          circles.push(shape);
        });
        parts.nodes[col[0]] = circles;
        nodeGroup.appendChild(svgText(pos[i].x, height - 10, col[2], "mlp-ex-svgtext mlp-ex-svgname"));
      });
      svg.appendChild(edgeGroup);
      svg.appendChild(nodeGroup);
      paint();
    }

    function paint() {
      if (!parts) return;
      Object.keys(parts.nodes).forEach(function (k) { parts.nodes[k].forEach(function (n) { n.setAttribute("class", "mlp-ex-node"); }); });
      Object.keys(parts.edges).forEach(function (k) { parts.edges[k].forEach(function (n) { n.setAttribute("class", "mlp-ex-edge"); }); });
      for (var i = 0; i < shown; i++) {
        var f = factors[i], state = i === shown - 1 ? " mlp-ex-now" : " mlp-ex-done";
        if (f.nodes) parts.nodes[f.nodes].forEach(function (n) { n.setAttribute("class", "mlp-ex-node" + state); });
        if (f.edges) parts.edges[f.edges].forEach(function (n) { n.setAttribute("class", "mlp-ex-edge" + state); });
      }
      var now = shown ? plainName(factors[shown - 1].name) : "nothing yet";
      ui.svg.setAttribute("aria-label", "Network diagram of the 2-3-2 network, columns X, z1, h1, z2, h2 and L; " +
        "highlighted: " + now + ".");
    }

    function renderList() {
      var items = ui.list.children;
      while (items.length > shown) ui.list.removeChild(ui.list.lastChild);
      for (var i = items.length; i < shown; i++) {
        var f = factors[i];
        var head = el("div", {"class": "mlp-ex-fhead", html: math(f.name + " = " + f.formula) +
          ' <span class="mlp-ex-shape">shape ' + f.shape + (deep && i < start ? "; from chapter 3" : "") + "</span>"});
        var body = el("pre", {"class": "mlp-ex-fval", "data-key": f.key,
          text: (f.diagonal ? "its diagonal: " : "") + fmtMatrix(V[f.key])});
        ui.list.appendChild(el("li", {"data-key": f.key}, [head, body]));
      }
      for (i = 0; i < items.length; i++) items[i].classList.toggle("mlp-ex-current", i === shown - 1);
    }

    function update() {
      renderList();
      paint();
      var total = factors.length;
      ui.back.setAttribute("aria-disabled", shown <= start ? "true" : "false");
      ui.next.setAttribute("aria-disabled", shown >= total ? "true" : "false");
      ui.status.textContent = shown === 0
        ? "Press \u201cNext factor\u201d to start from the loss."
        : "Step " + shown + " of " + total + ": " + plainName(factors[shown - 1].name) +
          (shown >= total ? ". That is the whole chain." : ".");
    }

    function next() { if (shown < factors.length) { shown++; update(); } }
    function back() { if (shown > start) { shown--; update(); } }
    function reset() { shown = start; update(); }
    function state() {
      var out = {revealed: factors.slice(0, shown).map(function (f) { return f.key; })};
      factors.forEach(function (f) { out[f.key] = copy(V[f.key]); });
      return out;
    }

    buildDiagram();
    update();
    watch(root, buildDiagram);
    return {name: name, element: root, state: state, next: next, back: back, reset: reset};
  }

  // ------------------------------------------------------------ chapter 5: the training loop

  function createTraining(root) {
    var E = window.mlpEngine, P = window.mlpPresets.training;
    var s = shell(root, "training", "Gradient descent on XOR, one step at a time: " +
      math("W \u2190 W \u2212 \u03b7 \u2202L/\u2202W"));
    var id = s.id, ui = {};
    var lr = P.train.lr, target = P.steps;
    var X = P.data.X, Y = P.data.Y;
    var net, trainer, accs, firstPerfect, running = false, rafId = 0, layer = "W1";
    var D = {lo: -0.5, hi: 1.5};

    function load() {
      var init = P.initial, n = P.network.layerSizes.length - 1, Ws = [], bs = [];
      for (var i = 1; i <= n; i++) { Ws.push(init["W" + i]); bs.push(init["b" + i]); }
      net = E.MLP.fromWeights(Ws, P.network.bias ? bs : null,
        {activation: P.network.activation, output: P.network.output, loss: P.network.loss,
          l2: P.network.l2, l1: P.network.l1});
      trainer = new E.Trainer(net, X, Y, {lr: lr, batchSize: P.train.batchSize, clipNorm: P.train.clipNorm});
      accs = [];
      firstPerfect = null;
    }
    load();

    // --- controls
    ui.step = button("Step", {id: id + "step", "class": "mlp-ex-primary", title: "one update"}, function () { pause(); stepN(1); });
    ui.run = button("Run", {id: id + "run", "aria-pressed": "false"}, function () { running ? pause() : run(); });
    ui.reset = button("Reset", {id: id + "reset", title: "back to the chapter's initial weights"}, function () { reset(); });
    ui.speed = el("select", {id: id + "speed"});
    [1, 5, 20].forEach(function (v) { ui.speed.appendChild(el("option", {value: String(v), text: v + (v === 1 ? " step" : " steps") + " a frame"})); });
    ui.speed.value = "5";
    ui.counter = el("p", {"class": "mlp-ex-status", id: id + "counter", "aria-live": "off"});
    ui.status = el("p", {"class": "mlp-ex-status mlp-ex-sr", role: "status", id: id + "status"});
    s.inner.appendChild(el("div", {"class": "mlp-ex-bar"}, [
      el("div", {"class": "mlp-ex-buttons"}, [ui.step, ui.run, ui.reset]), field("Speed", ui.speed)]));
    s.inner.appendChild(ui.counter);
    s.inner.appendChild(ui.status);

    // --- the views
    ui.boundary = el("canvas", {"class": "mlp-ex-boundary", id: id + "boundary", role: "img"});
    ui.curve = el("canvas", {"class": "mlp-ex-curves", id: id + "curve", role: "img"});
    var left = el("div", {"class": "mlp-ex-view"}, [ui.boundary, el("p", {"class": "mlp-ex-legend", html:
      '<span class="mlp-ex-mark mlp-ex-c0"></span>class 0 (circle) <span class="mlp-ex-mark mlp-ex-c1"></span>class 1 (square); ' +
      "shading: the class the network predicts."})]);
    var right = el("div", {"class": "mlp-ex-view"}, [ui.curve, el("p", {"class": "mlp-ex-legend", html:
      "The loss on the four points, step by step; the dotted line marks the first step with 100% accuracy."})]);
    ui.pair = el("div", {"class": "mlp-ex-pair"}, [left, right]);
    s.inner.appendChild(ui.pair);

    // --- the update table
    ui.layer = el("select", {id: id + "layer"});
    ["W1", "b1", "W2", "b2"].forEach(function (k) { ui.layer.appendChild(el("option", {value: k, text: k})); });
    ui.layer.addEventListener("change", function () { layer = ui.layer.value; drawTable(); });
    ui.caption = el("caption", {});
    ui.table = el("table", {"class": "mlp-ex-table", id: id + "table"}, [ui.caption]);
    s.inner.appendChild(el("div", {"class": "mlp-ex-bar"}, [field("Parameter", ui.layer)]));
    s.inner.appendChild(el("div", {"class": "mlp-ex-tablebox"}, [ui.table]));

    function metrics() { return {loss: net.loss(X, Y), accuracy: E.accuracy(net, X, Y)}; }

    function stepN(n) {
      for (var i = 0; i < n; i++) {
        var r = trainer.step();            // loss and accuracy before this update
        if (!r) break;
        accs.push(r.accuracy);
        if (firstPerfect === null && r.accuracy === 1) firstPerfect = trainer.steps - 1;
      }
      if (firstPerfect === null && E.accuracy(net, X, Y) === 1) firstPerfect = trainer.steps;
      draw();
    }

    function frame() {
      rafId = 0;
      if (!running) return;
      var n = Number(ui.speed.value) || 1;
      if (trainer.steps < target) n = Math.min(n, target - trainer.steps);
      stepN(n);
      if (trainer.steps === target) {
        pause();
        ui.status.textContent = "Reached the chapter's " + target + " steps: accuracy " +
          Math.round(100 * metrics().accuracy) + "%.";
        return;
      }
      if (trainer.diverged) { pause(); return; }
      rafId = requestAnimationFrame(frame);
    }
    function run() {
      if (running) return;
      running = true;
      ui.run.textContent = "Pause";
      ui.run.setAttribute("aria-pressed", "true");
      ui.status.textContent = "";
      rafId = requestAnimationFrame(frame);
    }
    function pause() {
      running = false;
      if (rafId) cancelAnimationFrame(rafId);
      rafId = 0;
      ui.run.textContent = "Run";
      ui.run.setAttribute("aria-pressed", "false");
    }
    function reset() { pause(); load(); ui.status.textContent = "Back at step 0."; draw(); }

    // --- drawing
    var G = 40;
    function drawBoundary(colours, size) {
      var ctx = fitCanvas(ui.boundary, size, size);
      var m = {l: 42, r: 12, t: 10, b: 34}, w = size - m.l - m.r, h = size - m.t - m.b;
      var px = function (v) { return m.l + (v - D.lo) / (D.hi - D.lo) * w; };
      var py = function (v) { return m.t + (D.hi - v) / (D.hi - D.lo) * h; };
      var grid = E.matrix(G * G, 2), k = 0, g;
      for (var i = 0; i < G; i++) for (var j = 0; j < G; j++) {
        grid.data[k++] = D.lo + (j + 0.5) / G * (D.hi - D.lo);
        grid.data[k++] = D.hi - (i + 0.5) / G * (D.hi - D.lo);
      }
      var H = net.predict(grid);
      var tile = ui.tile || (ui.tile = document.createElement("canvas"));
      tile.width = G; tile.height = G;
      var tctx = tile.getContext("2d"), img = tctx.createImageData(G, G);
      for (g = 0; g < G * G; g++) shade(colours, H.data[2 * g + 1] - H.data[2 * g], colours.shade, img.data, 4 * g, 0.35);
      tctx.putImageData(img, 0, 0);
      ctx.fillStyle = colours.css.bg; ctx.fillRect(0, 0, size, size);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tile, m.l, m.t, w, h);
      ctx.strokeStyle = colours.css.fg; ctx.lineWidth = 1;
      ctx.strokeRect(m.l + 0.5, m.t + 0.5, w - 1, h - 1);
      ctx.fillStyle = colours.css.fg; ctx.font = "12px sans-serif";
      var ticks = [-0.5, 0, 0.5, 1, 1.5];
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      ticks.forEach(function (t) { ctx.fillRect(px(t), m.t + h, 1, 4); ctx.fillText(fmtTick(t), px(t), m.t + h + 5); });
      ctx.fillText("x\u2081", m.l + w / 2, m.t + h + 19);
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      ticks.forEach(function (t) { ctx.fillRect(m.l - 4, py(t), 4, 1); ctx.fillText(fmtTick(t), m.l - 6, py(t)); });
      ctx.save(); ctx.translate(10, m.t + h / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center"; ctx.fillText("x\u2082", 0, 0); ctx.restore();
      for (var r = 0; r < X.length; r++) {
        var cls = Y[r][1] > Y[r][0] ? 1 : 0, cx = px(X[r][0]), cy = py(X[r][1]), s0 = 7;
        ctx.fillStyle = cls ? colours.css.c1 : colours.css.c0;
        ctx.strokeStyle = colours.css.bg; ctx.lineWidth = 2;
        ctx.beginPath();
        if (cls) ctx.rect(cx - s0, cy - s0, 2 * s0, 2 * s0); else ctx.arc(cx, cy, s0 * 1.1, 0, 2 * Math.PI);
        ctx.fill(); ctx.stroke();
      }
    }

    function drawCurve(colours, width, height) {
      var ctx = fitCanvas(ui.curve, width, height);
      var m = {l: 50, r: 18, t: 10, b: 36}, w = width - m.l - m.r, h = height - m.t - m.b;
      var losses = trainer.losses.slice(), now = metrics().loss;
      losses.push(now);                                    // the loss at the current parameters
      var s1 = Math.max(target, trainer.steps), hi = 0;
      losses.forEach(function (v) { if (isFinite(v)) hi = Math.max(hi, v); });
      hi = hi > 0 ? hi * 1.08 : 1;
      var px = function (t) { return m.l + t / s1 * w; };
      var py = function (v) { return m.t + h - clamp(v / hi, 0, 1) * h; };
      ctx.fillStyle = colours.css.bg; ctx.fillRect(0, 0, width, height);
      ctx.strokeStyle = colours.css.grid; ctx.lineWidth = 1;
      ctx.strokeRect(m.l + 0.5, m.t + 0.5, w, h);
      ctx.fillStyle = colours.css.fg; ctx.font = "12px sans-serif";
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      niceTicks(0, s1, width < 300 ? 3 : 4).forEach(function (t) {
        var label = String(t), half = ctx.measureText(label).width / 2;
        ctx.fillRect(px(t), m.t + h, 1, 4);
        ctx.fillText(label, Math.min(px(t), width - 2 - half), m.t + h + 5);
      });
      ctx.fillText("step", m.l + w / 2, m.t + h + 20);
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      niceTicks(0, hi, 4).forEach(function (t) {
        ctx.fillRect(m.l - 4, py(t), 4, 1);
        ctx.fillText(fmtTick(t), m.l - 6, py(t));
      });
      ctx.save(); ctx.translate(11, m.t + h / 2); ctx.rotate(-Math.PI / 2);
      ctx.textAlign = "center"; ctx.fillText("loss L", 0, 0); ctx.restore();
      if (firstPerfect !== null) {
        ctx.strokeStyle = colours.css.c1; ctx.setLineDash([2, 3]); ctx.lineWidth = 1.5;
        ctx.beginPath(); ctx.moveTo(px(firstPerfect) + 0.5, m.t); ctx.lineTo(px(firstPerfect) + 0.5, m.t + h); ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.strokeStyle = colours.css.fg; ctx.lineWidth = 2;
      ctx.beginPath();
      losses.forEach(function (v, t) { if (t) ctx.lineTo(px(t), py(v)); else ctx.moveTo(px(t), py(v)); });
      ctx.stroke();
      ctx.fillStyle = colours.css.c0;
      ctx.beginPath(); ctx.arc(px(trainer.steps), py(now), 4, 0, 2 * Math.PI); ctx.fill();
    }

    function drawTable() {
      var p = net.params(), g = net.gradients(X, Y), v = p[layer], dv = g[layer];
      var rows = Array.isArray(v[0]) ? v : [v], drows = Array.isArray(dv[0]) ? dv : [dv];
      var vec = !Array.isArray(v[0]);
      ui.caption.innerHTML = "The next update of " + math(sub(layer[0], layer[1])) + " at step " + trainer.steps +
        " (" + math("\u03b7") + " = " + lr + ")";
      var head = el("tr", {}, [el("th", {scope: "col", text: "entry"}), el("th", {scope: "col", html: math(sub(layer[0], layer[1]))}),
        el("th", {scope: "col", html: math("\u2202L/\u2202" + sub(layer[0], layer[1]))}),
        el("th", {scope: "col", html: math(sub(layer[0], layer[1]) + " \u2212 \u03b7 \u2202L/\u2202" + sub(layer[0], layer[1]))})]);
      var body = el("tbody");
      rows.forEach(function (row, r) {
        row.forEach(function (w, c) {
          var d = drows[r][c];
          body.appendChild(el("tr", {}, [el("th", {scope: "row", text: layer + (vec ? "[" + c + "]" : "[" + r + ", " + c + "]")}),
            el("td", {text: f8(w)}), el("td", {text: f8(d)}), el("td", {text: f8(w - lr * d)})]));
        });
      });
      while (ui.table.childNodes.length > 1) ui.table.removeChild(ui.table.lastChild);
      ui.table.appendChild(el("thead", {}, [head]));
      ui.table.appendChild(body);
    }

    function draw() {
      var colours = readColours(root), m = metrics();
      var full = Math.floor(innerWidth(s.inner));
      var two = full >= 520;
      ui.pair.classList.toggle("mlp-ex-two", two);
      var size = two ? Math.min(260, Math.floor(full * 0.4)) : Math.min(300, full);
      drawBoundary(colours, size);
      drawCurve(colours, two ? full - size - 16 : full, two ? size : 200);
      ui.counter.textContent = "step " + trainer.steps + " \u00b7 loss L = " + f8(m.loss) + " \u00b7 accuracy " +
        Math.round(100 * m.accuracy) + "%" + (firstPerfect !== null ? " (100% from step " + firstPerfect + " on)" : "");
      ui.boundary.setAttribute("aria-label", "Decision boundary at step " + trainer.steps + " over the four XOR points; accuracy " +
        Math.round(100 * m.accuracy) + "%.");
      ui.curve.setAttribute("aria-label", "Loss curve up to step " + trainer.steps + "; the loss is now " + f8(m.loss) + ".");
      drawTable();
    }

    function state() {
      var m = metrics(), p = net.params();
      return {step: trainer.steps, loss: m.loss, accuracy: m.accuracy, W1: p.W1, b1: p.b1, W2: p.W2, b2: p.b2,
        lr: lr, firstPerfect: firstPerfect};
    }
    function select(k) { if (["W1", "b1", "W2", "b2"].indexOf(k) >= 0) { layer = k; ui.layer.value = k; drawTable(); } }

    draw();
    watch(root, draw);
    return {name: "training", element: root, state: state, step: function (n) { pause(); stepN(Math.max(1, Math.floor(Number(n) || 1))); },
      run: run, pause: pause, reset: reset, select: select};
  }

  // ------------------------------------------------------------ mounting

  var APPS = {
    forward: createForward,
    loss: createLoss,
    "backward-w2": function (root) { return createBackward(root, "w2"); },
    "backward-w1": function (root) { return createBackward(root, "w1"); },
    training: createTraining
  };
  var NEEDS = {forward: "workedExample", loss: "workedExample", "backward-w2": "workedExample",
    "backward-w1": "workedExample", training: "training"};

  function mountAll() {
    if (!window.mlpEngine || !window.mlpPresets) return;   // the fallback text stays
    window.mlpPlayground = window.mlpPlayground || [];
    var roots = document.querySelectorAll("div.mlp-playground[data-mlp-app]");
    for (var i = 0; i < roots.length; i++) {
      var root = roots[i], name = root.getAttribute("data-mlp-app");
      if (!APPS[name] || root.getAttribute("data-mlp-mounted") || !window.mlpPresets[NEEDS[name]]) continue;
      root.setAttribute("data-mlp-mounted", "1");
      window.mlpPlayground.push(APPS[name](root));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll);
  else mountAll();
})();
