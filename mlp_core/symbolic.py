"""SymPy derivations of the 2-3-2 network's gradients, for the gradient chapters.

The network has one observation ``X = [x1, x2]`` (a 1x2 row), weights
``W1`` (2x3) and ``W2`` (3x2) made of named symbols, sigmoid activations,
a one-hot label ``y`` and the loss of the book:

    L = 1/(2N) * sum((h2 - y)**2) + lam/(2N) * (sum(W1**2) + sum(W2**2))

(``N`` is kept as a symbol so the ``1/N`` factors stay visible; with one
observation it is 1.) The sigmoid is the SymPy function :class:`sigma`,
whose derivative SymPy knows as ``sigma(z) * (1 - sigma(z))``, so derived
expressions stay short and readable.

Two routes to each gradient are provided:

* *direct*: ask SymPy to differentiate ``L`` with respect to every weight;
* *chain*: multiply the chain-rule factors the book derives by hand
  (``dL/dh2 * dh2/dz2 * dz2/dW2`` and so on).

The chapters check that the two agree symbolically (the difference expands
to zero) and, after :func:`lambdify`, numerically against
:meth:`mlp_core.MLP.gradients` and finite differences.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .activations import sigmoid as _numeric_sigmoid


class sigma(sp.Function):
    """The logistic sigmoid as a SymPy function: ``sigma(z) = 1 / (1 + exp(-z))``."""

    def fdiff(self, argindex=1):
        s = sigma(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))


def _matrix(layer: int, rows: int, cols: int) -> sp.Matrix:
    """Entries named ``W^{(layer)}_{ij}`` (row i, column j), printed as in the notation page."""
    return sp.Matrix(rows, cols,
                     lambda i, j: sp.Symbol(f"W^{{({layer})}}_{{{i + 1}{j + 1}}}", real=True))


@dataclass
class Network232:
    """Symbols and expressions of the 2-3-2 network (one observation, no biases)."""

    X: sp.Matrix   # 1x2 input row
    y: sp.Matrix   # 1x2 label row
    W1: sp.Matrix  # 2x3
    W2: sp.Matrix  # 3x2
    lam: sp.Symbol
    N: sp.Symbol
    z1: sp.Matrix  # 1x3
    h1: sp.Matrix  # 1x3
    z2: sp.Matrix  # 1x2
    h2: sp.Matrix  # 1x2
    L: sp.Expr

    @property
    def symbols(self) -> list:
        """Every free symbol, in the order :func:`lambdify` expects its numbers."""
        return [*self.X, *self.y, *self.W1, *self.W2, self.lam, self.N]


def _check_net(net) -> None:
    if not isinstance(net, Network232):
        raise TypeError(f"net must be a Network232 (from network_232()), got {type(net).__name__}")


def network_232() -> Network232:
    """Declare the symbols of the 2-3-2 network and build its forward pass and loss."""
    X = sp.Matrix([[sp.Symbol("x_1", real=True), sp.Symbol("x_2", real=True)]])
    y = sp.Matrix([[sp.Symbol("y_1", real=True), sp.Symbol("y_2", real=True)]])
    W1, W2 = _matrix(1, 2, 3), _matrix(2, 3, 2)
    lam = sp.Symbol("lambda", nonnegative=True)
    N = sp.Symbol("N", positive=True)
    z1 = X * W1
    h1 = z1.applyfunc(sigma)
    z2 = h1 * W2
    h2 = z2.applyfunc(sigma)
    data = sum((h2 - y).applyfunc(lambda e: e**2)) / (2 * N)
    penalty = lam / (2 * N) * (sum(W1.applyfunc(lambda e: e**2)) + sum(W2.applyfunc(lambda e: e**2)))
    return Network232(X, y, W1, W2, lam, N, z1, h1, z2, h2, data + penalty)


def gradient_direct(net: Network232, W: sp.Matrix) -> sp.Matrix:
    """``dL/dW`` by differentiating ``L`` with respect to each entry of ``W``."""
    _check_net(net)
    if not isinstance(W, sp.MatrixBase):
        raise TypeError(f"W must be a SymPy Matrix such as net.W1, got {type(W).__name__}")
    return W.applyfunc(lambda w: sp.diff(net.L, w))


def chain_factors_W2(net: Network232) -> dict:
    """The three factors of ``dL/dW2 = dz2/dW2^T (dL/dh2 * dh2/dz2)``, plus the penalty's gradient."""
    return {
        "dL/dh2": (net.h2 - net.y) / net.N,                  # 1x2
        "dh2/dz2": net.h2.applyfunc(lambda s: s * (1 - s)),  # 1x2, element-wise
        "dz2/dW2": net.h1,                                   # 1x3, enters transposed
        "dR/dW2": net.lam * net.W2 / net.N,                  # 3x2
    }


