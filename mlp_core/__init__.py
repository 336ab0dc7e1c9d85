"""mlp_core: the small, tested neural-network library the book builds brick
by brick.

The public API, re-exported here:

* :class:`MLP` — a fully connected network: ``forward``, ``predict``,
  ``loss``, ``gradients``;
* :func:`train`, :class:`History`, :class:`TrainingDiverged`,
  :class:`StepDecay`, :class:`ExponentialDecay`, :func:`accuracy`;
* :func:`numerical_gradients`, :func:`relative_error`, :func:`gradient_check`;
* the submodules :mod:`~mlp_core.data`, :mod:`~mlp_core.activations`,
  :mod:`~mlp_core.losses` and :mod:`~mlp_core.diagnostics` (what to look at
  when training misbehaves).
"""

from . import activations, data, diagnostics, losses
from .gradcheck import gradient_check, numerical_gradients, relative_error
from .network import MLP, init_weights
from .training import (
    ExponentialDecay,
    History,
    StepDecay,
    TrainingDiverged,
    accuracy,
    train,
)

__all__ = [
    "MLP", "init_weights", "train", "History", "TrainingDiverged",
    "StepDecay", "ExponentialDecay", "accuracy", "numerical_gradients",
    "relative_error", "gradient_check", "activations", "data",
    "diagnostics", "losses",
]
# The version moves with the public API (tests/test_api_version.py): chapters
# need at least this version, and their install cell upgrades an older one.
__version__ = "0.4.0"
