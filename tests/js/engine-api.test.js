"use strict";
// The engine's own behaviour, without fixtures: the generator, the data
// sets' geometry, features, checking of inputs, the article's gradient,
// divergence, and backpropagation against finite differences.

const { test, describe } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..", "..");
const ENGINE = path.join(ROOT, "web", "playground", "engine.js");
const engine = require(ENGINE);

const { rng, data, MLP, Trainer } = engine;

/** max |a - b| / max |b| over two arrays (nested or flat) of numbers; NaN counts as infinitely wrong. */
function relativeError(actual, expected) {
  const a = [actual].flat(Infinity), b = [expected].flat(Infinity);
  assert.equal(a.length, b.length);
  let diff = 0, scale = 0;
  a.forEach((x, i) => {
    const d = Math.abs(x - b[i]);
    diff = Math.max(diff, Number.isNaN(d) ? Infinity : d);
    scale = Math.max(scale, Math.abs(b[i]));
  });
  return diff / Math.max(scale, 1e-300);
}

function meanSd(xs) {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return [mean, Math.sqrt(v)];
}

function draws(n, f) {
  return Array.from({ length: n }, f);
}

/** Rows of a matrix as arrays. */
function rows(m) {
  return engine.toNested(m);
}

function labels(Y) {
  return rows(Y).map((r) => r.indexOf(1));
}

function assertOneHot(Y, n) {
  assert.equal(Y.rows, n);
  assert.equal(Y.cols, 2);
  for (const r of rows(Y)) assert.ok((r[0] === 1 && r[1] === 0) || (r[0] === 0 && r[1] === 1), `not one-hot: ${r}`);
}

describe("rng", () => {
  test("xoshiro128** seeded by splitmix64: the reference C code's outputs", () => {
    // From Vigna's splitmix64.c and Blackman & Vigna's xoshiro128starstar.c, compiled
    // and seeded like the engine (s0, s1 = low, high half of splitmix64's first output,
    // s2, s3 of its second): the first six 32-bit outputs.
    const reference = {
      0: [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774],
      1: [1695105466, 1423115009, 634581793, 1068227753, 716759206, 4186505319],
      42: [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222],
      4294967296: [3857403066, 3761880522, 2833589495, 1190737128, 4014693229, 145220835],
      9007199254740991: [1233166643, 1287031142, 661813442, 2960669951, 2601079046, 1036114921],
    };
    for (const [seed, expected] of Object.entries(reference)) {
      const r = rng(Number(seed));
      assert.deepEqual(draws(6, () => r.nextUint32()), expected, `seed ${seed}`);
    }
    // next(): 53 bits from two outputs, (a >>> 5) * 2^26 + (b >>> 6), over 2^53.
    const ref = reference[0];
    const u = [0, 2, 4].map((k) => ((ref[k] >>> 5) * 2 ** 26 + (ref[k + 1] >>> 6)) / 2 ** 53);
    const r = rng(0);
    assert.deepEqual(draws(3, () => r.next()), u);
    // normal(): Box-Muller on u1 = 1 - next(), u2 = next(): the cosine, then the sine.
    const radius = Math.sqrt(-2 * Math.log(1 - u[0]));
    const s = rng(0);
    assert.deepEqual([s.normal(), s.normal()],
      [radius * Math.cos(2 * Math.PI * u[1]), radius * Math.sin(2 * Math.PI * u[1])]);
    const p = rng(0);
    assert.deepEqual([p.normal(5, 2)], [5 + 2 * radius * Math.cos(2 * Math.PI * u[1])]);
  });

  test("deterministic: the same seed gives the same draws, another seed others", () => {
    const a = rng(7), b = rng(7), c = rng(8);
    const da = draws(1000, () => a.normal()), db = draws(1000, () => b.normal()), dc = draws(1000, () => c.normal());
    assert.deepEqual(da, db);
    assert.ok(da.filter((x, i) => x === dc[i]).length < 5);
  });

  test("next() is uniform on [0, 1)", () => {
    const r = rng(1);
    const xs = draws(1e5, () => r.next());
    assert.ok(Math.min(...xs) >= 0 && Math.max(...xs) < 1);
    const [mean, sd] = meanSd(xs);
    assert.ok(Math.abs(mean - 0.5) < 0.005, `mean ${mean}`);
    assert.ok(Math.abs(sd - Math.sqrt(1 / 12)) < 0.003, `sd ${sd}`);
    const bins = new Array(10).fill(0);
    for (const x of xs) bins[Math.floor(10 * x)]++;
    for (const b of bins) assert.ok(Math.abs(b - 1e4) < 500, `bins ${bins}`);
    assert.ok(xs.some((x) => x * 2 ** 32 % 1 !== 0), "more than 32 random bits");
  });

  test("uniform(a, b) and integer(n)", () => {
    const r = rng(2);
    const xs = draws(1e5, () => r.uniform(-2, 3));
    assert.ok(Math.min(...xs) >= -2 && Math.max(...xs) < 3);
    const [mean, sd] = meanSd(xs);
    assert.ok(Math.abs(mean - 0.5) < 0.03 && Math.abs(sd - 5 / Math.sqrt(12)) < 0.015, `${mean} ${sd}`);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7e4; i++) counts[r.integer(7)]++;
    for (const c of counts) assert.ok(Math.abs(c - 1e4) < 450, `counts ${counts}`);
  });

  test("normal(mean, sd) has that mean and spread, and normal tails", () => {
    const r = rng(3);
    const zs = draws(1e5, () => r.normal());
    const [mean, sd] = meanSd(zs);
    assert.ok(Math.abs(mean) < 0.015 && Math.abs(sd - 1) < 0.015, `${mean} ${sd}`);
    const within1 = zs.filter((z) => Math.abs(z) < 1).length / zs.length;
    const beyond3 = zs.filter((z) => Math.abs(z) > 3).length / zs.length;
    assert.ok(Math.abs(within1 - 0.6827) < 0.006, `P(|z| < 1) = ${within1}`);
    assert.ok(Math.abs(beyond3 - 0.0027) < 0.001, `P(|z| > 3) = ${beyond3}`);
    const ys = draws(1e5, () => r.normal(3, 2));
    const [m2, s2] = meanSd(ys);
    assert.ok(Math.abs(m2 - 3) < 0.03 && Math.abs(s2 - 2) < 0.03, `${m2} ${s2}`);
  });

  test("permutation(n) is a permutation, and every order is as likely", () => {
    const r = rng(4);
    const p = r.permutation(50);
    assert.deepEqual([...p].sort((a, b) => a - b), draws(50, (_, i) => i));
    assert.notDeepEqual(p, draws(50, (_, i) => i));
    assert.deepEqual(r.permutation(0), []);
    assert.deepEqual(r.permutation(1), [0]);
    const counts = {};
    for (let i = 0; i < 6e4; i++) {
      const key = r.permutation(3).join("");
      counts[key] = (counts[key] || 0) + 1;
    }
    assert.equal(Object.keys(counts).length, 6);
    for (const c of Object.values(counts)) assert.ok(Math.abs(c - 1e4) < 450, JSON.stringify(counts));
  });

  test("bad seeds and arguments are refused by name", () => {
    assert.throws(() => rng(-1), /seed must be an integer >= 0, got -1/);
    assert.throws(() => rng(1.5), /seed must be an integer/);
    assert.throws(() => rng("1"), /seed must be an integer/);
    assert.throws(() => rng(2 ** 53), /seed/);
    assert.throws(() => rng(0).integer(0), /n must be an integer >= 1, got 0/);
    assert.throws(() => rng(0).normal(0, -1), /sd must be a finite number >= 0, got -1/);
    assert.throws(() => rng(0).permutation(-2), /n must be an integer >= 0/);
  });
});