def output_delta(net: Network232) -> sp.Matrix:
    """``delta_2 = dL/dz2 = dL/dh2 * dh2/dz2`` (1x2, element-wise): the output layer's error signal.

    Both chain-rule gradients start from it; ``dL/dW1`` reuses it unchanged.
    """
    f = chain_factors_W2(net)
    return f["dL/dh2"].multiply_elementwise(f["dh2/dz2"])


def gradient_chain_W2(net: Network232) -> sp.Matrix:
    """``dL/dW2`` assembled from :func:`chain_factors_W2`."""
    f = chain_factors_W2(net)
    delta2 = output_delta(net)                 # dL/dh2 * dh2/dz2 = dL/dz2
    return f["dz2/dW2"].T * delta2 + f["dR/dW2"]


def chain_factors_W1(net: Network232) -> dict:
    """Factors of ``dL/dW1``; the first two are reused from the W2 derivation."""
    f2 = chain_factors_W2(net)
    return {
        "dL/dh2": f2["dL/dh2"],     # reused
        "dh2/dz2": f2["dh2/dz2"],   # reused
        "dz2/dh1": net.W2,          # 3x2, enters transposed
        "dh1/dz1": net.h1.applyfunc(lambda s: s * (1 - s)),
        "dz1/dW1": net.X,           # 1x2, enters transposed
        "dR/dW1": net.lam * net.W1 / net.N,
    }


def gradient_chain_W1(net: Network232) -> sp.Matrix:
    """``dL/dW1`` assembled from :func:`chain_factors_W1`: backpropagation as reuse."""
    f = chain_factors_W1(net)
    delta2 = output_delta(net)                                        # dL/dz2, as for W2
    delta1 = (delta2 * f["dz2/dh1"].T).multiply_elementwise(f["dh1/dz1"])  # dL/dz1
    return f["dz1/dW1"].T * delta1 + f["dR/dW1"]


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
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    return all(sp.expand(e) == 0 for e in (a - b))


def lambdify(net: Network232, expr):
    """Turn an expression (or matrix) into a NumPy function of numbers.

    The returned function takes ``(X, y, W1, W2, lam, N)`` as arrays and
    numbers (``X`` and ``y`` 1x2, ``W1`` 2x3, ``W2`` 3x2) and returns a
    float64 array (or float). ``sigma`` is evaluated with mlp_core's stable
    sigmoid.
    """
    _check_net(net)
    f = sp.lambdify(net.symbols, expr, modules=[{"sigma": _numeric_sigmoid}, "numpy"])

    def evaluate(X, y, W1, W2, lam=0.0, N=1):
        args = [*np.ravel(X), *np.ravel(y), *np.ravel(W1), *np.ravel(W2), lam, N]
        return np.asarray(f(*args), dtype=np.float64)

    evaluate.__doc__ = f"NumPy version of a SymPy expression of the 2-3-2 network."
    return evaluate


def compact(net: Network232, expr, *, delta2: bool = False):
    """Rewrite ``expr`` with the activations as short symbols ``h_{1,j}``, ``h_{2,k}``.

    Derived expressions spell out every sigmoid of every weighted sum; for
    reading, it is clearer to name the activations the forward step already
    computed. Only for display: the result is no longer a function of the weights alone.

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
    h2 = {net.h2[k]: sp.Symbol(f"h_{{2,{k + 1}}}") for k in range(net.h2.shape[1])}
    h1 = {net.h1[j]: sp.Symbol(f"h_{{1,{j + 1}}}") for j in range(net.h1.shape[1])}
    out = sp.sympify(expr).xreplace(h2).xreplace(h1)
    if delta2:
        for k, d in enumerate(output_delta(net)):
            out = out.subs(compact(net, d), sp.Symbol(rf"\delta_{{2,{k + 1}}}"))
    return out


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
}
