"use strict";
// Conformance of web/playground/engine.js with mlp_core: every case of the
// fixtures that tools/engine_fixtures.py computes with mlp_core itself.
//
//   python tools/engine_fixtures.py _build/engine-fixtures.json
//   node --test tests/js/
//
// ENGINE_FIXTURES names another fixture file (relative to the current directory).

const { test, describe } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const engine = require(path.join(ROOT, "web", "playground", "engine.js"));

/** Every number of a value (number, nested arrays, typed array or matrix {rows, cols, data}), in row order. */
function flat(x) {
  if (typeof x === "number") return [x];
  if (x && typeof x === "object" && "data" in x && "rows" in x) return Array.from(x.data);
  if (ArrayBuffer.isView(x)) return Array.from(x);
  if (Array.isArray(x)) return x.flatMap(flat);
  throw new TypeError(`not numbers: ${JSON.stringify(x)}`);
}

/** The shape of a value: [] for a number, [n] for a vector, [rows, cols] for a matrix or nested rows. */
function shape(x) {
  if (typeof x === "number") return [];
  if (x && typeof x === "object" && "data" in x && "rows" in x) return [x.rows, x.cols];
  if (ArrayBuffer.isView(x)) return [x.length];
  if (Array.isArray(x)) return Array.isArray(x[0]) ? [x.length, x[0].length] : [x.length];
  throw new TypeError(`not numbers: ${JSON.stringify(x)}`);
}

/**
 * The relative error of `actual` against `expected`, one number per array:
 * max |a - b| / max(max |b|, 1e-300). NaN anywhere counts as infinitely wrong.
 */
function relativeError(actual, expected) {
  const a = flat(actual), b = flat(expected);
  assert.equal(a.length, b.length, "relativeError: arrays of different sizes");
  let diff = 0, scale = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    diff = Math.max(diff, Number.isNaN(d) ? Infinity : d);
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-300);
}

const TOLERANCE = 1e-12;
const FIXTURES = process.env.ENGINE_FIXTURES
  ? path.resolve(process.env.ENGINE_FIXTURES)
  : path.join(ROOT, "_build", "engine-fixtures.json");

const worst = { error: 0, where: "nothing compared" };
let compared = 0; // arrays compared

/** Asserts that `actual` has `expected`'s shape and numbers, to TOLERANCE; records the worst error. */
function close(actual, expected, where) {
  assert.deepEqual(shape(actual), shape(expected), `${where}: shape`);
  const e = relativeError(actual, expected);
  compared++;
  if (e > worst.error || worst.where === "nothing compared") Object.assign(worst, { error: e, where });
  assert.ok(e < TOLERANCE, `${where}: relative error ${e} (tolerance ${TOLERANCE})`);
}

function networkFromFixture(c) {
  const n = c.layer_sizes.length - 1;
  const W = [], b = [];
  for (let i = 1; i <= n; i++) {
    W.push(c.params[`W${i}`]);
    b.push(c.params[`b${i}`]);
  }
  const { activation, output, loss, l2, l1, bias } = c.options;
  return engine.MLP.fromWeights(W, bias ? b : null, { activation, output, loss, l2, l1 });
}

function sortedKeys(o) {
  return Object.keys(o).sort();
}

function checkNetworkCase(c) {
  const net = networkFromFixture(c);
  assert.deepEqual(net.layerSizes, c.layer_sizes);
  assert.deepEqual(net.params(), c.params, "params() must give back the weights exactly");

  const cache = net.forward(c.X);
  assert.deepEqual(sortedKeys(cache), sortedKeys(c.forward), "forward cache keys");
  for (const key of Object.keys(c.forward)) close(cache[key], c.forward[key], `${c.name}: forward ${key}`);
  const n = c.layer_sizes.length - 1;
  close(net.predict(c.X), c.forward[`h${n}`], `${c.name}: predict`);
  close(net.loss(c.X, c.Y), c.loss, `${c.name}: loss`);
  close(engine.accuracy(net, c.X, c.Y), c.accuracy, `${c.name}: accuracy`);

  const both = net.lossAndGradients(c.X, c.Y, { gradient: c.gradient });
  close(both.loss, c.loss, `${c.name}: lossAndGradients loss`);
  const grads = net.gradients(c.X, c.Y, { gradient: c.gradient });
  assert.deepEqual(sortedKeys(grads), sortedKeys(c.gradients), "gradient keys");
  for (const key of Object.keys(c.gradients)) {
    close(grads[key], c.gradients[key], `${c.name}: gradient ${key}`);
    close(both.gradients[key], c.gradients[key], `${c.name}: lossAndGradients ${key}`);
  }

  const t = c.train;
  const trainer = new engine.Trainer(net, c.X, c.Y, {
    lr: t.lr, batchSize: t.batch_size, clipNorm: t.clip_norm, gradient: c.gradient, orders: t.orders,
  });
  const results = [];
  for (let s = 0; s < t.steps; s++) {
    const r = trainer.step();
    if (r === null) break;
    results.push(r);
  }
  if (t.diverged_at === null) {
    assert.equal(trainer.diverged, null, `${c.name}: diverged although mlp_core did not`);
    assert.equal(results.length, t.steps);
  } else {
    assert.ok(trainer.diverged, `${c.name}: mlp_core diverged at step ${t.diverged_at}, the engine did not`);
    assert.equal(trainer.diverged.step, t.diverged_at, `${c.name}: divergence step`);
    assert.equal(results.length, t.diverged_at);
  }
  assert.equal(trainer.steps, results.length);
  close(results.map((r) => r.loss), t.loss, `${c.name}: training losses`);
  close(trainer.losses, t.loss, `${c.name}: trainer.losses`);
  close(results.map((r) => r.accuracy), t.accuracy, `${c.name}: training accuracies`);
  close(results.map((r) => r.gradNorm), t.grad_norm, `${c.name}: gradient norms`);
  const final = net.params();
  assert.deepEqual(sortedKeys(final), sortedKeys(t.final));
  for (const key of Object.keys(t.final)) close(final[key], t.final[key], `${c.name}: final ${key}`);
  if (t.orders) assert.deepEqual(trainer.orders, t.orders, `${c.name}: the orders used`);
  else assert.equal(trainer.orders, null);
}

