"""Losses: the value and its gradient with respect to the prediction.

Both average over every element, as Keras and PyTorch do by default.
"""

from __future__ import annotations

import numpy as np

from convlab.arrays import as_numeric_array
from convlab.errors import ShapeError

__all__ = ["LOSSES", "mae_loss", "mse_loss"]


def mae_loss(prediction, target) -> tuple[float, np.ndarray]:
    """Mean absolute error and its gradient sign(prediction - target) / n.

    At an exact hit the gradient is 0, as in PyTorch and TensorFlow.

    >>> mae_loss([6.5, 11, 13], [6, 11, 14])
    (0.5, array([ 0.33333333,  0.        , -0.33333333]))
    """
    prediction, target = _check_loss_arguments(prediction, target)
    error = prediction - target
    return float(np.abs(error).mean()), np.sign(error) / error.size


def mse_loss(prediction, target) -> tuple[float, np.ndarray]:
    """Mean squared error and its gradient 2 (prediction - target) / n.

    >>> mse_loss([6.5, 11, 13], [6, 11, 14])
    (0.4166666666666667, array([ 0.33333333,  0.        , -0.66666667]))
    """
    prediction, target = _check_loss_arguments(prediction, target)
    error = prediction - target
    return float(np.square(error).mean()), 2 * error / error.size


LOSSES = {"mae": mae_loss, "mse": mse_loss}
"""The losses by the names `fit_kernel` accepts."""


def _check_loss_arguments(prediction, target) -> tuple[np.ndarray, np.ndarray]:
    prediction = as_numeric_array(prediction, "prediction").astype(np.float64)
    target = as_numeric_array(target, "target").astype(np.float64)
    if prediction.shape != target.shape:
        raise ShapeError(f"'target' must have the prediction's shape {prediction.shape} (got "
                         f"shape {target.shape})", "target")
    return prediction, target
