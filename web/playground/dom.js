/* Small DOM and canvas helpers shared by app.js and explorables.js.
 *
 * A classic script (no modules): it defines the global mlpDom and is loaded
 * after engine.js and before the two scripts that use it.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";

  // An HTML element: attrs "text" and "html" set its content, true means a
  // bare attribute, false or null leaves one out; children are nodes or text.
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "html") e.innerHTML = attrs[k];
      else if (attrs[k] !== false && attrs[k] != null) e.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  // An SVG element with the given attributes.
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG_NS, tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  // "#rrggbb" as [r, g, b], or `fallback` when the text is not such a colour.
  function hexRgb(text, fallback) {
    var m = /^\s*#([0-9a-f]{6})\s*$/i.exec(text || "");
    if (!m) return fallback;
    var n = parseInt(m[1], 16);
    return [n >> 16 & 255, n >> 8 & 255, n & 255];
  }

  // A canvas of width x height CSS pixels, its backing store at
  // devicePixelRatio (sharp on any screen); returns its context, scaled so
  // that drawing happens in CSS pixels.
  function fitCanvas(canvas, width, height) {
    var dpr = window.devicePixelRatio || 1;
    var w = Math.max(1, Math.round(width * dpr)), h = Math.max(1, Math.round(height * dpr));
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    canvas.style.width = width + "px";
    canvas.style.height = height + "px";
    var ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  }

  window.mlpDom = {el: el, svgEl: svgEl, hexRgb: hexRgb, fitCanvas: fitCanvas};
})();