function checkBricksCase(c) {
  const net = networkFromFixture(c);
  const got = net.bricks(c.x, c.y);
  assert.deepEqual(sortedKeys(got), sortedKeys(c.expected), `${c.name}: bricks keys`);
  for (const key of Object.keys(c.expected)) close(got[key], c.expected[key], `${c.name}: bricks ${key}`);
}

/** Mean, standard deviation (1/n) and largest |w| of the numbers of a matrix. */
function stats(data) {
  let s = 0, m = 0;
  for (const w of data) {
    s += w;
    m = Math.max(m, Math.abs(w));
  }
  const mean = s / data.length;
  let v = 0;
  for (const w of data) v += (w - mean) ** 2;
  return { mean, std: Math.sqrt(v / data.length), maxAbs: m };
}

function checkInitCase(c, seed) {
  const net = new engine.MLP(c.layer_sizes, { init: c.init, rng: seed });
  assert.equal(net.init, c.init);
  c.layers.forEach((py, i) => {
    const W = net.W[i];
    assert.deepEqual([W.rows, W.cols], py.shape, `${c.name}: W${i + 1} shape`);
    assert.equal(Math.max(...net.b[i].map(Math.abs)), py.bias_max_abs, "biases start at zero");
    const js = stats(W.data);
    const [fanIn, fanOut] = py.shape;
    // The engine's draws and mlp_core's have the same spread (3%: the estimates' noise is below 1%)...
    assert.ok(Math.abs(js.std - py.std) < 0.03 * py.std, `${c.name}: W${i + 1} sd ${js.std} vs mlp_core's ${py.std}`);
    assert.ok(Math.abs(js.mean) < 5 * js.std / Math.sqrt(W.data.length), `${c.name}: W${i + 1} mean ${js.mean}`);
    assert.ok(Math.abs(py.mean) < 5 * py.std / Math.sqrt(W.data.length));
    if (c.init === "he") {
      const sd = Math.sqrt(2 / fanIn);
      assert.ok(Math.abs(js.std - sd) < 0.03 * sd, `${c.name}: W${i + 1} sd ${js.std}, expected ${sd}`);
      assert.ok(js.maxAbs > 3 * sd && py.max_abs > 3 * sd, "normal draws reach beyond 3 sd");
    } else {
      // ...and, for the uniform schemes, the same range [-a, a], nearly reached by both.
      const a = c.init === "uniform" ? 1 / Math.sqrt(fanIn) : Math.sqrt(6 / (fanIn + fanOut));
      assert.ok(js.maxAbs <= a && js.maxAbs > 0.99 * a, `${c.name}: W${i + 1} max |w| ${js.maxAbs}, bound ${a}`);
      assert.ok(py.max_abs <= a && py.max_abs > 0.99 * a, `${c.name}: mlp_core's max |w| ${py.max_abs}, bound ${a}`);
      assert.ok(Math.abs(js.std - a / Math.sqrt(3)) < 0.03 * a / Math.sqrt(3));
    }
  });
}

