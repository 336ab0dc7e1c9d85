/*
 * engine.js: the network mlp_core teaches, in plain JavaScript.
 *
 * This is the one sanctioned mirror of the Python package mlp_core (see
 * README.md next to this file). It keeps mlp_core's names (z1, h1, delta2,
 * W1, b1, ...), its conventions (observations are rows, Wi has shape
 * (fan_in, fan_out), z_i = h_{i-1} @ Wi + bi) and its numerically stable
 * formulas, in float64 everywhere, so that tests/js/engine.test.js can check
 * it against numbers computed by mlp_core itself (relative error < 1e-12).
 *
 * A classic script: no modules, no dependencies. In a browser it defines
 * the global `mlpEngine`; under Node, `require` returns the same object.
 *
 * Speed: the training loop runs plain loops over Float64Arrays kept in
 * work buffers that are allocated once and reused at every step, so a step
 * allocates nothing but the small object it returns.
 */
(function (root, factory) {
  "use strict";
  var engine = factory();
  if (typeof module === "object" && module && module.exports) {
    module.exports = engine;
  } else {
    root.mlpEngine = engine;
  }
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  const version = "1.0.0";

  // ------------------------------------------------------------ checking
  // Every public function checks its inputs and throws an error that names
  // the parameter and says what was expected, like mlp_core's _validate:
  // a mistake is reported where it is made, not later as a NaN.

  /** A short description of a value for error messages. */
  function show(v) {
    if (v === undefined) return "undefined";
    if (v === null) return "null";
    if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
    if (typeof v === "string") return JSON.stringify(v);
    if (Array.isArray(v)) return `an array of length ${v.length}`;
    if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of length ${v.length}`;
    if (typeof v === "function") return "a function";
    return "an object";
  }

  function checkReal(v, name, { min = -Infinity, positive = false } = {}) {
    const what = positive ? " > 0" : min > -Infinity ? ` >= ${min}` : "";
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new (typeof v === "number" ? RangeError : TypeError)(
        `${name} must be a finite number${what}, got ${show(v)}`);
    }
    if ((positive && !(v > 0)) || v < min) {
      throw new RangeError(`${name} must be a finite number${what}, got ${show(v)}`);
    }
    return v;
  }

  function checkInt(v, name, min = -Infinity, max = Number.MAX_SAFE_INTEGER) {
    const what = min > -Infinity ? ` >= ${min}` : "";
    if (v < min && Number.isInteger(v)) throw new RangeError(`${name} must be an integer${what}, got ${v}`);
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new (typeof v === "number" ? RangeError : TypeError)(
        `${name} must be an integer${what}, got ${show(v)}`);
    }
    if (v < min || v > max) {
      throw new RangeError(`${name} must be an integer${what} and at most ${max}, got ${v}`);
    }
    return v;
  }

  function checkChoice(v, name, choices) {
    if (typeof v !== "string" || !choices.includes(v)) {
      throw new RangeError(`${name} must be one of ${choices.map((c) => JSON.stringify(c)).join(", ")}, got ${show(v)}`);
    }
    return v;
  }

  /** The options object of `where`, refusing names it does not know (a typo must not pass silently). */
  function checkOptions(options, where, allowed) {
    if (options === undefined || options === null) return {};
    if (typeof options !== "object" || Array.isArray(options)) {
      throw new TypeError(`${where}: options must be an object, got ${show(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!allowed.includes(key)) {
        throw new TypeError(`${where}: unknown option ${JSON.stringify(key)} (expected one of ${allowed.join(", ")})`);
      }
    }
    return options;
  }

  /** `value` if it is given (not undefined), else `fallback`. */
  function given(value, fallback) {
    return value === undefined ? fallback : value;
  }

  // ---------------------------------------------------------------- rng
  // mlp_core draws from NumPy's generator; the browser cannot, so the
  // engine has its own small, well-known one: xoshiro128** (Blackman and
  // Vigna, 2018), whose 128-bit state is filled by splitmix64 from the
  // seed (the seeding its authors recommend). Same seed, same numbers, on
  // every browser and under Node. The draws differ from NumPy's: data sets
  // and initial weights made here have mlp_core's distributions, not its
  // numbers (the conformance tests pass mlp_core's numbers in explicitly).

  const MASK64 = (1n << 64n) - 1n;

  /** splitmix64: returns [next state, 64-bit output] (BigInt, used only when seeding). */
  function splitmix64(state) {
    state = (state + 0x9E3779B97F4A7C15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK64;
    return [state, z ^ (z >> 31n)];
  }

  /**
   * A seeded generator (see `rng(seed)`).
   *
   * * next(): uniform in [0, 1) with 53 random bits, made of two 32-bit
   *   outputs as in MT19937's genrand_res53: (a >>> 5) * 2^26 + (b >>> 6), over 2^53;
   * * uniform(a, b) = a + (b - a) * next() (NumPy's formula);
   * * normal(mean, sd) = mean + sd * z, z standard normal by Box-Muller:
   *   two uniforms u1 in (0, 1], u2 give sqrt(-2 ln u1) * (cos 2 pi u2, sin 2 pi u2);
   *   the second value is kept for the next call;
   * * integer(n) = floor(n * next()), uniform on 0..n-1 (bias below n / 2^53);
   * * permutation(n): Fisher-Yates on [0, 1, ..., n-1], from the last position down.
   */
  class Rng {
    constructor(seed) {
      checkInt(seed, "seed", 0);
      let state = BigInt(seed);
      const words = [];
      for (let i = 0; i < 2; i++) {
        let out;
        [state, out] = splitmix64(state);
        words.push(Number(out & 0xFFFFFFFFn), Number(out >> 32n));
      }
      // s0, s1 are the low and high halves of splitmix64's first output, s2, s3 of its second.
      this._s = Uint32Array.from(words);
      if (words.every((w) => w === 0)) this._s[0] = 1; // the one state xoshiro cannot leave
      this._spare = null; // Box-Muller's second value
    }

    /** The next 32-bit output of xoshiro128**. */
    nextUint32() {
      const s = this._s;
      const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
      const t = s[1] << 9;
      s[2] ^= s[0];
      s[3] ^= s[1];
      s[1] ^= s[2];
      s[0] ^= s[3];
      s[2] ^= t;
      s[3] = rotl(s[3], 11);
      return result;
    }

    /** Uniform in [0, 1), 53 bits. */
    next() {
      const a = this.nextUint32() >>> 5;
      const b = this.nextUint32() >>> 6;
      return (a * 67108864 + b) / 9007199254740992;
    }

    /** Uniform in [a, b). */
    uniform(a = 0, b = 1) {
      checkReal(a, "a");
      checkReal(b, "b");
      return a + (b - a) * this.next();
    }

    /** Normal with the given mean and standard deviation (Box-Muller). */
    normal(mean = 0, sd = 1) {
      checkReal(mean, "mean");
      checkReal(sd, "sd", { min: 0 });
      let z;
      if (this._spare !== null) {
        z = this._spare;
        this._spare = null;
      } else {
        const u1 = 1 - this.next(); // in (0, 1]: log(u1) is finite
        const u2 = this.next();
        const r = Math.sqrt(-2 * Math.log(u1));
        z = r * Math.cos(2 * Math.PI * u2);
        this._spare = r * Math.sin(2 * Math.PI * u2);
      }
      return mean + sd * z;
    }

    /** Uniform integer in 0..n-1. */
    integer(n) {
      checkInt(n, "n", 1);
      return Math.floor(this.next() * n);
    }

    /** A random order of 0..n-1 (an ordinary array), by Fisher-Yates. */
    permutation(n) {
      checkInt(n, "n", 0);
      const p = new Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(this.next() * (i + 1));
        const t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    }
  }

  function rotl(x, k) {
    return (x << k) | (x >>> (32 - k));
  }

  /** A seeded generator: `seed` is an integer >= 0 (up to 2^53 - 1). */
  function rng(seed) {
    return new Rng(seed);
  }

  function isRng(v) {
    return v instanceof Rng || (v !== null && typeof v === "object" &&
      ["next", "uniform", "normal", "integer", "permutation"].every((f) => typeof v[f] === "function"));
  }

  /** `value` as a generator: a generator itself, a seed, or (undefined/null) rng(0). */
  function asRng(value, name) {
    if (value === undefined || value === null) return new Rng(0);
    if (typeof value === "number") {
      checkInt(value, name, 0);
      return new Rng(value);
    }
    if (isRng(value)) return value;
    throw new TypeError(`${name} must be a generator from mlpEngine.rng(seed) or an integer seed >= 0, got ${show(value)}`);
  }

  // ------------------------------------------------------------ matrices
  // A matrix is {rows, cols, data} with `data` a row-major Float64Array:
  // entry (r, c) is data[r * cols + c]. Observations are rows.

  /** A rows x cols matrix: zeros, or `data` (a Float64Array is used as it is, an array is copied). */
  function matrix(rows, cols, data) {
    checkInt(rows, "rows", 1);
    checkInt(cols, "cols", 1);
    let d;
    if (data === undefined) {
      d = new Float64Array(rows * cols);
    } else if (data instanceof Float64Array) {
      d = data;
    } else if (Array.isArray(data) || ArrayBuffer.isView(data)) {
      d = Float64Array.from(data);
    } else {
      throw new TypeError(`data must be a Float64Array or an array of numbers, got ${show(data)}`);
    }
    if (d.length !== rows * cols) {
      throw new RangeError(`data must have rows * cols = ${rows * cols} entries, got ${d.length}`);
    }
    return { rows, cols, data: d };
  }

  /** A matrix from nested arrays of rows ([[1, 2], [3, 4]]), mlp_core's shapes. */
  function fromNested(nested, name = "nested") {
    if (!Array.isArray(nested) || nested.length === 0) {
      throw new TypeError(`${name} must be a non-empty array of rows (arrays of numbers), got ${show(nested)}`);
    }
    const first = nested[0];
    if (!Array.isArray(first) && !ArrayBuffer.isView(first)) {
      throw new TypeError(`${name} must be an array of rows (arrays of numbers): ${name}[0] is ${show(first)}` +
        (typeof first === "number" ? " (a single observation is [[x1, x2, ...]])" : ""));
    }
    const rows = nested.length;
    const cols = first.length;
    if (cols === 0) throw new RangeError(`${name} must not have empty rows`);
    const d = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const row = nested[r];
      if ((!Array.isArray(row) && !ArrayBuffer.isView(row)) || row.length !== cols) {
        throw new RangeError(`${name} must be rectangular: row ${r} is ${show(row)}, expected ${cols} numbers`);
      }
      for (let c = 0; c < cols; c++) {
        const x = row[c];
        if (typeof x !== "number") {
          throw new TypeError(`${name}[${r}][${c}] must be a number, got ${show(x)}`);
        }
        d[r * cols + c] = x;
      }
    }
    return { rows, cols, data: d };
  }

  /** Nested arrays of rows from a matrix. */
  function toNested(m) {
    m = asMatrix(m, "m", undefined, false);
    const out = new Array(m.rows);
    for (let r = 0; r < m.rows; r++) out[r] = Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols));
    return out;
  }

  function isMatrix(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v) && "rows" in v && "cols" in v && "data" in v;
  }

  /**
   * `value` (a matrix or nested arrays) as a checked matrix: non-empty,
   * finite (when `finite`), and `width` columns (if given). Nested arrays
   * are copied, a matrix with a Float64Array is used as it is.
   */
  function asMatrix(value, name, width, finite = true) {
    let m;
    if (isMatrix(value)) {
      const { rows, cols, data } = value;
      if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
        throw new RangeError(`${name} must have integer rows and cols >= 1, got rows ${show(rows)}, cols ${show(cols)}`);
      }
      if (!(data instanceof Float64Array) && !Array.isArray(data) && !ArrayBuffer.isView(data)) {
        throw new TypeError(`${name}.data must be a Float64Array, got ${show(data)}`);
      }
      if (data.length !== rows * cols) {
        throw new RangeError(`${name}.data must have rows * cols = ${rows * cols} entries, got ${data.length}`);
      }
      m = data instanceof Float64Array ? value : { rows, cols, data: Float64Array.from(data) };
    } else if (Array.isArray(value)) {
      m = fromNested(value, name);
    } else {
      throw new TypeError(`${name} must be a matrix {rows, cols, data} or nested arrays of rows, got ${show(value)}`);
    }
    if (finite) {
      const d = m.data;
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i])) {
          throw new RangeError(`${name} must contain only finite numbers, got ${d[i]} at row ${Math.floor(i / m.cols)}, column ${i % m.cols}`);
        }
      }
    }
    if (width !== undefined && m.cols !== width) {
      throw new RangeError(`${name} must have ${width} columns, got ${m.cols} (shape ${m.rows} x ${m.cols})`);
    }
    return m;
  }

  function checkRows(X, Y, xname = "X", yname = "Y") {
    if (X.rows !== Y.rows) {
      throw new RangeError(`${xname} and ${yname} must have the same number of rows, got ${X.rows} and ${Y.rows}`);
    }
  }

  /** A vector (array or typed array of finite numbers) of length n as a new Float64Array. */
  function asVector(value, name, n) {
    if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
      throw new TypeError(`${name} must be an array of ${n} numbers, got ${show(value)}`);
    }
    if (value.length !== n) throw new RangeError(`${name} must have ${n} entries, got ${value.length}`);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (typeof value[i] !== "number" || !Number.isFinite(value[i])) {
        throw new TypeError(`${name}[${i}] must be a finite number, got ${show(value[i])}`);
      }
      out[i] = value[i];
    }
    return out;
  }

  /** One observation as a Float64Array of n numbers: [a, b, ...], [[a, b, ...]] or a 1-row matrix. */
  function asRow(value, name, n) {
    if (isMatrix(value) || (Array.isArray(value) && Array.isArray(value[0]))) {
      const m = asMatrix(value, name, n);
      if (m.rows !== 1) throw new RangeError(`${name} must be one observation (1 row), got ${m.rows} rows`);
      return m.data.slice();
    }
    return asVector(value, name, n);
  }

  function copyMatrix(m) {
    return { rows: m.rows, cols: m.cols, data: m.data.slice() };
  }

  // ------------------------------------------------------------ features
  /** The inputs the playground can feed the network, computed from the raw point (x1, x2). */
  const FEATURES = Object.freeze(["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]);
  const FEATURE_FN = {
    "x1": (a, b) => a,
    "x2": (a, b) => b,
    "x1^2": (a, b) => a * a,
    "x2^2": (a, b) => b * b,
    "x1*x2": (a, b) => a * b,
    "sin(x1)": (a, b) => Math.sin(a),
    "sin(x2)": (a, b) => Math.sin(b),
  };

  /**
   * The input matrix the network sees: one column per name of `names`
   * (entries of FEATURES, in the order given), from the raw N x 2 points `X`.
   */
  function features(X, names) {
    X = asMatrix(X, "X", 2);
    if (!Array.isArray(names) || names.length === 0) {
      throw new TypeError(`names must be a non-empty array of feature names (from ${FEATURES.join(", ")}), got ${show(names)}`);
    }
    names.forEach((nm, i) => checkChoice(nm, `names[${i}]`, FEATURES));
    if (new Set(names).size !== names.length) {
      throw new RangeError(`names must not repeat a feature, got ${JSON.stringify(names)}`);
    }
    const out = matrix(X.rows, names.length);
    const fns = names.map((nm) => FEATURE_FN[nm]);
    for (let r = 0; r < X.rows; r++) {
      const a = X.data[2 * r], b = X.data[2 * r + 1];
      for (let c = 0; c < fns.length; c++) out.data[r * fns.length + c] = fns[c](a, b);
    }
    return out;
  }

  // ------------------------------------------------------------ data sets
  // The geometry of mlp_core.data's functions, with the engine's own random
  // draws. Every set returns {X, Y}: X is n x 2, Y one-hot (class 0 is
  // [1, 0], class 1 is [0, 1]). `rng` is a generator or a seed (default 0).

  function oneHot(labels) {
    const Y = matrix(labels.length, 2);
    for (let i = 0; i < labels.length; i++) Y.data[2 * i + labels[i]] = 1;
    return Y;
  }

  /** The four XOR points (0,0), (0,1), (1,0), (1,1) with labels 0, 1, 1, 0. */
  function xor() {
    return { X: matrix(4, 2, [0, 0, 0, 1, 1, 0, 1, 1]), Y: oneHot([0, 1, 1, 0]) };
  }

  /**
   * n points around the four XOR corners (+-1, +-1): each picks a corner
   * (all n corners are drawn first), gets Gaussian noise of standard
   * deviation `noise` (then 2n normals, row by row) and its corner's label.
   */
  function noisyXor(n = 200, noise = 0.1, rng) {
    checkInt(n, "n", 1);
    checkReal(noise, "noise", { min: 0 });
    const r = asRng(rng, "rng");
    const corners = [[-1, -1], [-1, 1], [1, -1], [1, 1]];
    const cornerLabel = [0, 1, 1, 0];
    const which = new Array(n);
    for (let i = 0; i < n; i++) which[i] = r.integer(4);
    const X = matrix(n, 2);
    for (let i = 0; i < n; i++) {
      X.data[2 * i] = corners[which[i]][0] + noise * r.normal();
      X.data[2 * i + 1] = corners[which[i]][1] + noise * r.normal();
    }
    return { X, Y: oneHot(which.map((w) => cornerLabel[w])) };
  }

  /** Label i % 2 for point i, as mlp_core's circles, moons, blobs and spiral do. */
  function alternating(n) {
    return Array.from({ length: n }, (_, i) => i % 2);
  }

  /** Adds noise * (2n standard normals, row by row) to X. */
  function addNoise(X, noise, r) {
    for (let i = 0; i < X.data.length; i++) X.data[i] += noise * r.normal();
  }

  /**
   * Two concentric circles: class 0 (even i) on radius 1, class 1 (odd i)
   * on radius 0.5, at angles t uniform in [0, 2 pi) (n draws), plus noise.
   */
  function circles(n = 200, noise = 0.1, rng) {
    checkInt(n, "n", 2);
    checkReal(noise, "noise", { min: 0 });
    const r = asRng(rng, "rng");
    const labels = alternating(n);
    const t = Array.from({ length: n }, () => r.uniform(0, 2 * Math.PI));
    const X = matrix(n, 2);
    for (let i = 0; i < n; i++) {
      const radius = labels[i] === 0 ? 1.0 : 0.5;
      X.data[2 * i] = radius * Math.cos(t[i]);
      X.data[2 * i + 1] = radius * Math.sin(t[i]);
    }
    addNoise(X, noise, r);
    return { X, Y: oneHot(labels) };
  }

  /**
   * Two interleaving half circles, t uniform in [0, pi): class 0 on top at
   * (cos t, sin t), class 1 below at (1 - cos t, 0.5 - sin t); all shifted
   * by -(0.5, 0.25) to centre them, plus noise.
   */
  function moons(n = 200, noise = 0.1, rng) {
    checkInt(n, "n", 2);
    checkReal(noise, "noise", { min: 0 });
    const r = asRng(rng, "rng");
    const labels = alternating(n);
    const t = Array.from({ length: n }, () => r.uniform(0, Math.PI));
    const X = matrix(n, 2);
    for (let i = 0; i < n; i++) {
      const c = Math.cos(t[i]), s = Math.sin(t[i]);
      X.data[2 * i] = (labels[i] === 0 ? c : 1.0 - c) - 0.5;
      X.data[2 * i + 1] = (labels[i] === 0 ? s : 0.5 - s) - 0.25;
    }
    addNoise(X, noise, r);
    return { X, Y: oneHot(labels) };
  }

  /** Two Gaussian blobs: class 0 centred at (-1, -1), class 1 at (1, 1), spread `noise`. */
  function blobs(n = 200, noise = 0.5, rng) {
    checkInt(n, "n", 2);
    checkReal(noise, "noise", { min: 0 });
    const r = asRng(rng, "rng");
    const labels = alternating(n);
    const X = matrix(n, 2);
    for (let i = 0; i < n; i++) {
      const centre = labels[i] === 0 ? -1.0 : 1.0;
      X.data[2 * i] = centre;
      X.data[2 * i + 1] = centre;
    }
    addNoise(X, noise, r);
    return { X, Y: oneHot(labels) };
  }

  /**
   * Two interleaved spiral arms. Point i has class c = i % 2 and is the
   * k-th point (k = floor(i / 2)) of its arm; with m = ceil(n / 2) and
   * t = k / m it lies at radius r = 0.1 + 1.9 t and angle 3.5 pi t + pi c
   * (the second arm is the first turned by half a turn), plus noise.
   */
  function spiral(n = 200, noise = 0.1, rng) {
    checkInt(n, "n", 2);
    checkReal(noise, "noise", { min: 0 });
    const r = asRng(rng, "rng");
    const labels = alternating(n);
    const m = Math.ceil(n / 2);
    const X = matrix(n, 2);
    for (let i = 0; i < n; i++) {
      const c = labels[i], k = Math.floor(i / 2);
      const t = k / m;
      const radius = 0.1 + 1.9 * t;
      const angle = 3.5 * Math.PI * t + Math.PI * c;
      X.data[2 * i] = radius * Math.cos(angle);
      X.data[2 * i + 1] = radius * Math.sin(angle);
    }
    addNoise(X, noise, r);
    return { X, Y: oneHot(labels) };
  }

  /** Python's round(): to the nearest integer, halves to the even one. */
  function roundHalfEven(x) {
    const f = Math.floor(x);
    const diff = x - f;
    if (diff > 0.5) return f + 1;
    if (diff < 0.5) return f;
    return f % 2 === 0 ? f : f + 1;
  }

  /**
   * Shuffle the rows and split them (mlp_core.data.split's convention):
   * order = rng.permutation(n), n_test = round(testFraction * n); the
   * first n_test rows of the order are the test set, the rest the
   * training set. Returns {X, Y, Xtest, Ytest}.
   */
  function split(X, Y, testFraction = 0.5, rng) {
    X = asMatrix(X, "X");
    Y = asMatrix(Y, "Y");
    checkRows(X, Y);
    checkReal(testFraction, "testFraction");
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new RangeError(`testFraction must be strictly between 0 and 1, got ${testFraction}`);
    }
    const n = X.rows;
    const nTest = roundHalfEven(testFraction * n);
    if (!(nTest >= 1 && nTest < n)) {
      throw new RangeError(`testFraction=${testFraction} leaves an empty training or test set for ${n} rows`);
    }
    const order = asRng(rng, "rng").permutation(n);
    return {
      X: takeRows(X, order.slice(nTest)), Y: takeRows(Y, order.slice(nTest)),
      Xtest: takeRows(X, order.slice(0, nTest)), Ytest: takeRows(Y, order.slice(0, nTest)),
    };
  }

  function takeRows(m, idx) {
    const out = matrix(idx.length, m.cols);
    for (let i = 0; i < idx.length; i++) {
      out.data.set(m.data.subarray(idx[i] * m.cols, (idx[i] + 1) * m.cols), i * m.cols);
    }
    return out;
  }

  // ---------------------------------------------------------- activations
  // Element-wise over the first `count` entries of z, into h; the formulas
  // of mlp_core.activations. The derivatives are taken from the output h,
  // as backpropagation has it in its cache:
  //   sigmoid' = h (1 - h),  tanh' = 1 - h^2,  relu' = 1 if h > 0 else 0 (0 at 0),  identity' = 1.

  const HIDDEN = ["sigmoid", "tanh", "relu", "identity"];
  const OUTPUT = ["sigmoid", "softmax", "identity"];
  const LOSSES = ["mse", "cross_entropy"];
  const INIT_SCHEMES = ["uniform", "xavier", "he"];
  const GRADIENTS = ["correct", "article"];

  /**
   * sigmoid 1/(1 + exp(-z)) without overflow: only e = exp(-|z|), in (0, 1],
   * is ever taken; for z >= 0 the sigmoid is 1/(1 + e), for z < 0 e/(1 + e).
   */
  function sigmoidInto(z, h, count) {
    for (let i = 0; i < count; i++) {
      const x = z[i];
      const e = Math.exp(-Math.abs(x));
      h[i] = (x >= 0 ? 1.0 : e) / (1.0 + e);
    }
  }

  /** Row-wise softmax; subtracting the row's maximum keeps exp from overflowing. */
  function softmaxInto(z, h, rows, cols) {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = z[o];
      for (let j = 1; j < cols; j++) if (z[o + j] > max) max = z[o + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const e = Math.exp(z[o + j] - max);
        h[o + j] = e;
        sum += e;
      }
      for (let j = 0; j < cols; j++) h[o + j] /= sum;
    }
  }

  function activateInto(name, z, h, rows, cols) {
    const count = rows * cols;
    switch (name) {
      case "sigmoid": sigmoidInto(z, h, count); break;
      case "tanh": for (let i = 0; i < count; i++) h[i] = Math.tanh(z[i]); break;
      case "relu":
        for (let i = 0; i < count; i++) {
          const x = z[i];
          h[i] = x > 0 || x !== x ? x : 0.0; // max(z, 0), and NaN stays NaN (NumPy's maximum)
        }
        break;
      case "identity": for (let i = 0; i < count; i++) h[i] = z[i]; break;
      case "softmax": softmaxInto(z, h, rows, cols); break;
      default: throw new Error(`unknown activation ${name}`);
    }
  }

  /**
   * log(sigmoid(z)) = -log(1 + exp(-z)) = -logaddexp(0, -z), computed as
   * NumPy's logaddexp(x, y) does: max(x, y) + log1p(exp(-|x - y|)), so
   * neither exp nor log ever overflows.
   */
  function logSigmoid(z) {
    const w = -z; // logaddexp(0, w)
    if (w === 0) return -Math.LN2;
    const tmp = -w; // 0 - w
    if (tmp > 0) return -Math.log1p(Math.exp(-tmp)); // 0 + log1p(exp(-tmp))
    if (tmp <= 0) return -(w + Math.log1p(Math.exp(tmp)));
    return NaN;
  }

  // -------------------------------------------------------------- network
  /**
   * Draw one fan_in x fan_out weight matrix (row by row) from `r`, as
   * mlp_core.init_weights defines the schemes:
   *
   * * "uniform": uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)] (the
   *   original article's choice; keeps each z of order one);
   * * "xavier": Glorot uniform, [-a, a] with a = sqrt(6 / (fan_in + fan_out));
   * * "he": normal with standard deviation sqrt(2 / fan_in) (for ReLU).
   */
  function initWeights(fanIn, fanOut, scheme, r) {
    const W = matrix(fanIn, fanOut);
    const d = W.data;
    if (scheme === "uniform" || scheme === "xavier") {
      const a = scheme === "uniform" ? 1.0 / Math.sqrt(fanIn) : Math.sqrt(6.0 / (fanIn + fanOut));
      for (let i = 0; i < d.length; i++) d[i] = r.uniform(-a, a);
    } else {
      const sd = Math.sqrt(2.0 / fanIn);
      for (let i = 0; i < d.length; i++) d[i] = r.normal(0.0, sd);
    }
    return W;
  }

  function checkSizes(layerSizes) {
    if (!Array.isArray(layerSizes)) {
      throw new TypeError(`layerSizes must be an array of integers (inputs first, outputs last), got ${show(layerSizes)}`);
    }
    if (layerSizes.length < 2) {
      throw new RangeError(`layerSizes must have at least 2 entries (inputs and outputs), got ${JSON.stringify(layerSizes)}`);
    }
    return layerSizes.map((s, i) => checkInt(s, `layerSizes[${i}]`, 1));
  }

  /**
   * Work buffers for up to `cap` rows: per layer i (0-based) z[i], h[i]
   * and d[i] = delta_{i+1} = dL/dz_{i+1} (cap x fan_out), and the
   * gradients gW[i], gb[i]. Allocated once, reused at every step.
   */
  function makeWorkspace(sizes, cap) {
    const ws = { cap, z: [], h: [], d: [], gW: [], gb: [] };
    for (let i = 0; i + 1 < sizes.length; i++) {
      const out = sizes[i + 1];
      ws.z.push(new Float64Array(cap * out));
      ws.h.push(new Float64Array(cap * out));
      ws.d.push(new Float64Array(cap * out));
      ws.gW.push(new Float64Array(sizes[i] * out));
      ws.gb.push(new Float64Array(out));
    }
    return ws;
  }

  /**
   * A fully connected feed-forward network of any depth (mlp_core.MLP).
   *
   *   new MLP([2, 3, 2], {activation, output, loss, l2, l1, bias, init, rng})
   *
   * layerSizes lists the units per layer, inputs first and outputs last.
   * Defaults are mlp_core's: sigmoid hidden layers, sigmoid output, MSE,
   * no penalty, biases (starting at zero), "uniform" initialisation; `rng`
   * is a generator or a seed (default rng(0)) that draws the weights.
   * "cross_entropy" is categorical with a softmax output and binary (per
   * output unit) with a sigmoid output; it needs one of those two.
   *
   * The parameters are net.W (matrices, fan_in x fan_out) and net.b
   * (Float64Arrays, or null without biases); training changes them in place.
   */
  class MLP {
    constructor(layerSizes, options) {
      const o = checkOptions(options, "new MLP", ["activation", "output", "loss", "l2", "l1", "bias", "init", "rng"]);
      const sizes = checkSizes(layerSizes);
      const bias = given(o.bias, true);
      if (typeof bias !== "boolean") throw new TypeError(`bias must be true or false, got ${show(bias)}`);
      const init = checkChoice(given(o.init, "uniform"), "init", INIT_SCHEMES);
      const r = asRng(o.rng, "rng");
      const W = [];
      for (let i = 0; i + 1 < sizes.length; i++) W.push(initWeights(sizes[i], sizes[i + 1], init, r));
      const b = bias ? sizes.slice(1).map((n) => new Float64Array(n)) : null;
      configure(this, W, b, o);
      this.init = init;
    }

    /**
     * A network from explicit weights (copied): weights[i] is a fan_in x
     * fan_out matrix or nested array, consecutive ones chain; biases is
     * null (no biases, like the original article's network) or one array
     * of fan_out numbers per layer. Options: activation, output, loss, l2, l1.
     */
    static fromWeights(weights, biases, options) {
      const o = checkOptions(options, "MLP.fromWeights", ["activation", "output", "loss", "l2", "l1"]);
      if (!Array.isArray(weights) || weights.length === 0) {
        throw new TypeError(`weights must be a non-empty array of matrices, one per layer, got ${show(weights)}`);
      }
      const W = weights.map((w, i) => copyMatrix(asMatrix(w, `weights[${i}]`)));
      for (let i = 0; i + 1 < W.length; i++) {
        if (W[i].cols !== W[i + 1].rows) {
          throw new RangeError(`weights do not chain: weights[${i}] has shape ${W[i].rows} x ${W[i].cols} but ` +
            `weights[${i + 1}] has shape ${W[i + 1].rows} x ${W[i + 1].cols} (expected ${W[i].cols} rows)`);
        }
      }
      let b = null;
      if (biases !== null && biases !== undefined) {
        if (!Array.isArray(biases)) {
          throw new TypeError(`biases must be null or an array of vectors, one per layer, got ${show(biases)}`);
        }
        if (biases.length !== W.length) {
          throw new RangeError(`biases must have ${W.length} vectors (one per layer), got ${biases.length}`);
        }
        b = biases.map((v, i) => asVector(v, `biases[${i}]`, W[i].cols));
      }
      const net = Object.create(MLP.prototype);
      configure(net, W, b, o);
      net.init = null;
      return net;
    }

    /** True when the layers have bias vectors. */
    get bias() {
      return this.b !== null;
    }

    /** Number of weight matrices (hidden layers + 1). */
    get nLayers() {
      return this.W.length;
    }

    /** The parameters as nested arrays, keyed W1, b1, W2, b2, ... (no b keys without biases). */
    params() {
      return paramsDict(this.W.map((W) => W.data), this.b, this.layerSizes);
    }

    /** An independent copy: same options, copied parameters. */
    copy() {
      const net = MLP.fromWeights(this.W, this.b, {
        activation: this.activation, output: this.output, loss: this.lossName, l2: this.l2, l1: this.l1,
      });
      net.init = this.init;
      return net;
    }

    /** This network's work buffers for n rows (grown when needed). */
    _workspace(n) {
      if (!this._ws || this._ws.cap < n) this._ws = makeWorkspace(this.layerSizes, n);
      return this._ws;
    }

    _checkX(X) {
      return asMatrix(X, "X", this.layerSizes[0]);
    }

    _checkXY(X, Y) {
      X = this._checkX(X);
      Y = asMatrix(Y, "Y", this.layerSizes[this.layerSizes.length - 1]);
      checkRows(X, Y);
      return [X, Y];
    }

    /** The forward step: {z1, h1, z2, h2, ...} (matrices, one row per observation); the last h is the output. */
    forward(X) {
      X = this._checkX(X);
      const ws = this._workspace(X.rows);
      forwardRows(this, X.data, X.rows, ws);
      const cache = {};
      for (let i = 0; i < this.W.length; i++) {
        const cols = this.layerSizes[i + 1];
        cache[`z${i + 1}`] = matrix(X.rows, cols, ws.z[i].slice(0, X.rows * cols));
        cache[`h${i + 1}`] = matrix(X.rows, cols, ws.h[i].slice(0, X.rows * cols));
      }
      return cache;
    }

    /** The output activations for each row of X (a matrix N x n_outputs). */
    predict(X) {
      X = this._checkX(X);
      const ws = this._workspace(X.rows);
      forwardRows(this, X.data, X.rows, ws);
      const cols = this.layerSizes[this.layerSizes.length - 1];
      return matrix(X.rows, cols, ws.h[this.W.length - 1].slice(0, X.rows * cols));
    }

    /**
     * The loss on the rows of X with one-hot targets Y: the data term
     * averaged over the N rows plus l2/(2N) sum W^2 + l1/N sum |W| (biases
     * are not penalised).
     */
    loss(X, Y) {
      [X, Y] = this._checkXY(X, Y);
      const ws = this._workspace(X.rows);
      forwardRows(this, X.data, X.rows, ws);
      return lossRows(this, ws, Y.data, X.rows);
    }

    /**
     * The gradient of loss by backpropagation: same keys and shapes as
     * params(). {gradient: "article"} gives the original article's wrong
     * gradient instead (see README.md); the default is "correct".
     */
    gradients(X, Y, options) {
      return this.lossAndGradients(X, Y, options).gradients;
    }

    /** {loss, gradients} from one forward step. */
    lossAndGradients(X, Y, options) {
      const o = checkOptions(options, "gradients", ["gradient"]);
      const gradient = checkGradient(this, given(o.gradient, "correct"));
      [X, Y] = this._checkXY(X, Y);
      const ws = this._workspace(X.rows);
      forwardRows(this, X.data, X.rows, ws);
      const loss = lossRows(this, ws, Y.data, X.rows);
      backwardRows(this, X.data, Y.data, X.rows, ws, gradient);
      return { loss, gradients: paramsDict(ws.gW, this.b ? ws.gb : null, this.layerSizes) };
    }

    /**
     * The brick chapters' quantities for one observation x (an array of
     * n_inputs numbers) with label y (N = 1): {X, z1, h1, ..., L, ...,
     * delta2, delta1, dL_dW1, ..., dL_db1, ...}, where delta_i = dL/dz_i.
     * Matrices are nested arrays (1 row for X, z, h and delta), bias
     * gradients plain arrays; L includes the penalty.
     */
    bricks(x, y) {
      const n0 = this.layerSizes[0], nL = this.layerSizes[this.layerSizes.length - 1];
      const X = matrix(1, n0, asRow(x, "x", n0));
      const Y = matrix(1, nL, asRow(y, "y", nL));
      const ws = makeWorkspace(this.layerSizes, 1);
      forwardRows(this, X.data, 1, ws);
      const L = lossRows(this, ws, Y.data, 1);
      backwardRows(this, X.data, Y.data, 1, ws, "correct");
      const n = this.W.length;
      const row = (a) => [Array.from(a)];
      const out = { X: row(X.data) };
      for (let i = 0; i < n; i++) {
        out[`z${i + 1}`] = row(ws.z[i]);
        out[`h${i + 1}`] = row(ws.h[i]);
      }
      out.L = L;
      for (let i = n - 1; i >= 0; i--) out[`delta${i + 1}`] = row(ws.d[i]);
      for (let i = 0; i < n; i++) out[`dL_dW${i + 1}`] = toNested(matrix(this.layerSizes[i], this.layerSizes[i + 1], ws.gW[i]));
      if (this.b) for (let i = 0; i < n; i++) out[`dL_db${i + 1}`] = Array.from(ws.gb[i]);
      return out;
    }

    toString() {
      return `MLP([${this.layerSizes}], activation=${this.activation}, output=${this.output}, ` +
        `loss=${this.lossName}, l2=${this.l2}, l1=${this.l1}, bias=${this.bias})`;
    }
  }

  /** Checks and stores the options shared by the constructor and fromWeights. */
  function configure(net, W, b, o) {
    const activation = checkChoice(given(o.activation, "sigmoid"), "activation", HIDDEN);
    const output = checkChoice(given(o.output, "sigmoid"), "output", OUTPUT);
    const loss = checkChoice(given(o.loss, "mse"), "loss", LOSSES);
    if (loss === "cross_entropy" && output === "identity") {
      throw new RangeError('loss "cross_entropy" needs output "sigmoid" or "softmax", got output "identity"');
    }
    if (output === "softmax" && W[W.length - 1].cols < 2) {
      throw new RangeError('output "softmax" needs at least 2 output units, got 1');
    }
    net.l2 = checkReal(given(o.l2, 0), "l2", { min: 0 });
    net.l1 = checkReal(given(o.l1, 0), "l1", { min: 0 });
    net.activation = activation;
    net.output = output;
    net.lossName = loss;
    net.W = W;
    net.b = b;
    net.layerSizes = [W[0].rows].concat(W.map((w) => w.cols));
    net._ws = null;
  }

  function paramsDict(Wdata, b, sizes) {
    const out = {};
    for (let i = 0; i < Wdata.length; i++) {
      out[`W${i + 1}`] = toNested(matrix(sizes[i], sizes[i + 1], Wdata[i]));
      if (b) out[`b${i + 1}`] = Array.from(b[i]);
    }
    return out;
  }

  /** Whether `net` is the original article's kind of network (what gradient "article" needs). */
  function isArticleKind(net) {
    return net.W.length === 2 && net.activation === "sigmoid" && net.output === "sigmoid" &&
      net.lossName === "mse" && net.b === null && net.l1 === 0;
  }

  function checkGradient(net, gradient) {
    checkChoice(gradient, "gradient", GRADIENTS);
    if (gradient === "article" && !isArticleKind(net)) {
      throw new RangeError('gradient "article" is only defined for the article\'s kind of network ' +
        "(one sigmoid hidden layer, sigmoid output, MSE loss, no biases, no L1), got " + net.toString());
    }
    return gradient;
  }

  // ------------------------------------------------------ the three steps
  // Unchecked, on raw row-major arrays and the first N rows of a workspace.

  /**
   * C = A @ B for rows x inner and inner x cols operands given by strides
   * (so that a transposed operand needs no copy): A[i, p] is
   * A[i * ai + p * ap], B[p, j] is B[p * bp + j * bj], and C is a
   * row-major rows x cols array. Each entry is a dot product that adds its
   * terms from p = 0 up, starting at 0. Four rows are computed at a time:
   * four independent sums keep the processor busy while each addition
   * waits for the previous one (the numbers are the same).
   */
  function matmul(A, ai, ap, B, bp, bj, C, rows, inner, cols) {
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const a0 = i * ai, c0 = i * cols;
      for (let j = 0; j < cols; j++) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let p = 0, ia = a0, ib = j * bj; p < inner; p++, ia += ap, ib += bp) {
          const b = B[ib];
          s0 += A[ia] * b;
          s1 += A[ia + ai] * b;
          s2 += A[ia + 2 * ai] * b;
          s3 += A[ia + 3 * ai] * b;
        }
        C[c0 + j] = s0;
        C[c0 + cols + j] = s1;
        C[c0 + 2 * cols + j] = s2;
        C[c0 + 3 * cols + j] = s3;
      }
    }
    for (; i < rows; i++) {
      const a0 = i * ai, c0 = i * cols;
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let p = 0, ia = a0, ib = j * bj; p < inner; p++, ia += ap, ib += bp) s += A[ia] * B[ib];
        C[c0 + j] = s;
      }
    }
  }

  /**
   * The forward step (mlp_core's MLP._forward): h_0 = X and, layer by
   * layer, z_i = h_{i-1} @ W_i + b_i, h_i = activation(z_i) (the output
   * activation for the last layer).
   */
  function forwardRows(net, X, N, ws) {
    const sizes = net.layerSizes;
    const last = net.W.length - 1;
    let hin = X;
    for (let i = 0; i <= last; i++) {
      const fanIn = sizes[i], fanOut = sizes[i + 1];
      const z = ws.z[i];
      // z = hin @ W: hin[r, k] is hin[r * fanIn + k], W[k, j] is W[k * fanOut + j].
      matmul(hin, fanIn, 1, net.W[i].data, fanOut, 1, z, N, fanIn, fanOut);
      if (net.b) {
        const b = net.b[i];
        for (let r = 0; r < N; r++) {
          const zo = r * fanOut;
          for (let j = 0; j < fanOut; j++) z[zo + j] += b[j];
        }
      }
      activateInto(i < last ? net.activation : net.output, z, ws.h[i], N, fanOut);
      hin = ws.h[i];
    }
  }

  /**
   * The loss after forwardRows (mlp_core's MLP._loss), from the output
   * layer's z and h:
   *   mse:                      1/(2N) sum (h - Y)^2
   *   cross-entropy, softmax:  -1/N sum Y * log_softmax(z)
   *   cross-entropy, sigmoid:  -1/N sum (Y log s(z) + (1 - Y) log s(-z))
   * plus the penalty l2/(2N) sum W^2 + l1/N sum |W|.
   */
  function lossRows(net, ws, Y, N) {
    const last = net.W.length - 1;
    const m = net.layerSizes[last + 1];
    const z = ws.z[last], h = ws.h[last], count = N * m;
    let value;
    if (net.lossName === "mse") {
      let s = 0;
      for (let i = 0; i < count; i++) {
        const diff = h[i] - Y[i];
        s += diff * diff;
      }
      value = s / (2 * N);
    } else if (net.output === "softmax") {
      let s = 0;
      for (let r = 0; r < N; r++) {
        const o = r * m;
        let max = z[o];
        for (let j = 1; j < m; j++) if (z[o + j] > max) max = z[o + j];
        let sum = 0;
        for (let j = 0; j < m; j++) sum += Math.exp(z[o + j] - max);
        const lse = Math.log(sum);
        for (let j = 0; j < m; j++) s += Y[o + j] * ((z[o + j] - max) - lse);
      }
      value = -s / N;
    } else {
      let s1 = 0, s2 = 0;
      for (let i = 0; i < count; i++) s1 += Y[i] * logSigmoid(z[i]);
      for (let i = 0; i < count; i++) s2 += (1.0 - Y[i]) * logSigmoid(-z[i]);
      value = -(s1 + s2) / N;
    }
    if (net.l2 || net.l1) value += penalty(net, N);
    return value;
  }

  /** The penalty l2/(2N) sum W^2 + l1/N sum |W| over the weight matrices. */
  function penalty(net, N) {
    let total = 0;
    if (net.l2) {
      let s = 0;
      for (let i = 0; i < net.W.length; i++) {
        const W = net.W[i].data;
        let sw = 0;
        for (let k = 0; k < W.length; k++) sw += W[k] * W[k];
        s += sw;
      }
      total += net.l2 / (2 * N) * s;
    }
    if (net.l1) {
      let s = 0;
      for (let i = 0; i < net.W.length; i++) {
        const W = net.W[i].data;
        let sw = 0;
        for (let k = 0; k < W.length; k++) sw += Math.abs(W[k]);
        s += sw;
      }
      total += net.l1 / N * s;
    }
    return total;
  }

  /**
   * The output layer's delta = dL/dz, already divided by N (mlp_core's
   * losses._delta), into d:
   * * cross-entropy with a sigmoid or softmax output: (h - Y)/N, the
   *   output's derivative cancels against the log's;
   * * MSE: dL/dh = (h - Y)/N times the output's derivative: h(1 - h) for
   *   a sigmoid, 1 for the identity, and for a softmax its Jacobian
   *   diag(h) - h h^T, row by row: h * (dL/dh - sum(dL/dh * h)).
   */
  function outputDelta(output, loss, h, Y, N, m, d) {
    const count = N * m;
    if (loss === "cross_entropy") {
      for (let i = 0; i < count; i++) d[i] = (h[i] - Y[i]) / N;
      return;
    }
    for (let i = 0; i < count; i++) d[i] = (h[i] - Y[i]) / N;
    if (output === "sigmoid") {
      for (let i = 0; i < count; i++) d[i] = d[i] * (h[i] * (1.0 - h[i]));
    } else if (output === "softmax") {
      for (let r = 0; r < N; r++) {
        const o = r * m;
        let s = 0;
        for (let j = 0; j < m; j++) s += d[o + j] * h[o + j];
        for (let j = 0; j < m; j++) d[o + j] = h[o + j] * (d[o + j] - s);
      }
    }
  }

  /** delta_below = (delta @ W^T) * activation'(h_below), into dn (N x fanIn). */
  function deltaBelow(name, d, W, h, N, fanIn, fanOut, dn) {
    // d[r, j] is d[r * fanOut + j]; W^T[j, k] = W[k, j] is W[k * fanOut + j].
    matmul(d, fanOut, 1, W, 1, fanOut, dn, N, fanOut, fanIn);
    const count = N * fanIn;
    switch (name) {
      case "sigmoid": for (let i = 0; i < count; i++) dn[i] = dn[i] * (h[i] * (1.0 - h[i])); break;
      case "tanh": for (let i = 0; i < count; i++) dn[i] = dn[i] * (1.0 - h[i] * h[i]); break;
      case "relu": for (let i = 0; i < count; i++) dn[i] = dn[i] * (h[i] > 0.0 ? 1.0 : 0.0); break;
      default: break; // identity: times 1
    }
  }

  /** g = hin^T @ d (fanIn x fanOut): dz/dW is the layer's input. */
  function inputTimesDelta(hin, d, N, fanIn, fanOut, g) {
    // hin^T[k, r] = hin[r, k] is hin[r * fanIn + k]; d[r, j] is d[r * fanOut + j].
    matmul(hin, 1, fanIn, d, fanOut, 1, g, fanIn, N, fanOut);
  }

  /**
   * Backpropagation after forwardRows (mlp_core's MLP._backward), into
   * ws.d (the deltas), ws.gW and ws.gb. From the output layer down:
   *   dL/dW_i = h_{i-1}^T @ delta_i + l2 W_i / N + l1 sign(W_i) / N,
   *   dL/db_i = delta_i summed over the rows,
   *   delta_{i-1} = (delta_i @ W_i^T) * activation'(h_{i-1}).
   */
  function backwardRows(net, X, Y, N, ws, gradient) {
    if (gradient === "article") {
      articleBackward(net, X, Y, N, ws);
      return;
    }
    const sizes = net.layerSizes;
    const last = net.W.length - 1;
    outputDelta(net.output, net.lossName, ws.h[last], Y, N, sizes[last + 1], ws.d[last]);
    const c2 = net.l2 / N, c1 = net.l1 / N;
    for (let i = last; i >= 0; i--) {
      const fanIn = sizes[i], fanOut = sizes[i + 1];
      const W = net.W[i].data, d = ws.d[i], g = ws.gW[i];
      inputTimesDelta(i > 0 ? ws.h[i - 1] : X, d, N, fanIn, fanOut, g);
      if (net.l2 || net.l1) {
        for (let k = 0; k < g.length; k++) {
          let reg = 0;
          if (net.l2) reg = c2 * W[k];
          if (net.l1) reg += c1 * Math.sign(W[k]);
          g[k] += reg;
        }
      }
      if (net.b) {
        const gb = ws.gb[i];
        for (let j = 0; j < fanOut; j++) gb[j] = d[j];
        for (let r = 1; r < N; r++) {
          const o = r * fanOut;
          for (let j = 0; j < fanOut; j++) gb[j] += d[o + j];
        }
      }
      if (i > 0) deltaBelow(net.activation, d, W, ws.h[i - 1], N, fanIn, fanOut, ws.d[i - 1]);
    }
  }

  /**
   * The original article's backward step (mlp_core.article.ArticleMLP._backward),
   * two mistakes included:
   *   delta2 = (h2 - Y) * h2 (1 - h2)            (no 1/N)
   *   delta1 = (delta2 @ W2^T) * h1 (1 - h1)
   *   dW1 = X^T @ delta1 + l2 * sum(W1^2),  dW2 = h1^T @ delta2 + l2 * sum(W2^2)
   * where the penalty's "gradient" is one number added to every entry.
   */
  function articleBackward(net, X, Y, N, ws) {
    const sizes = net.layerSizes;
    const h1 = ws.h[0], h2 = ws.h[1], d1 = ws.d[0], d2 = ws.d[1];
    const count = N * sizes[2];
    for (let i = 0; i < count; i++) d2[i] = (h2[i] - Y[i]) * (h2[i] * (1.0 - h2[i]));
    deltaBelow("sigmoid", d2, net.W[1].data, h1, N, sizes[1], sizes[2], d1);
    inputTimesDelta(X, d1, N, sizes[0], sizes[1], ws.gW[0]);
    inputTimesDelta(h1, d2, N, sizes[1], sizes[2], ws.gW[1]);
    for (let i = 0; i < 2; i++) {
      const W = net.W[i].data, g = ws.gW[i];
      let s = 0;
      for (let k = 0; k < W.length; k++) s += W[k] * W[k];
      const scalar = net.l2 * s; // the article's line: the same number for every entry
      for (let k = 0; k < g.length; k++) g[k] += scalar;
    }
  }

  /** Class index of row r of a (rows x m) array: argmax (first maximum, NaN wins as in NumPy); threshold 0.5 for one column. */
  function labelOf(a, r, m) {
    const o = r * m;
    if (m === 1) return a[o] > 0.5 ? 1 : 0;
    let best = 0;
    for (let j = 1; j < m; j++) {
      const v = a[o + j], b = a[o + best];
      if (v > b || (v !== v && b === b)) best = j;
    }
    return best;
  }

  /**
   * Fraction of rows whose predicted class (argmax of the output; with one
   * output unit, output > 0.5) equals the label's class (argmax of Y).
   */
  function accuracy(net, X, Y) {
    if (!(net instanceof MLP)) throw new TypeError(`net must be an MLP, got ${show(net)}`);
    [X, Y] = net._checkXY(X, Y);
    const h = net.predict(X);
    let hits = 0;
    for (let r = 0; r < X.rows; r++) if (labelOf(h.data, r, h.cols) === labelOf(Y.data, r, Y.cols)) hits++;
    return hits / X.rows;
  }

  // --------------------------------------------------------------- training
  /**
   * Gradient descent on `net` in place, step by step as mlp_core.train:
   *
   *   new Trainer(net, X, Y, {lr, batchSize, clipNorm, gradient, rng, orders})
   *
   * * lr: the learning rate (> 0); trainer.lr may be changed between steps.
   * * batchSize: null (or >= N) for the full batch; otherwise each epoch
   *   visits the rows in a new random order, in consecutive batches of
   *   batchSize rows (the last one may be smaller).
   * * clipNorm: null, or clip: when the global gradient norm (over every
   *   W and b) exceeds it, the step is scaled by clipNorm / norm.
   * * gradient: "correct" (default) or "article" (the original article's).
   * * rng: generator or seed of the epochs' orders (default rng(0)).
   * * orders: the epochs' row orders to use first (e.g. NumPy's, recorded
   *   in a run); later epochs draw theirs from rng.
   *
   * step() measures the loss and accuracy on its batch with the parameters
   * *before* the update, then updates; it returns {loss, accuracy, gradNorm}
   * (gradNorm before clipping). When the loss is not finite, training
   * stops: trainer.diverged = {step, reason, loss} and step() returns null.
   */
  class Trainer {
    constructor(net, X, Y, options) {
      const o = checkOptions(options, "new Trainer", ["lr", "batchSize", "clipNorm", "gradient", "rng", "orders"]);
      if (!(net instanceof MLP)) throw new TypeError(`net must be an MLP, got ${show(net)}`);
      [X, Y] = net._checkXY(X, Y);
      const N = X.rows;
      this.net = net;
      this.X = copyMatrix(X);
      this.Y = copyMatrix(Y);
      this.lr = checkReal(o.lr, "lr", { positive: true });
      let bs = given(o.batchSize, null);
      if (bs !== null) {
        checkInt(bs, "batchSize", 1);
        if (bs >= N) bs = null;
      }
      this.batchSize = bs;
      const clip = given(o.clipNorm, null);
      this.clipNorm = clip === null ? null : checkReal(clip, "clipNorm", { positive: true });
      this.gradient = checkGradient(net, given(o.gradient, "correct"));
      this.rng = asRng(o.rng, "rng");
      this._given = checkOrders(given(o.orders, null), N);
      this.N = N;
      this.steps = 0;
      this.epoch = 0;
      this.losses = [];
      this.orders = bs === null ? null : [];
      this.diverged = null;
      this._order = null;
      this._pos = N;
      const cap = bs === null ? N : bs;
      this._ws = makeWorkspace(net.layerSizes, cap);
      this._Xb = new Float64Array(cap * X.cols);
      this._Yb = new Float64Array(cap * Y.cols);
      this._labels = new Int32Array(N);
      for (let r = 0; r < N; r++) this._labels[r] = labelOf(this.Y.data, r, Y.cols);
      this._lb = new Int32Array(cap);
    }

    /** One update; returns {loss, accuracy, gradNorm}, or null if training has diverged. */
    step() {
      if (!this._advance()) return null;
      return { loss: this._loss, accuracy: this._accuracy, gradNorm: this._norm };
    }

    /** Up to n updates (fewer if the loss stops being finite); returns the number done. */
    run(n) {
      checkInt(n, "n", 0);
      let done = 0;
      while (done < n && this._advance()) done++;
      return done;
    }

    /** The next epoch's row order: the given ones first, then drawn from rng. */
    _nextOrder() {
      const k = this.epoch;
      const order = k < this._given.length ? this._given[k].slice() : this.rng.permutation(this.N);
      this.orders.push(order);
      this.epoch++;
      return order;
    }

    _advance() {
      if (this.diverged) return false;
      const net = this.net, ws = this._ws;
      let X = this.X.data, Y = this.Y.data, labels = this._labels, n = this.N;
      if (this.batchSize !== null) {
        if (this._pos >= this.N) {
          this._order = this._nextOrder();
          this._pos = 0;
        }
        const end = Math.min(this._pos + this.batchSize, this.N);
        n = end - this._pos;
        const cx = this.X.cols, cy = this.Y.cols;
        for (let i = 0; i < n; i++) {
          const row = this._order[this._pos + i];
          for (let c = 0; c < cx; c++) this._Xb[i * cx + c] = X[row * cx + c];
          for (let c = 0; c < cy; c++) this._Yb[i * cy + c] = Y[row * cy + c];
          this._lb[i] = labels[row];
        }
        this._pos += this.batchSize;
        X = this._Xb;
        Y = this._Yb;
        labels = this._lb;
      }
      forwardRows(net, X, n, ws);
      const loss = lossRows(net, ws, Y, n);
      if (!Number.isFinite(loss)) {
        let big = 0;
        for (const W of net.W) for (const w of W.data) if (Number.isFinite(w) && Math.abs(w) > big) big = Math.abs(w);
        this.diverged = {
          step: this.steps, loss,
          reason: `the loss became ${loss} (largest finite |weight| ${big.toPrecision(3)}); ` +
            "lower lr, use clipNorm, or check the gradient",
        };
        return false;
      }
      backwardRows(net, X, Y, n, ws, this.gradient);
      const last = net.W.length - 1, m = net.layerSizes[last + 1];
      let hits = 0;
      for (let r = 0; r < n; r++) if (labelOf(ws.h[last], r, m) === labels[r]) hits++;
      // The global norm: every weight gradient first, then every bias gradient.
      let sq = 0;
      for (let i = 0; i <= last; i++) sq += dot(ws.gW[i], ws.gW[i]);
      if (net.b) for (let i = 0; i <= last; i++) sq += dot(ws.gb[i], ws.gb[i]);
      const norm = Math.sqrt(sq);
      let rate = this.lr;
      if (this.clipNorm !== null && norm > this.clipNorm) rate *= this.clipNorm / norm;
      for (let i = 0; i <= last; i++) {
        const W = net.W[i].data, g = ws.gW[i];
        for (let k = 0; k < W.length; k++) W[k] -= rate * g[k];
        if (net.b) {
          const b = net.b[i], gb = ws.gb[i];
          for (let k = 0; k < b.length; k++) b[k] -= rate * gb[k];
        }
      }
      this.steps++;
      this.losses.push(loss);
      this._loss = loss;
      this._accuracy = hits / n;
      this._norm = norm;
      if (this.batchSize === null) this.epoch = this.steps; // a full batch is one epoch per step
      return true;
    }
  }

  /** sum_k a[k] * b[k], from k = 0 up. */
  function dot(a, b) {
    let s = 0;
    for (let k = 0; k < a.length; k++) s += a[k] * b[k];
    return s;
  }

  function checkOrders(orders, N) {
    if (orders === null) return [];
    if (!Array.isArray(orders)) throw new TypeError(`orders must be null or an array of row orders, got ${show(orders)}`);
    return orders.map((order, k) => {
      if ((!Array.isArray(order) && !ArrayBuffer.isView(order)) || order.length !== N) {
        throw new RangeError(`orders[${k}] must be a permutation of 0..${N - 1} (${N} row indices), got ${show(order)}`);
      }
      const seen = new Uint8Array(N);
      for (let i = 0; i < N; i++) {
        const v = order[i];
        if (!Number.isInteger(v) || v < 0 || v >= N || seen[v]) {
          throw new RangeError(`orders[${k}] must be a permutation of 0..${N - 1}: entry ${i} is ${show(v)}`);
        }
        seen[v] = 1;
      }
      return Array.from(order);
    });
  }

  return {
    version,
    rng,
    matrix,
    fromNested,
    toNested,
    FEATURES,
    features,
    data: { xor, noisyXor, circles, moons, blobs, spiral, split },
    MLP,
    accuracy,
    Trainer,
    HIDDEN: Object.freeze(HIDDEN.slice()),
    OUTPUT: Object.freeze(OUTPUT.slice()),
    LOSSES: Object.freeze(LOSSES.slice()),
    INIT_SCHEMES: Object.freeze(INIT_SCHEMES.slice()),
    GRADIENTS: Object.freeze(GRADIENTS.slice()),
  };
});
