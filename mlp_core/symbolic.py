"""SymPy derivations of the 2-3-2 network's gradients (chapters 3 and 4).

Nothing here is typed in by hand and then trusted: every derivative comes
out of SymPy.

* ``sigmoid_derivation`` differentiates ``1 / (1 + exp(-z))`` with
  ``sp.diff`` and rewrites the result in terms of the sigmoid's own value
  ``s``, step by step; the SymPy function :class:`sigma` uses that derived
  formula as its derivative.
* ``local_jacobians`` writes each step of the forward pass as a
  function of its own input (``h2 = sigma(z2)``, ``z2 = h1 W2 + b2``, ...)
  and asks ``sp.Matrix.jacobian`` for its matrix of partial derivatives.
* ``weighted_sum_derivative`` differentiates ``z2[k'] = sum_j h1[j]
  W2[j, k']`` with symbolic (1-based) indices and shows where the Kronecker
  delta comes from.

Convention (the book's notation page): ``dA/dB`` is the Jacobian, one row
per entry of ``A`` and one column per entry of ``B``, a matrix ``B`` being
flattened row by row (``W2`` becomes ``W2[1,1], W2[1,2], W2[2,1], ...``).
For the scalar loss the single row is arranged in the shape of the
parameter: that is the gradient ``dL/dW``.

The network (:func:`network_232`) has ``rows`` observations (one by
default), weights ``W1`` (2x3) and ``W2`` (3x2) made of named symbols,
optional biases, sigmoid activations, one-hot labels and the book's loss:

    L = 1/(2N) * sum((h2 - y)**2) + lam/(2N) * (sum(W1**2) + sum(W2**2))

(``N`` is kept as a symbol so the ``1/N`` factors stay visible.)

Two routes lead to each gradient:

* *direct*: ask SymPy to differentiate ``L`` with respect to every
  parameter (:func:`gradient_direct`);
* *chain*: multiply the local Jacobians along the path from the loss back
  to the parameter (:func:`gradient_chain_W2`, :func:`gradient_chain_W1`,
  ``gradient_chain_b2``, ``gradient_chain_b1``).

The chapters check that the two agree symbolically
(:func:`difference_is_zero`) and, after :func:`lambdify`, numerically
against :meth:`mlp_core.MLP.gradients` and finite differences.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter

from .activations import sigmoid as _numeric_sigmoid

# ------------------------------------------------------------ the sigmoid


@dataclass(frozen=True)
class SigmoidDerivation:
    """The steps of ``sigmoid_derivation``, each a SymPy expression."""

    z: sp.Symbol              # the input
    s: sp.Symbol              # stands for the value sigma(z)
    sigmoid: sp.Expr          # 1 / (1 + exp(-z))
    derivative: sp.Expr       # sp.diff(sigmoid, z), in terms of z
    exp_in_s: sp.Expr         # exp(-z) solved from s = sigmoid
    substituted: sp.Expr      # derivative with exp(-z) replaced
    derivative_in_s: sp.Expr  # sp.simplify(substituted): the result
    check: sp.Expr            # simplify(derivative - sig (1 - sig)): 0

    def steps(self) -> list:
        """``(left side, expression, how)`` per step, the labels in LaTeX."""
        return [
            (r"\sigma(z)", self.sigmoid, r"\text{definition}"),
            (r"\sigma'(z)", self.derivative, r"\texttt{sp.diff}"),
            (r"e^{-z}", self.exp_in_s,
             r"\texttt{sp.solve}\text{ of } s = \sigma(z)"),
            (r"\sigma'(z)", self.substituted, r"\text{substituted}"),
            (r"\sigma'(z)", self.derivative_in_s, r"\texttt{sp.simplify}"),
        ]

    def aligned(self) -> str:
        """The steps as one LaTeX ``aligned`` block, how beside each line."""
        lines = [rf"{lhs} &= {latex(expr)} && {how}"
                 for lhs, expr, how in self.steps()]
        return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


@lru_cache(maxsize=None)
def sigmoid_derivation() -> SigmoidDerivation:
    """Derive the sigmoid's derivative with SymPy, in four steps.

    1. ``sp.diff(1 / (1 + exp(-z)), z)`` gives ``exp(-z) / (1 + exp(-z))**2``;
    2. solving ``s = 1 / (1 + u)`` for ``u`` gives ``exp(-z) = (1 - s) / s``;
    3. substituting that into the derivative leaves a function of ``s``;
    4. ``sp.simplify`` turns it into ``s (1 - s)``.

    ``check`` is ``simplify(derivative - sigmoid * (1 - sigmoid))``, 0 when
    the result holds for every ``z`` (a proof, not a numerical test). The
    result is cached: :class:`sigma` calls this for its derivative.
    """
    z = sp.Symbol("z", real=True)
    s = sp.Symbol("s", positive=True)
    u = sp.Symbol("u", positive=True)
    sigmoid = 1 / (1 + sp.exp(-z))
    derivative = sp.diff(sigmoid, z)
    (exp_in_s,) = sp.solve(sp.Eq(s, 1 / (1 + u)), u)
    substituted = derivative.subs(sp.exp(-z), exp_in_s)
    derivative_in_s = sp.simplify(substituted)
    check = sp.simplify(derivative - sigmoid * (1 - sigmoid))
    if check != 0 or sp.expand(derivative_in_s - s * (1 - s)) != 0:
        raise AssertionError("SymPy did not confirm sigma' = s (1 - s)")
    return SigmoidDerivation(z, s, sigmoid, derivative, exp_in_s, substituted,
                             derivative_in_s, check)


class sigma(sp.Function):
    """The logistic sigmoid as a SymPy function, ``1 / (1 + exp(-z))``.

    Its derivative is the one ``sigmoid_derivation`` derives,
    ``s (1 - s)`` with ``s = sigma(z)``: keeping ``sigma`` as a function
    (instead of its exponential form) keeps derived expressions short.
    """

    def fdiff(self, argindex=1):
        d = sigmoid_derivation()
        return d.derivative_in_s.subs(d.s, sigma(self.args[0]))

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))


# ------------------------------------------------------------ the network


def _matrix(name: str, rows: int, cols: int, **assumptions) -> sp.Matrix:
    """Entries named ``name_{ij}`` (row i, column j, 1-based)."""
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(
        f"{name}{i + 1}{j + 1}}}", **assumptions))


def _row(name: str, n: int, **assumptions) -> sp.Matrix:
    """A (1, n) row with entries named ``name_{j}`` (1-based)."""
    return sp.Matrix(1, n, lambda _, j: sp.Symbol(f"{name}{j + 1}}}",
                                                  **assumptions))


@dataclass
class Network232:
    """Symbols and expressions of the 2-3-2 network.

    ``X`` and ``y`` have one row per observation; ``b1`` and ``b2`` are
    None in a network without biases (the article's).
    """

    X: sp.Matrix   # (rows, 2) inputs
    y: sp.Matrix   # (rows, 2) labels
    W1: sp.Matrix  # (2, 3)
    W2: sp.Matrix  # (3, 2)
    b1: sp.Matrix | None  # (1, 3)
    b2: sp.Matrix | None  # (1, 2)
    lam: sp.Symbol
    N: sp.Symbol
    z1: sp.Matrix  # (rows, 3)
    h1: sp.Matrix  # (rows, 3)
    z2: sp.Matrix  # (rows, 2)
    h2: sp.Matrix  # (rows, 2)
    L: sp.Expr

    @property
    def rows(self) -> int:
        """Number of observations."""
        return self.X.shape[0]

    @property
    def bias(self) -> bool:
        """True when the layers have biases."""
        return self.b1 is not None

    @property
    def penalty(self) -> sp.Expr:
        """The L2 term ``R = lam/(2N) (sum W1**2 + sum W2**2)`` of ``L``."""
        squares = sum(w**2 for w in self.W1) + sum(w**2 for w in self.W2)
        return self.lam / (2 * self.N) * squares

    @property
    def symbols(self) -> list:
        """Every free symbol, in the order :func:`lambdify` takes numbers."""
        biases = [*self.b1, *self.b2] if self.bias else []
        return [*self.X, *self.y, *self.W1, *self.W2, *biases,
                self.lam, self.N]


def _check_net(net) -> None:
    if not isinstance(net, Network232):
        raise TypeError(
            "net must be a Network232 (from network_232()), "
            f"got {type(net).__name__}")


def network_232(*, rows: int = 1, bias: bool = False) -> Network232:
    """Declare the 2-3-2 network's symbols; build its forward pass and loss.

    ``rows`` observations (one row each); with ``bias=True`` the layers
    compute ``z1 = X W1 + b1`` and ``z2 = h1 W2 + b2``, the bias row added
    to every observation. Entry names follow the notation page, 1-based:
    ``W_{2,jk}``, ``b_{2,k}``; with one observation ``x_i`` and ``y_k``,
    with several ``x_{ni}`` and ``y_{nk}`` (observation ``n``).
    """
    if (isinstance(rows, bool) or not isinstance(rows, (int, np.integer))
            or rows < 1):
        raise ValueError(f"rows must be a positive integer, got {rows!r}")
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be True or False, got {bias!r}")
    rows = int(rows)
    if rows == 1:
        X, y = _row("x_{", 2, real=True), _row("y_{", 2, real=True)
    else:
        X = _matrix("x_{", rows, 2, real=True)
        y = _matrix("y_{", rows, 2, real=True)
    W1 = _matrix("W_{1,", 2, 3, real=True)
    W2 = _matrix("W_{2,", 3, 2, real=True)
    b1 = _row("b_{1,", 3, real=True) if bias else None
    b2 = _row("b_{2,", 2, real=True) if bias else None
    lam = sp.Symbol("lambda", nonnegative=True)
    N = sp.Symbol("N", positive=True)
    ones = sp.ones(rows, 1)
    z1 = X * W1 + (ones * b1 if bias else sp.zeros(rows, 3))
    h1 = z1.applyfunc(sigma)
    z2 = h1 * W2 + (ones * b2 if bias else sp.zeros(rows, 2))
    h2 = z2.applyfunc(sigma)
    data = sum((h2 - y).applyfunc(lambda e: e**2)) / (2 * N)
    net = Network232(X, y, W1, W2, b1, b2, lam, N, z1, h1, z2, h2, sp.S(0))
    net.L = data + net.penalty
    return net


# ---------------------------------------------- local derivatives (Jacobians)

# Stand-ins for one observation's layer values, so that each step of the
# forward pass can be written as a function of its own input.
_Z1, _H1 = _row("z_{1,", 3), _row("h_{1,", 3)
_Z2, _H2 = _row("z_{2,", 2), _row("h_{2,", 2)


def _flat(M: sp.Matrix) -> sp.Matrix:
    """``M``'s entries as a column, row by row (the Jacobian's order)."""
    return M.reshape(M.shape[0] * M.shape[1], 1)


def local_jacobians(net: Network232, row: int = 0) -> dict:
    """The Jacobian of each step of the forward pass, by ``Matrix.jacobian``.

    Each step is written as a function of its own input, for one
    observation (``row``, 0-based), and differentiated:

    * ``"dL/dh2"``: ``L`` as a function of ``h2``, shape (1, 2);
    * ``"dh2/dz2"``: ``sigma`` applied to ``z2``, (2, 2), diagonal;
    * ``"dz2/dW2"``: ``h1 W2 + b2`` as a function of ``W2``, (2, 6);
    * ``"dz2/dh1"``: the same step as a function of ``h1``, (2, 3): ``W2^T``;
    * ``"dh1/dz1"``: ``sigma`` applied to ``z1``, (3, 3), diagonal;
    * ``"dz1/dW1"``: ``X W1 + b1`` as a function of ``W1``, (3, 6);
    * with biases, ``"dz2/db2"`` (2, 2) and ``"dz1/db1"`` (3, 3).

    The stand-in inputs are then replaced by the observation's actual
    expressions, so every entry is a function of the inputs, labels and
    weights (use :func:`compact` to read it with short names).
    """
    _check_net(net)
    if (isinstance(row, bool) or not isinstance(row, (int, np.integer))
            or not 0 <= row < net.rows):
        raise ValueError(
            f"row must be an integer in [0, {net.rows}), got {row!r}")
    x, y = net.X[row, :], net.y[row, :]
    b1 = net.b1 if net.bias else sp.zeros(1, 3)
    b2 = net.b2 if net.bias else sp.zeros(1, 2)
    # one observation's part of the data term (the other rows do not depend
    # on this row's h2)
    squares = (_H2 - y).applyfunc(lambda e: e**2)
    loss_of_h2 = sp.Matrix([sum(squares) / (2 * net.N)])
    sigma_of_z2, sigma_of_z1 = _Z2.applyfunc(sigma), _Z1.applyfunc(sigma)
    z2_step = _H1 * net.W2 + b2
    z1_step = x * net.W1 + b1
    forms = {
        "dL/dh2": loss_of_h2.jacobian(_H2).applyfunc(sp.factor),
        "dh2/dz2": sigma_of_z2.jacobian(_Z2),
        "dz2/dW2": z2_step.jacobian(_flat(net.W2)),
        "dz2/dh1": z2_step.jacobian(_H1),
        "dh1/dz1": sigma_of_z1.jacobian(_Z1),
        "dz1/dW1": z1_step.jacobian(_flat(net.W1)),
    }
    if net.bias:
        forms["dz2/db2"] = z2_step.jacobian(net.b2)
        forms["dz1/db1"] = z1_step.jacobian(net.b1)
    values = {}
    for k in range(2):
        values[_H2[k]], values[_Z2[k]] = net.h2[row, k], net.z2[row, k]
    for j in range(3):
        values[_H1[j]], values[_Z1[j]] = net.h1[row, j], net.z1[row, j]
    return {name: J.xreplace(values) for name, J in forms.items()}


def weighted_sum_derivative() -> dict:
    """Differentiate ``z_{2,k'} = sum_j h_{1,j} W_{2,jk'}``, indices symbolic.

    Indices are 1-based, as in the book's formulas: ``j`` runs over the 3
    hidden units, ``k`` and ``k'`` over the 2 outputs. Returns the steps:

    * ``"z2[k']"``: the weighted sum, as a SymPy ``Sum``;
    * ``"dz2[k']/dW2[j,k]"``: ``sp.diff`` of it with respect to
      ``W_{2,jk}``, summed out and refined with ``j <= 3``: ``h_{1,j}``
      times ``KroneckerDelta(k, k')`` (1 when ``k' = k``, else 0);
    * ``"dL/dW2[j,k]"``: the chain rule's sum over ``k'`` of
      ``delta_{2,k'} dz2[k']/dW2[j,k]``: only ``k' = k`` survives, leaving
      ``h_{1,j} delta_{2,k}``.

    Also returns the index symbols and the indexed objects (``"j"``,
    ``"k"``, ``"k'"``, ``"h1"``, ``"W2"``, ``"delta2"``) for display with
    ``latex``.
    """
    jp, j, k, kp = sp.symbols("j' j k k'", integer=True, positive=True)
    h1, W2 = sp.IndexedBase("h_1"), sp.IndexedBase("W_2")
    delta2 = sp.IndexedBase("delta_2")
    z2 = sp.Sum(h1[jp] * W2[jp, kp], (jp, 1, 3))
    dz = sp.refine(sp.diff(z2, W2[j, k]).doit(), sp.Q.le(j, 3))
    dL = sp.refine(sp.Sum(delta2[kp] * dz, (kp, 1, 2)).doit(), sp.Q.le(k, 2))
    return {"z2[k']": z2, "dz2[k']/dW2[j,k]": dz, "dL/dW2[j,k]": dL,
            "j": j, "k": k, "k'": kp, "h1": h1, "W2": W2, "delta2": delta2}


# -------------------------------------------------------- the two routes


def gradient_direct(net: Network232, W: sp.Matrix) -> sp.Matrix:
    """``dL/dW`` by differentiating ``L`` with respect to each entry of ``W``.

    ``W`` is one of the network's parameters (``net.W1``, ``net.b2``, ...);
    the result has its shape.
    """
    _check_net(net)
    if not isinstance(W, sp.MatrixBase):
        raise TypeError("W must be a SymPy Matrix such as net.W1, "
                        f"got {type(W).__name__}")
    return W.applyfunc(lambda w: sp.diff(net.L, w))


def penalty_gradient(net: Network232, W: sp.Matrix) -> sp.Matrix:
    """``dR/dW``: ``sp.diff`` of the penalty ``R`` for each entry of ``W``.

    For a weight matrix this is ``lam W / N``; for a bias it is 0.
    """
    _check_net(net)
    if not isinstance(W, sp.MatrixBase):
        raise TypeError("W must be a SymPy Matrix such as net.W1, "
                        f"got {type(W).__name__}")
    return W.applyfunc(lambda w: sp.diff(net.penalty, w))


def chain_factors_W2(net: Network232) -> dict:
    """The factors of ``dL/dW2 = dL/dh2 . dh2/dz2 . dz2/dW2``, and ``dR/dW2``.

    The first three are ``local_jacobians`` of the first observation,
    shapes (1, 2), (2, 2) and (2, 6); ``"dR/dW2"`` is
    ``penalty_gradient``, (3, 2).
    """
    J = local_jacobians(net)
    return {"dL/dh2": J["dL/dh2"], "dh2/dz2": J["dh2/dz2"],
            "dz2/dW2": J["dz2/dW2"], "dR/dW2": penalty_gradient(net, net.W2)}


def output_delta(net: Network232) -> sp.Matrix:
    """``delta_2 = dL/dz2 = dL/dh2 . dh2/dz2``, the output's error signal.

    One row per observation, shape (rows, 2). Each row is the product of
    that observation's Jacobians (1, 2)(2, 2); the diagonal ``dh2/dz2`` makes
    it the element-wise product ``(h2 - y)/N * h2 (1 - h2)``. Every
    chain-rule gradient starts from it.
    """
    _check_net(net)
    rows = []
    for n in range(net.rows):
        J = local_jacobians(net, n)
        rows.append(J["dL/dh2"] * J["dh2/dz2"])
    return sp.Matrix.vstack(*rows)


def hidden_delta(net: Network232) -> sp.Matrix:
    """``delta_1 = dL/dz1 = delta_2 . dz2/dh1 . dh1/dz1``, shape (rows, 3).

    Row by row: ``delta_2`` (1, 2) times ``W2^T`` (2, 3) times the diagonal
    sigmoid Jacobian (3, 3), i.e. ``(delta_2 W2^T) * h1 (1 - h1)``.
    """
    delta2 = output_delta(net)
    rows = []
    for n in range(net.rows):
        J = local_jacobians(net, n)
        rows.append(delta2[n, :] * J["dz2/dh1"] * J["dh1/dz1"])
    return sp.Matrix.vstack(*rows)


def _sum_over_rows(net, delta, jacobian_name, shape) -> sp.Matrix:
    """``sum_n delta[n] . J_n`` over the rows n, arranged in ``shape``."""
    total = sp.zeros(1, shape[0] * shape[1])
    for n in range(net.rows):
        total += delta[n, :] * local_jacobians(net, n)[jacobian_name]
    return total.reshape(*shape)


def gradient_chain_W2(net: Network232) -> sp.Matrix:
    """``dL/dW2`` by the chain rule: ``delta_2 . dz2/dW2`` plus ``dR/dW2``.

    For each observation the (1, 2) row ``delta_2`` times the (2, 6)
    Jacobian ``dz2/dW2`` is a (1, 6) row, arranged in the (3, 2) shape of
    ``W2``; it equals ``h1^T delta_2`` entry by entry. The observations'
    rows are added up.
    """
    return (_sum_over_rows(net, output_delta(net), "dz2/dW2", (3, 2))
            + penalty_gradient(net, net.W2))


def chain_factors_W1(net: Network232) -> dict:
    """Factors of ``dL/dW1``; the first two are those of ``dL/dW2``."""
    J = local_jacobians(net)
    return {"dL/dh2": J["dL/dh2"], "dh2/dz2": J["dh2/dz2"],
            "dz2/dh1": J["dz2/dh1"], "dh1/dz1": J["dh1/dz1"],
            "dz1/dW1": J["dz1/dW1"], "dR/dW1": penalty_gradient(net, net.W1)}


def gradient_chain_W1(net: Network232) -> sp.Matrix:
    """``dL/dW1``: ``delta_1 . dz1/dW1`` summed over rows, + ``dR/dW1``.

    ``delta_1`` (``hidden_delta``) is built from ``delta_2``: that is
    backpropagation's reuse.
    """
    return (_sum_over_rows(net, hidden_delta(net), "dz1/dW1", (2, 3))
            + penalty_gradient(net, net.W1))


def _need_bias(net):
    _check_net(net)
    if not net.bias:
        raise ValueError(
            "net has no biases: build it with network_232(bias=True)")


def gradient_chain_b2(net: Network232) -> sp.Matrix:
    """``dL/db2``: ``delta_2 . dz2/db2`` summed over the rows, shape (1, 2).

    ``dz2/db2`` is the (2, 2) identity for every observation (each output's
    bias enters only its own ``z2``), so this is the column sums of
    ``delta_2``. The penalty does not touch the biases.
    """
    _need_bias(net)
    return _sum_over_rows(net, output_delta(net), "dz2/db2", (1, 2))


def gradient_chain_b1(net: Network232) -> sp.Matrix:
    """``dL/db1``: ``delta_1 . dz1/db1`` summed over the rows.

    ``dz1/db1`` is the (3, 3) identity, so these are the column sums of
    ``delta_1`` (``hidden_delta``).
    """
    _need_bias(net)
    return _sum_over_rows(net, hidden_delta(net), "dz1/db1", (1, 3))


def difference_is_zero(a: sp.Matrix, b: sp.Matrix) -> bool:
    """True when every entry of ``a - b`` expands to exactly 0.

    ``sp.expand`` multiplies every product out, so two correct derivations
    that group the same terms differently (the chain rule factors, ``sp.diff``
    does not) give identical sums. It only proves equality when it returns
    True; a False could in principle be an identity that expansion alone does
    not see, which does not happen for these polynomial-in-sigma expressions.
    """
    if not (isinstance(a, sp.MatrixBase) and isinstance(b, sp.MatrixBase)):
        raise TypeError("a and b must be SymPy matrices")
    if a.shape != b.shape:
        raise ValueError("a and b must have the same shape, "
                         f"got {a.shape} and {b.shape}")
    return all(sp.expand(e) == 0 for e in (a - b))


# ------------------------------------------------------------- numbers


def lambdify(net: Network232, expr):
    """Turn an expression (or matrix) into a NumPy function of numbers.

    The returned function is ``f(X, y, W1, W2, lam=0.0, N=None, *, b1=None,
    b2=None)``: ``X`` and ``y`` with the network's number of rows, ``W1``
    (2, 3), ``W2`` (3, 2), the biases (3,) and (2,) for a network with
    biases; ``N`` defaults to the number of rows. It returns a float64
    array. ``sigma`` is evaluated with mlp_core's stable sigmoid.
    """
    _check_net(net)
    f = sp.lambdify(net.symbols, expr,
                    modules=[{"sigma": _numeric_sigmoid}, "numpy"])
    shapes = {"X": (net.rows, 2), "y": (net.rows, 2), "W1": (2, 3),
              "W2": (3, 2), "b1": (3,), "b2": (2,)}

    def evaluate(X, y, W1, W2, lam=0.0, N=None, *, b1=None, b2=None):
        given = {"X": X, "y": y, "W1": W1, "W2": W2}
        if net.bias:
            if b1 is None or b2 is None:
                raise ValueError("this network has biases: pass b1 and b2")
            given.update(b1=b1, b2=b2)
        elif b1 is not None or b2 is not None:
            raise ValueError(
                "this network has no biases: leave b1 and b2 out")
        args = []
        for name, value in given.items():
            a = np.asarray(value, dtype=np.float64)
            if a.size != np.prod(shapes[name]):
                raise ValueError(
                    f"{name} must have shape {shapes[name]}, got {a.shape}")
            args.extend(a.ravel())
        args += [lam, net.rows if N is None else N]
        return np.asarray(f(*args), dtype=np.float64)

    evaluate.__doc__ = "NumPy version of a SymPy expression of the network."
    return evaluate


# ------------------------------------------------------------- display


def _name(layer: int, n: int, j: int, rows: int) -> str:
    """``"2,1"`` for one observation, ``"2,31"`` for row 3 of several."""
    return f"{layer},{j + 1}" if rows == 1 else f"{layer},{n + 1}{j + 1}"


def compact(net: Network232, expr, *, delta2: bool = False):
    """Rewrite ``expr`` with the activations as short symbols ``h_{1,j}``.

    Derived expressions spell out every sigmoid of every weighted sum; for
    reading, it is clearer to name the activations the forward step already
    computed (with several observations ``h_{2,nk}``, observation ``n``).
    Only for display: the result is no longer a function of the weights alone.

    With ``delta2=True`` the output layer's error signal
    ``delta_{2,k} = dL/dz_{2,k}`` (see :func:`output_delta`) also gets a short
    name wherever it appears as a whole, which is the case in the chain-rule
    form of ``dL/dW1``: the display then shows the reuse of ``delta_2``. (The
    direct form from ``sp.diff`` spreads the same factors around differently
    and is mostly left as it is.)
    """
    _check_net(net)
    if not isinstance(delta2, bool):
        raise TypeError(f"delta2 must be True or False, got {delta2!r}")
    r = net.rows
    h2 = {net.h2[n, k]: sp.Symbol(f"h_{{{_name(2, n, k, r)}}}")
          for n in range(r) for k in range(2)}
    h1 = {net.h1[n, j]: sp.Symbol(f"h_{{{_name(1, n, j, r)}}}")
          for n in range(r) for j in range(3)}
    out = sp.sympify(expr).xreplace(h2).xreplace(h1)
    if delta2:
        d = output_delta(net)
        for n in range(r):
            for k in range(2):
                out = out.subs(compact(net, d[n, k]),
                               sp.Symbol(rf"\delta_{{{_name(2, n, k, r)}}}"))
    return out


class _BookLatex(LatexPrinter):
    """SymPy's LaTeX with the book's notation for indexed objects.

    ``h_1[j]`` prints as ``h_{1,j}``, ``W_2[j, k]`` as ``W_{2,jk}`` and
    ``delta_2[k]`` as ``\\delta_{2,k}``; SymPy's ``KroneckerDelta(k, k')``
    prints as the bracket ``[k' = k]`` (1 when true, 0 when false), because
    the book keeps the letter delta for error signals.
    """

    def _print_Indexed(self, expr):
        base, _, layer = expr.base.label.name.partition("_")
        head = self._print(sp.Symbol(base))
        indices = "".join(self._print(i) for i in expr.indices)
        if layer:
            return f"{head}_{{{layer},{indices}}}"
        return f"{head}_{{{indices}}}"

    def _print_KroneckerDelta(self, expr, exp=None):
        a, b = (self._print(i) for i in expr.args)
        return rf"\left[{b} = {a}\right]"


def latex(expr) -> str:
    """LaTeX for ``expr`` in the book's notation (see ``_BookLatex``)."""
    return _BookLatex().doprint(expr)


def equation(lhs: str, expr, net: Network232 | None = None):
    """An IPython ``Math`` object, ``lhs = expr`` in the book's notation.

    With ``net`` the activations get their short names (:func:`compact`).
    A matrix is followed by its shape, as the book states every Jacobian's.
    """
    from IPython.display import Math

    e = compact(net, expr) if net is not None else sp.sympify(expr)
    shape = ""
    if isinstance(e, sp.MatrixBase):
        shape = rf"\qquad ({e.shape[0]}, {e.shape[1]})"
    return Math(f"{lhs} = {latex(e)}{shape}")


#: LaTeX for the names of the chain-rule factors.
FACTOR_LATEX = {
    "dL/dh2": r"\frac{\partial L}{\partial h_2}",
    "dh2/dz2": r"\frac{\partial h_2}{\partial z_2}",
    "dz2/dW2": r"\frac{\partial z_2}{\partial W_2}",
    "dR/dW2": r"\frac{\partial R}{\partial W_2}",
    "dz2/dh1": r"\frac{\partial z_2}{\partial h_1}",
    "dh1/dz1": r"\frac{\partial h_1}{\partial z_1}",
    "dz1/dW1": r"\frac{\partial z_1}{\partial W_1}",
    "dR/dW1": r"\frac{\partial R}{\partial W_1}",
    "dz2/db2": r"\frac{\partial z_2}{\partial b_2}",
    "dz1/db1": r"\frac{\partial z_1}{\partial b_1}",
}