function checkSplitSizes(c) {
  for (const { n, test_fraction: f, n_test: nTest } of c.cases) {
    const X = engine.matrix(n, 2, Array.from({ length: 2 * n }, (_, i) => i));
    if (nTest === null) {
      assert.throws(() => engine.data.split(X, X, f, 0), /testFraction/, `split of ${n} rows at ${f} must fail`);
      continue;
    }
    const s = engine.data.split(X, X, f, 0);
    assert.equal(s.Xtest.rows, nTest, `split of ${n} rows at ${f}: test rows`);
    assert.equal(s.X.rows, n - nTest, `split of ${n} rows at ${f}: training rows`);
  }
}

let fixtures = null;
if (!fs.existsSync(FIXTURES)) {
  test("engine fixtures", () => {
    assert.fail(`${FIXTURES} is missing: run  python tools/engine_fixtures.py _build/engine-fixtures.json  ` +
      "(from the repository root, with the .venv's python), or set ENGINE_FIXTURES to a fixture file");
  });
} else {
  fixtures = JSON.parse(fs.readFileSync(FIXTURES, "utf8"));
  assert.equal(fixtures.format, "mlp-engine-fixtures", `${FIXTURES} is not an engine fixture file`);
  const byKind = (kind) => fixtures.cases.filter((c) => c.kind === kind);
  const checked = new Set();

  describe("network cases (mlp_core's forward, loss, gradients and training)", () => {
    for (const c of byKind("network")) {
      test(c.name, () => {
        checkNetworkCase(c);
        checked.add(c.name);
      });
    }
  });

  describe("bricks (one observation's chapter quantities)", () => {
    for (const c of byKind("bricks")) {
      test(c.name, () => {
        checkBricksCase(c);
        checked.add(c.name);
      });
    }
  });

  describe("initialisation schemes (statistics only: the generators differ)", () => {
    byKind("init").forEach((c, k) => {
      test(c.name, () => {
        checkInitCase(c, 31 + k);
        checked.add(c.name);
      });
    });
  });

  describe("mlp_core.data's conventions and the playground's features", () => {
    test("split sizes (Python's round, empty sets refused)", () => {
      const c = byKind("split_sizes")[0];
      checkSplitSizes(c);
      checked.add(c.name);
    });
    for (const c of byKind("geometry")) {
      test(`${c.name}: mlp_core's points`, () => {
        const d = engine.data[c.dataset](c.n, 0, 1);
        close(d.X, c.X, `${c.name}: X`);
        assert.deepEqual(engine.toNested(d.Y), c.Y);
        checked.add(c.name);
      });
    }
    for (const c of byKind("features")) {
      test(c.name, () => {
        close(engine.features(c.X, c.names), c.expected, `${c.name}`);
        checked.add(c.name);
      });
    }
    test("xor", () => {
      const c = byKind("xor")[0];
      const d = engine.data.xor();
      assert.deepEqual(engine.toNested(d.X), c.X);
      assert.deepEqual(engine.toNested(d.Y), c.Y);
      checked.add(c.name);
    });
  });

  describe("the fixtures can fail", () => {
    const first = byKind("network")[0];
    test("a weight changed by one part in 1e9 is seen", () => {
      const c = structuredClone(first);
      c.params.W1[0][0] *= 1 + 1e-9;
      const net = networkFromFixture(c);
      assert.ok(relativeError(net.loss(c.X, c.Y), first.loss) > 0, "the loss must move");
      assert.ok(relativeError(net.gradients(c.X, c.Y).W1, first.gradients.W1) > TOLERANCE);
    });
    test("the article's gradient is not the correct one", () => {
      const c = fixtures.cases.find((x) => x.gradient === "article");
      const net = networkFromFixture(c);
      assert.ok(relativeError(net.gradients(c.X, c.Y).W1, c.gradients.W1) > 0.1);
      assert.ok(relativeError(net.gradients(c.X, c.Y, { gradient: "article" }).W1, c.gradients.W1) < TOLERANCE);
    });
    test("params() has mlp_core's keys and shapes", () => {
      for (const c of byKind("network").slice(0, 12)) {
        const fresh = new engine.MLP(c.layer_sizes, { bias: c.options.bias }).params();
        assert.deepEqual(sortedKeys(fresh), sortedKeys(c.params));
        for (const key of Object.keys(c.params)) assert.deepEqual(shape(fresh[key]), shape(c.params[key]), key);
      }
    });
  });

  test("every fixture case was checked; the worst relative error", (t) => {
    const missing = fixtures.cases.filter((c) => !checked.has(c.name)).map((c) => c.name);
    assert.deepEqual(missing, [], "cases not checked (or failed)");
    assert.ok(compared > 1000, `only ${compared} arrays compared`);
    const line = `worst relative error over ${fixtures.cases.length} cases (${compared} arrays): ` +
      `${worst.error.toExponential(3)} at ${worst.where} (tolerance ${TOLERANCE})`;
    t.diagnostic(line);
    console.log(line);
    assert.ok(worst.error < TOLERANCE);
  });
}