describe("matrices and features", () => {
  test("matrix, fromNested and toNested", () => {
    const m = engine.fromNested([[1, 2, 3], [4, 5, 6]]);
    assert.equal(m.rows, 2);
    assert.equal(m.cols, 3);
    assert.ok(m.data instanceof Float64Array);
    assert.deepEqual(Array.from(m.data), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(engine.toNested(m), [[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(engine.toNested(engine.matrix(2, 1)), [[0], [0]]);
    assert.deepEqual(engine.toNested(engine.matrix(1, 2, [7, 8])), [[7, 8]]);
    assert.throws(() => engine.fromNested([[1, 2], [3]]), /rectangular: row 1/);
    assert.throws(() => engine.fromNested([[1, "a"]]), /nested\[0\]\[1\] must be a number/);
    assert.throws(() => engine.fromNested([1, 2]), /array of rows/);
    assert.throws(() => engine.matrix(2, 2, [1, 2, 3]), /data must have rows \* cols = 4 entries, got 3/);
    assert.throws(() => engine.matrix(0, 2), /rows must be an integer >= 1, got 0/);
  });

  test("features: the columns asked for, in the order asked for", () => {
    assert.deepEqual(engine.FEATURES, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]);
    const X = [[0.5, -2], [3, 1]];
    const F = engine.features(X, engine.FEATURES);
    assert.deepEqual(rows(F), [
      [0.5, -2, 0.25, 4, -1, Math.sin(0.5), Math.sin(-2)],
      [3, 1, 9, 1, 3, Math.sin(3), Math.sin(1)],
    ]);
    assert.deepEqual(rows(engine.features(X, ["x2", "x1*x2"])), [[-2, -1], [1, 3]]);
    assert.throws(() => engine.features(X, ["x3"]), /names\[0\] must be one of "x1", "x2"/);
    assert.throws(() => engine.features(X, []), /names must be a non-empty array/);
    assert.throws(() => engine.features(X, ["x1", "x1"]), /must not repeat/);
    assert.throws(() => engine.features([[1, 2, 3]], ["x1"]), /X must have 2 columns, got 3/);
  });
});

describe("data sets: mlp_core.data's geometry", () => {
  test("xor", () => {
    const { X, Y } = data.xor();
    assert.deepEqual(rows(X), [[0, 0], [0, 1], [1, 0], [1, 1]]);
    assert.deepEqual(labels(Y), [0, 1, 1, 0]);
  });

  test("noisy XOR: points near the corners (+-1, +-1), labelled by their corner", () => {
    const { X, Y } = data.noisyXor(800, 0.1, rng(5));
    assertOneHot(Y, 800);
    const counts = {};
    rows(X).forEach(([a, b], i) => {
      const cx = Math.sign(a), cy = Math.sign(b);
      assert.ok(Math.hypot(a - cx, b - cy) < 0.6, `point ${i} (${a}, ${b}) is far from its corner`);
      assert.equal(labels(Y)[i], cx !== cy ? 1 : 0, `point ${i}: the XOR of the signs`);
      counts[`${cx},${cy}`] = (counts[`${cx},${cy}`] || 0) + 1;
    });
    assert.equal(Object.keys(counts).length, 4);
    for (const c of Object.values(counts)) assert.ok(Math.abs(c - 200) < 60, JSON.stringify(counts));
    const exact = data.noisyXor(20, 0, 1);
    for (const [a, b] of rows(exact.X)) assert.ok(Math.abs(a) === 1 && Math.abs(b) === 1);
    const [, sd] = meanSd(rows(X).map(([a]) => a - Math.sign(a)));
    assert.ok(Math.abs(sd - 0.1) < 0.01, `noise sd ${sd}`);
  });

  test("circles: class 0 (even rows) on radius 1, class 1 on radius 0.5", () => {
    const { X, Y } = data.circles(400, 0, rng(6));
    assertOneHot(Y, 400);
    rows(X).forEach(([a, b], i) => {
      assert.equal(labels(Y)[i], i % 2);
      assert.ok(Math.abs(Math.hypot(a, b) - (i % 2 ? 0.5 : 1)) < 1e-12, `radius of point ${i}`);
    });
    const quadrants = new Set(rows(X).map(([a, b]) => `${a > 0},${b > 0}`));
    assert.equal(quadrants.size, 4, "angles all round the circle");
    const noisy = data.circles(2000, 0.1, 7);
    const r0 = rows(noisy.X).filter((_, i) => i % 2 === 0).map(([a, b]) => Math.hypot(a, b));
    const r1 = rows(noisy.X).filter((_, i) => i % 2 === 1).map(([a, b]) => Math.hypot(a, b));
    assert.ok(Math.abs(meanSd(r0)[0] - 1) < 0.03 && Math.abs(meanSd(r1)[0] - 0.5) < 0.03);
  });

  test("moons: half circles shifted by (0.5, 0.25)", () => {
    const { X, Y } = data.moons(400, 0, rng(8));
    assertOneHot(Y, 400);
    rows(X).forEach(([a, b], i) => {
      assert.equal(labels(Y)[i], i % 2);
      const x = a + 0.5, y = b + 0.25; // undo the shift
      if (i % 2 === 0) { // (cos t, sin t), t in [0, pi): the upper half circle around (0, 0)
        assert.ok(Math.abs(Math.hypot(x, y) - 1) < 1e-12 && y >= 0, `moon 0, point ${i}`);
      } else { // (1 - cos t, 0.5 - sin t): the lower half circle around (1, 0.5)
        assert.ok(Math.abs(Math.hypot(x - 1, y - 0.5) - 1) < 1e-12 && y <= 0.5, `moon 1, point ${i}`);
      }
    });
    const [mx] = meanSd(rows(X).map(([a]) => a));
    assert.ok(Math.abs(mx) < 0.1, `centred in x: mean ${mx}`);
  });

  test("blobs: class 0 around (-1, -1), class 1 around (1, 1), spread noise", () => {
    const { X, Y } = data.blobs(4000, 0.5, rng(9));
    assertOneHot(Y, 4000);
    assert.deepEqual(labels(Y).slice(0, 4), [0, 1, 0, 1]);
    for (const c of [0, 1]) {
      const pts = rows(X).filter((_, i) => i % 2 === c);
      for (const k of [0, 1]) {
        const [mean, sd] = meanSd(pts.map((p) => p[k]));
        assert.ok(Math.abs(mean - (c ? 1 : -1)) < 0.05, `class ${c} coordinate ${k}: mean ${mean}`);
        assert.ok(Math.abs(sd - 0.5) < 0.03, `class ${c} coordinate ${k}: sd ${sd}`);
      }
    }
    assert.equal(data.blobs().X.rows, 200);
  });

  test("spiral: radius 0.1 + 1.9 t and angle 3.5 pi t + pi c, the arms half a turn apart", () => {
    for (const n of [200, 7]) {
      const { X, Y } = data.spiral(n, 0, rng(10));
      assertOneHot(Y, n);
      const m = Math.ceil(n / 2);
      rows(X).forEach(([a, b], i) => {
        const c = i % 2, t = Math.floor(i / 2) / m;
        assert.equal(labels(Y)[i], c);
        assert.ok(Math.abs(Math.hypot(a, b) - (0.1 + 1.9 * t)) < 1e-12, `radius of point ${i}`);
        const angle = 3.5 * Math.PI * t + Math.PI * c;
        assert.ok(Math.abs(a - (0.1 + 1.9 * t) * Math.cos(angle)) < 1e-12);
        assert.ok(Math.abs(b - (0.1 + 1.9 * t) * Math.sin(angle)) < 1e-12);
      });
      const radii = rows(X).map(([a, b]) => Math.hypot(a, b));
      assert.ok(Math.abs(Math.min(...radii) - 0.1) < 1e-12 && Math.max(...radii) < 2);
      const [x0, y0] = rows(X)[2], [x1, y1] = rows(X)[3];
      assert.ok(Math.abs(x0 + x1) < 1e-12 && Math.abs(y0 + y1) < 1e-12, "arm 1 is arm 0 turned by pi");
    }
    const noisy = data.spiral(200, 0.1, 11);
    const exact = data.spiral(200, 0, 11);
    const [, sd] = meanSd(noisy.X.data.map((v, i) => v - exact.X.data[i]));
    assert.ok(Math.abs(sd - 0.1) < 0.015, `noise sd ${sd}`);
  });

  test("the same generator state gives the same set; defaults are mlp_core's", () => {
    assert.deepEqual(rows(data.moons(50, 0.1, 3).X), rows(data.moons(50, 0.1, rng(3)).X));
    assert.notDeepEqual(rows(data.moons(50, 0.1, 3).X), rows(data.moons(50, 0.1, 4).X));
    for (const f of ["noisyXor", "circles", "moons", "blobs", "spiral"]) assert.equal(data[f]().X.rows, 200, f);
  });

  test("split: sizes, disjoint parts, rows kept with their labels", () => {
    const { X, Y } = data.circles(200, 0.1, 1);
    const s = data.split(X, Y, 0.25, rng(2));
    assert.equal(s.Xtest.rows, 50);
    assert.equal(s.X.rows, 150);
    assert.equal(s.Ytest.rows, 50);
    const key = (r) => r.join(",");
    const all = new Map(rows(X).map((r, i) => [key(r), rows(Y)[i]]));
    const seen = new Set();
    for (const [part, labelsPart] of [[s.X, s.Y], [s.Xtest, s.Ytest]]) {
      rows(part).forEach((r, i) => {
        assert.deepEqual(rows(labelsPart)[i], all.get(key(r)), "a row keeps its label");
        seen.add(key(r));
      });
    }
    assert.equal(seen.size, 200, "every row in exactly one part");
    assert.deepEqual(rows(data.split(X, Y, 0.25, 2).Xtest), rows(s.Xtest), "seed 2 and rng(2) agree");
    assert.throws(() => data.split(X, Y, 1, 0), /testFraction must be strictly between 0 and 1, got 1/);
    assert.throws(() => data.split(X, Y, 0.001, 0), /leaves an empty training or test set/);
    assert.throws(() => data.split(X, rows(Y).slice(1), 0.5, 0), /X and Y must have the same number of rows, got 200 and 199/);
  });

  test("bad arguments are refused by name", () => {
    assert.throws(() => data.noisyXor(0), /n must be an integer >= 1, got 0/);
    assert.throws(() => data.circles(1), /n must be an integer >= 2, got 1/);
    assert.throws(() => data.moons(10, -0.1), /noise must be a finite number >= 0, got -0.1/);
    assert.throws(() => data.blobs(10, NaN), /noise must be a finite number >= 0, got NaN/);
    assert.throws(() => data.spiral(10, 0.1, "seed"), /rng must be a generator from mlpEngine.rng\(seed\) or an integer seed/);
  });
});

describe("MLP", () => {
  test("defaults are mlp_core's; params() has its keys and shapes", () => {
    const net = new MLP([2, 3, 4, 2]);
    assert.equal(net.activation, "sigmoid");
    assert.equal(net.output, "sigmoid");
    assert.equal(net.lossName, "mse");
    assert.equal(net.l2, 0);
    assert.equal(net.l1, 0);
    assert.equal(net.bias, true);
    assert.equal(net.init, "uniform");
    assert.deepEqual(net.layerSizes, [2, 3, 4, 2]);
    const p = net.params();
    assert.deepEqual(Object.keys(p), ["W1", "b1", "W2", "b2", "W3", "b3"]);
    assert.deepEqual([p.W1.length, p.W1[0].length, p.W2.length, p.W2[0].length, p.W3.length, p.W3[0].length],
      [2, 3, 3, 4, 4, 2]);
    assert.deepEqual([p.b1, p.b2, p.b3], [[0, 0, 0], [0, 0, 0, 0], [0, 0]]);
    assert.deepEqual(Object.keys(new MLP([2, 3, 2], { bias: false }).params()), ["W1", "W2"]);
    assert.equal(new MLP([2, 3, 2], { bias: false }).b, null);
  });

  test("the same rng gives the same weights; copy() is independent", () => {
    assert.deepEqual(new MLP([2, 5, 2], { rng: 3 }).params(), new MLP([2, 5, 2], { rng: rng(3) }).params());
    assert.notDeepEqual(new MLP([2, 5, 2], { rng: 3 }).params(), new MLP([2, 5, 2], { rng: 4 }).params());
    const net = new MLP([2, 5, 2], { activation: "tanh", output: "softmax", loss: "cross_entropy", l2: 0.1, rng: 1 });
    const twin = net.copy();
    assert.deepEqual(twin.params(), net.params());
    assert.equal(twin.toString(), net.toString());
    twin.W[0].data[0] += 1;
    twin.b[1][0] += 1;
    assert.notDeepEqual(twin.params(), net.params());
    assert.equal(net.copy().params().W1[0][0], net.params().W1[0][0]);
  });

  test("forward, predict, loss and accuracy agree with each other", () => {
    const { X, Y } = data.moons(30, 0.1, 2);
    const net = new MLP([2, 6, 2], { activation: "tanh", output: "softmax", loss: "cross_entropy", rng: 5 });
    const cache = net.forward(X);
    assert.deepEqual(Object.keys(cache), ["z1", "h1", "z2", "h2"]);
    assert.deepEqual(rows(net.predict(X)), rows(cache.h2));
    for (const r of rows(cache.h2)) assert.ok(Math.abs(r[0] + r[1] - 1) < 1e-15, "softmax rows sum to 1");
    const h = rows(cache.h2), y = rows(Y);
    const ce = -h.reduce((s, r, i) => s + Math.log(r[y[i].indexOf(1)]), 0) / 30;
    assert.ok(relativeError(net.loss(X, Y), ce) < 1e-13);
    const acc = h.filter((r, i) => (r[1] > r[0] ? 1 : 0) === y[i].indexOf(1)).length / 30;
    assert.equal(engine.accuracy(net, X, Y), acc);
  });

  test("backpropagation matches finite differences, for every activation, output and loss", () => {
    const { X, Y } = data.blobs(9, 0.8, 4);
    const pairs = [["sigmoid", "mse"], ["sigmoid", "cross_entropy"], ["softmax", "mse"], ["softmax", "cross_entropy"], ["identity", "mse"]];
    for (const activation of ["sigmoid", "tanh", "relu", "identity"]) {
      for (const [output, loss] of pairs) {
        const net = new MLP([2, 4, 3, 2], { activation, output, loss, l2: 0.3, l1: 0.1, rng: 6 });
        for (const b of net.b) b.forEach((_, i) => { b[i] = 0.1 * (i + 1); });
        const g = net.gradients(X, Y);
        const flatParams = [...net.W.map((w) => w.data), ...net.b];
        const keys = [...net.W.map((_, i) => `W${i + 1}`), ...net.b.map((_, i) => `b${i + 1}`)];
        flatParams.forEach((arr, k) => {
          const numeric = Array.from(arr, (v, i) => {
            const eps = 1e-6;
            arr[i] = v + eps;
            const up = net.loss(X, Y);
            arr[i] = v - eps;
            const down = net.loss(X, Y);
            arr[i] = v;
            return (up - down) / (2 * eps);
          });
          const analytic = g[keys[k]].flat();
          assert.ok(relativeError(analytic, numeric) < 1e-6, `${activation}/${output}/${loss} ${keys[k]}: ` +
            `${relativeError(analytic, numeric)}`);
        });
      }
    }
  });

  test("bricks: one observation's quantities, consistent with gradients of that row", () => {
    const net = new MLP([2, 3, 2], { activation: "tanh", output: "softmax", loss: "cross_entropy", l2: 0.2, rng: 8 });
    net.b[0].set([0.1, -0.2, 0.3]);
    const x = [0.4, -1.2], y = [0, 1];
    const b = net.bricks(x, y);
    assert.deepEqual(Object.keys(b), ["X", "z1", "h1", "z2", "h2", "L", "delta2", "delta1", "dL_dW1", "dL_dW2", "dL_db1", "dL_db2"]);
    assert.deepEqual(b.X, [x]);
    assert.equal(b.L, net.loss([x], [y]));
    const g = net.gradients([x], [y]);
    assert.deepEqual([b.dL_dW1, b.dL_dW2, b.dL_db1, b.dL_db2], [g.W1, g.W2, g.b1, g.b2]);
    assert.deepEqual(b.delta2, [g.b2], "with one row, dL/db = delta");
    assert.deepEqual(b.delta1, [g.b1]);
    assert.deepEqual(b.h2, rows(net.predict([x])));
    assert.deepEqual(net.bricks([x], [y]), b, "a 1-row nested array works too");
    assert.throws(() => net.bricks([1, 2, 3], y), /x must have 2 entries, got 3/);
    assert.throws(() => net.bricks([[1, 2], [3, 4]], y), /x must be one observation \(1 row\), got 2 rows/);
  });

  test("bad options and inputs are refused by name", () => {
    assert.throws(() => new MLP([2]), /layerSizes must have at least 2 entries/);
    assert.throws(() => new MLP("2,3"), /layerSizes must be an array of integers/);
    assert.throws(() => new MLP([2, 0, 2]), /layerSizes\[1\] must be an integer >= 1, got 0/);
    assert.throws(() => new MLP([2, 2], { activation: "softplus" }), /activation must be one of "sigmoid", "tanh", "relu", "identity", got "softplus"/);
    assert.throws(() => new MLP([2, 2], { output: "tanh" }), /output must be one of/);
    assert.throws(() => new MLP([2, 2], { loss: "hinge" }), /loss must be one of "mse", "cross_entropy"/);
    assert.throws(() => new MLP([2, 2], { output: "identity", loss: "cross_entropy" }), /cross_entropy" needs output "sigmoid" or "softmax"/);
    assert.throws(() => new MLP([2, 1], { output: "softmax" }), /softmax" needs at least 2 output units/);
    assert.throws(() => new MLP([2, 2], { l2: -1 }), /l2 must be a finite number >= 0, got -1/);
    assert.throws(() => new MLP([2, 2], { l1: Infinity }), /l1 must be a finite number >= 0, got Infinity/);
    assert.throws(() => new MLP([2, 2], { bias: 1 }), /bias must be true or false, got 1/);
    assert.throws(() => new MLP([2, 2], { init: "glorot" }), /init must be one of "uniform", "xavier", "he"/);
    assert.throws(() => new MLP([2, 2], { activaton: "tanh" }), /unknown option "activaton"/);
    assert.throws(() => MLP.fromWeights([[[1, 2]], [[1], [2], [3]]], null), /weights do not chain/);
    assert.throws(() => MLP.fromWeights([[[1, 2]]], [[0, 0], [0]]), /biases must have 1 vectors/);
    assert.throws(() => MLP.fromWeights([[[1, 2]]], [[0]]), /biases\[0\] must have 2 entries, got 1/);
    const net = new MLP([2, 3, 2]);
    assert.throws(() => net.forward([[1, 2, 3]]), /X must have 2 columns, got 3/);
    assert.throws(() => net.forward([1, 2]), /X must be an array of rows/);
    assert.throws(() => net.forward([[1, NaN]]), /X must contain only finite numbers, got NaN at row 0, column 1/);
    assert.throws(() => net.loss([[1, 2]], [[1, 0], [0, 1]]), /X and Y must have the same number of rows, got 1 and 2/);
    assert.throws(() => net.loss([[1, 2]], [[1, 0, 0]]), /Y must have 2 columns, got 3/);
    assert.throws(() => net.gradients([[1, 2]], [[1, 0]], { gradient: "exact" }), /gradient must be one of "correct", "article"/);
    assert.throws(() => engine.accuracy({}, [[1, 2]], [[1, 0]]), /net must be an MLP/);
  });
});

describe("the article's gradient", () => {
  const X = [[1.76, 0.4], [-0.3, 0.9], [0.5, -1.2], [-1.1, -0.7]];
  const Y = [[1, 0], [0, 1], [0, 1], [1, 0]];
  const article = () => MLP.fromWeights([[[0.1, -0.4, 0.3], [0.2, 0.5, -0.6]], [[0.3, -0.2], [-0.5, 0.1], [0.4, 0.2]]], null, { l2: 0 });

  test("without a penalty it is N times the correct gradient (the missing 1/N)", () => {
    const net = article();
    const right = net.gradients(X, Y), wrong = net.gradients(X, Y, { gradient: "article" });
    for (const k of ["W1", "W2"]) {
      assert.ok(relativeError(wrong[k], right[k].map((r) => r.map((v) => 4 * v))) < 1e-14, k);
    }
  });

  test("with a penalty, the scalar l2 * sum(W^2) is added to every entry", () => {
    const net = article();
    const plain = net.gradients(X, Y, { gradient: "article" });
    net.l2 = 0.5;
    const penalised = net.gradients(X, Y, { gradient: "article" });
    net.W.forEach((W, i) => {
      const scalar = 0.5 * W.data.reduce((s, w) => s + w * w, 0);
      const key = `W${i + 1}`;
      penalised[key].flat().forEach((g, k) => assert.ok(Math.abs(g - plain[key].flat()[k] - scalar) < 1e-15));
    });
    assert.equal(net.loss(X, Y), MLP.fromWeights(net.W, null, { l2: 0.5 }).loss(X, Y), "the loss is the correct one");
  });

  test("any other kind of network is refused, by gradients and by Trainer", () => {
    const others = {
      "tanh hidden layer": new MLP([2, 3, 2], { activation: "tanh", bias: false }),
      "biases": new MLP([2, 3, 2]),
      "two hidden layers": new MLP([2, 3, 3, 2], { bias: false }),
      "no hidden layer": new MLP([2, 2], { bias: false }),
      "softmax output": new MLP([2, 3, 2], { output: "softmax", bias: false }),
      "cross-entropy": new MLP([2, 3, 2], { loss: "cross_entropy", bias: false }),
      "L1 penalty": new MLP([2, 3, 2], { l1: 0.1, bias: false }),
    };
    for (const [what, net] of Object.entries(others)) {
      assert.throws(() => net.gradients(X, Y, { gradient: "article" }), /gradient "article" is only defined for the article's kind of network/, what);
      assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, gradient: "article" }), /gradient "article" is only defined/, what);
    }
    assert.doesNotThrow(() => new Trainer(article(), X, Y, { lr: 0.1, gradient: "article" }));
  });
});

describe("Trainer", () => {
  const { X, Y } = data.noisyXor(40, 0.2, 1);
  const fresh = () => new MLP([2, 5, 2], { activation: "tanh", output: "softmax", loss: "cross_entropy", rng: 2 });

  test("a step measures the loss before its update, then descends", () => {
    const net = fresh();
    const before = net.loss(X, Y), grads = net.gradients(X, Y);
    const trainer = new Trainer(net, X, Y, { lr: 0.5 });
    const r = trainer.step();
    assert.equal(r.loss, before);
    assert.equal(r.accuracy, engine.accuracy(fresh(), X, Y));
    const norm = Math.sqrt(Object.values(grads).flat(2).reduce((s, g) => s + g * g, 0));
    assert.ok(relativeError(r.gradNorm, norm) < 1e-14);
    assert.ok(relativeError(net.params().W1[0][0], fresh().params().W1[0][0] - 0.5 * grads.W1[0][0]) < 1e-14);
    assert.ok(net.loss(X, Y) < before);
    assert.equal(trainer.run(99), 99);
    assert.equal(trainer.steps, 100);
    assert.equal(trainer.losses.length, 100);
    assert.equal(trainer.epoch, 100, "a full batch is one epoch per step");
    assert.equal(trainer.orders, null);
    assert.ok(trainer.losses[99] < trainer.losses[0] / 2);
  });

  test("clipping: the step is lr * clipNorm long when the norm is larger", () => {
    const net = fresh();
    const norm = new Trainer(fresh(), X, Y, { lr: 1 }).step().gradNorm;
    const w0 = net.params();
    new Trainer(net, X, Y, { lr: 0.7, clipNorm: norm / 4 }).step();
    const w1 = net.params();
    const moved = Math.sqrt(Object.keys(w0).reduce((s, k) => s + [w0[k]].flat(2).reduce((t, v, i) => t + (v - [w1[k]].flat(2)[i]) ** 2, 0), 0));
    assert.ok(relativeError(moved, 0.7 * norm / 4) < 1e-12, `moved ${moved}`);
  });

  test("minibatches: a new order each epoch, batches of batchSize, the last one smaller", () => {
    const trainer = new Trainer(fresh(), X, Y, { lr: 0.1, batchSize: 15, rng: 3 });
    trainer.run(3);
    assert.equal(trainer.epoch, 1);
    assert.equal(trainer.orders.length, 1);
    assert.deepEqual([...trainer.orders[0]].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
    trainer.step();
    assert.equal(trainer.epoch, 2, "40 rows in batches of 15: 3 steps per epoch");
    assert.notDeepEqual(trainer.orders[1], trainer.orders[0]);
    const again = new Trainer(fresh(), X, Y, { lr: 0.1, batchSize: 15, rng: rng(3) });
    again.run(4);
    assert.deepEqual(again.losses, trainer.losses, "the same rng, the same run");
    // Given orders first, then drawn ones; replaying the orders replays the run.
    const replay = new Trainer(fresh(), X, Y, { lr: 0.1, batchSize: 15, orders: trainer.orders, rng: 99 });
    replay.run(4);
    assert.deepEqual(replay.losses, trainer.losses);
    replay.run(3);
    assert.equal(replay.orders.length, 3);
    assert.deepEqual(replay.orders[2], rng(99).permutation(40));
    // batchSize >= N is the full batch.
    const full = new Trainer(fresh(), X, Y, { lr: 0.1, batchSize: 40 });
    const plain = new Trainer(fresh(), X, Y, { lr: 0.1, batchSize: null });
    full.run(5);
    plain.run(5);
    assert.equal(full.batchSize, null);
    assert.deepEqual(full.losses, plain.losses);
  });

  test("a diverging run stops at the first loss that is not finite", () => {
    const net = new MLP([2, 5, 2], { activation: "identity", output: "identity", rng: 1 });
    const trainer = new Trainer(net, X, Y, { lr: 1e6 });
    const done = trainer.run(1000);
    assert.ok(done > 0 && done < 1000, `steps done: ${done}`);
    assert.ok(trainer.diverged, "diverged must be set");
    assert.equal(trainer.diverged.step, done);
    assert.equal(trainer.steps, done);
    assert.equal(trainer.losses.length, done);
    assert.ok(trainer.losses.every(Number.isFinite));
    assert.ok(!Number.isFinite(trainer.diverged.loss));
    assert.match(trainer.diverged.reason, /the loss became (Infinity|NaN)/);
    assert.equal(trainer.step(), null);
    assert.equal(trainer.run(10), 0);
    assert.equal(trainer.steps, done);
  });

  test("bad options are refused by name", () => {
    const net = fresh();
    assert.throws(() => new Trainer(net, X, Y, { lr: -1 }), { message: "lr must be a finite number > 0, got -1" });
    assert.throws(() => new Trainer(net, X, Y, {}), /lr must be a finite number > 0, got undefined/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0 }), /lr must be a finite number > 0, got 0/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, batchSize: 0 }), /batchSize must be an integer >= 1, got 0/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, batchSize: 2.5 }), /batchSize must be an integer/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, clipNorm: 0 }), /clipNorm must be a finite number > 0, got 0/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, gradient: "wrong" }), /gradient must be one of "correct", "article"/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, batchSize: 5, orders: [[0, 1, 2]] }), /orders\[0\] must be a permutation of 0..39/);
    const twice = Array.from({ length: 40 }, (_, i) => i);
    twice[1] = 0;
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, batchSize: 5, orders: [twice] }), /orders\[0\] must be a permutation of 0..39: entry 1 is 0/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, rng: {} }), /rng must be a generator/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1, steps: 10 }), /unknown option "steps"/);
    assert.throws(() => new Trainer({}, X, Y, { lr: 0.1 }), /net must be an MLP/);
    assert.throws(() => new Trainer(net, X, rows(Y).slice(2), { lr: 0.1 }), /X and Y must have the same number of rows, got 40 and 38/);
    assert.throws(() => new Trainer(net, X, Y, { lr: 0.1 }).run(-1), /n must be an integer >= 0, got -1/);
  });
});

test("a classic script in a page: the global mlpEngine, no module, nothing else", () => {
  const code = fs.readFileSync(ENGINE, "utf8");
  const page = vm.createContext({});
  vm.runInContext(code, page, { filename: "engine.js" });
  const before = new Set(Object.getOwnPropertyNames(vm.runInContext("globalThis", vm.createContext({}))));
  const added = Object.getOwnPropertyNames(vm.runInContext("globalThis", page)).filter((k) => !before.has(k));
  assert.deepEqual(added, ["mlpEngine"]);
  const E = vm.runInContext("mlpEngine", page);
  assert.equal(E.version, engine.version);
  const net = new E.MLP([2, 3, 2], { rng: 1 });
  assert.equal(JSON.stringify(net.params()), JSON.stringify(new MLP([2, 3, 2], { rng: 1 }).params()));
  assert.doesNotMatch(code, /^\s*(import|export)\s/m, "no ES module syntax");
  assert.doesNotMatch(code, /require\(/, "no dependencies");
  assert.match(engine.version, /^\d+\.\d+\.\d+$/);
});
