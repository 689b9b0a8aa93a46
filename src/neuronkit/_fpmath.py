r"""Small floating-point tools that keep float64 kernels exact in the tails.

* :func:`two_prod` splits a product into its rounded value and the exact
  rounding error (Dekker/Veltkamp), so that ``exp(b * x)`` can be corrected for
  the rounding of ``b * x``, whose relative error the exponential multiplies by
  ``|b * x|``.
* :func:`sigma_parts` is the stable logistic function: :math:`\sigma(p)` and
  :math:`1 - \sigma(p)` from :math:`e = e^{-|p|}`, neither of them cancelling, and
  :math:`\sigma'(p) = e/(1+e)^2`; every kernel, loss and layer that needs
  :math:`\sigma` takes it from here (the compiled kernels from ``_kernels.h``).
* :func:`lifted_exp` and :data:`UNLIFT` evaluate ``exp(t)`` for very negative
  ``t`` as ``exp(t + 64) * exp(-64)``; a kernel multiplies by :data:`UNLIFT`
  last, so a result like ``x * exp(x)`` that is subnormal is rounded once,
  instead of carrying the large relative error of a subnormal ``exp(x)``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "sigma_parts", "sigma", "sigma_derivative", "sigma_second_derivative", "inverse_cube",
    "inverse_square", "product_params", "scaled_product", "two_prod",
    "two_square", "lifted_exp",
    "LIFT_BELOW", "UNLIFT", "is_power_of_two",
]

_SPLITTER = 134217729.0  # 2**27 + 1
_SPLIT_LIMIT = 2.0**500  # keeps the Veltkamp split away from overflow

LIFT_BELOW = -600.0
"""Arguments of ``exp`` below this are lifted by 64."""
UNLIFT = float(np.exp(-64.0))
"""exp(-64) rounded to float64 (a normal number; its rounding is 2**-53 relative)."""


def sigma_parts(p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""``(e, d, s, t)``: :math:`e = e^{-|p|}`, :math:`d = 1 + e`, :math:`s = \sigma(p)`
    and :math:`t = 1 - \sigma(p) = \sigma(-p)`.

    With :math:`r = 1/d`, :math:`s = r` and :math:`t = e r` for :math:`p \ge 0` (the
    other way round for :math:`p < 0`): no overflow, no cancellation, and subnormal
    values are kept.  :math:`\sigma'(p) = s t = e/d^2`.

    >>> e, d, s, t = sigma_parts(np.array([-800.0, 0.0, 40.0]))
    >>> s.tolist(), t.tolist()
    ([0.0, 0.5, 1.0], [1.0, 0.5, 4.248354255291589e-18])
    """
    e = np.exp(-np.abs(p))
    d = 1.0 + e
    r = 1.0 / d
    er = e * r
    pos = p >= 0
    return e, d, np.where(pos, r, er), np.where(pos, er, r)


def sigma(p: np.ndarray) -> np.ndarray:
    r"""The logistic function :math:`\sigma(p) = 1/(1 + e^{-p})`, stable (see
    :func:`sigma_parts`).

    >>> sigma(np.array([-740.0, 0.0]))
    array([4.2e-322, 5.0e-001])
    """
    return sigma_parts(p)[2]


def sigma_derivative(p: np.ndarray) -> np.ndarray:
    r""":math:`\sigma'(p) = \sigma(p)(1 - \sigma(p))` as :math:`e/(1 + e)^2`,
    :math:`e = e^{-|p|}` (no cancellation for large :math:`|p|`).

    >>> float(sigma_derivative(np.array([20.0]))[0])
    2.061153613941849e-09
    """
    e = np.exp(-np.abs(p))
    d = 1.0 + e
    return e / (d * d)


def sigma_second_derivative(p: np.ndarray) -> np.ndarray:
    r""":math:`\sigma''(p) = \sigma'(p)(1 - 2\sigma(p))` as
    :math:`-\operatorname{sign}(p)\,e\,(1-e)/(1+e)^3`, :math:`e = e^{-|p|}`, with
    :math:`1 - e = -\operatorname{expm1}(-|p|)` (no cancellation near 0 or in the tails).

    >>> sigma_second_derivative(np.array([-1e-9, 0.0, 20.0])).tolist()
    [1.2499999999999998e-10, 0.0, -2.061153605445141e-09]
    """
    a = np.abs(p)
    e = np.exp(-a)
    g = (e * -np.expm1(-a)) * inverse_cube(1.0, e)
    return np.where(p > 0, -g, g)


def inverse_square(c, w: np.ndarray) -> np.ndarray:
    r""":math:`1/(c + w)^2` for :math:`c \ge |w|`, with the rounding of the sum and of
    the square carried.

    >>> float(inverse_square(1.0, np.array([1.0]))[0])
    0.25
    """
    d = c + w
    dr = (c - d) + w  # d + dr = c + w exactly
    s, s_e = two_square(d)
    low = s_e + 2.0 * d * dr  # (d + dr)^2 = s + low to second order
    return (1.0 - low / s) / s


def inverse_cube(c, w: np.ndarray) -> np.ndarray:
    r""":math:`1/(c + w)^3` for :math:`c \ge |w|`, with the rounding of the sum and of
    the cube carried (about one rounding in all, where ``d*d*d`` has four).

    >>> float(inverse_cube(1.0, np.array([1.0]))[0])
    0.125
    """
    d = c + w
    dr = (c - d) + w  # d + dr = c + w exactly
    s, s_e = two_square(d)
    t, t_e = two_prod(d, s)
    low = (t_e + d * s_e) + 3.0 * s * dr  # (d + dr)^3 = t + low to second order
    return (1.0 - low / t) / t


def is_power_of_two(c: float) -> bool:
    """True when multiplying by *c* is exact (barring overflow and underflow).

    >>> is_power_of_two(0.25), is_power_of_two(1.5)
    (True, False)
    """
    m, _ = np.frexp(abs(c))
    return bool(m == 0.5)


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a: np.ndarray, b) -> tuple[np.ndarray, np.ndarray]:
    r"""Return ``(p, e)`` with ``p = fl(a * b)`` and ``p + e = a * b`` exactly.

    ``b`` is a float or an array broadcastable with ``a``.

    Exact for ``|a|, |b| < 2**500`` without underflow; elsewhere ``e`` is 0.

    .. math:: p + e = a b

    Examples
    --------
    >>> p, e = two_prod(np.array([0.1]), 3.0)
    >>> float(p[0]), float(e[0])
    (0.30000000000000004, -2.7755575615628914e-17)
    """
    a, b = _as_float(a), _as_float(b)
    p = a * b
    ah, al = _split(np.clip(a, -_SPLIT_LIMIT, _SPLIT_LIMIT))
    bh, bl = _split(np.clip(b, -_SPLIT_LIMIT, _SPLIT_LIMIT))
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    e = np.where((np.abs(a) < _SPLIT_LIMIT) & (np.abs(b) < _SPLIT_LIMIT), e, 0.0)
    return p, e


def _as_float(a):
    """*a* as a float64 NumPy array, unless it is another library's array that takes
    NumPy's ufuncs itself (``neuronkit._xp.Wrapped``), which is used as it is."""
    if not isinstance(a, np.ndarray) and hasattr(a, "__array_ufunc__"):
        return a
    return np.asarray(a, dtype=np.float64)


def two_square(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(p, e)`` with ``p = fl(a * a)`` and ``p + e = a * a`` exactly.

    >>> p, e = two_square(np.array([0.1]))
    >>> float(p[0]), float(e[0])
    (0.010000000000000002, -8.326672684688674e-19)
    """
    a = _as_float(a)
    p = a * a
    safe = np.clip(a, -_SPLIT_LIMIT, _SPLIT_LIMIT)
    ah, al = _split(safe)
    e = ((ah * ah - p) + 2.0 * (ah * al)) + al * al
    e = np.where(np.abs(a) < _SPLIT_LIMIT, e, 0.0)
    return p, e


def lifted_exp(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(m, lifted)``: ``exp(t) == m * UNLIFT`` where ``lifted`` else ``m``.

    >>> m, lifted = lifted_exp(np.array([-700.0, 0.0]))
    >>> bool(lifted[0]), bool(lifted[1]), float(m[1])
    (True, False, 1.0)
    """
    lifted = t < LIFT_BELOW
    m = np.exp(np.where(lifted, t + 64.0, t))
    return m, lifted


def scaled_product(v: np.ndarray, c: float):
    """Return ``(p, e, big)`` with ``p + e == c * v`` exactly wherever ``|v| <= big``.

    ``v`` is clipped to ``[-big, big]`` (``big = 1e300 / max(c, 1)``) so that the
    product cannot overflow; callers handle ``|v| > big`` themselves.  ``e`` is
    ``None`` when the product is exact (``c`` a power of two).

    >>> p, e, big = scaled_product(np.array([0.1]), 3.0)
    >>> float(p[0]), float(e[0])
    (0.30000000000000004, -2.7755575615628914e-17)
    """
    _, mode, big, _ = product_params(c)
    vc = np.clip(v, -big, big)
    if mode == 0.0:
        return vc, None, big
    if mode == 1.0:
        return vc * c, None, big
    p, e = two_prod(vc, c)
    return p, e, big


def product_params(c: float) -> tuple[float, float, float, float]:
    """The compiled kernels' view of a multiplier *c*: ``(c, mode, big, 0)``.

    ``mode`` is 0 for ``c == 1``, 1 when ``c * x`` is exact (a power of two) and 2
    when the rounding error must be recovered (Dekker); ``big`` is the clip bound of
    :func:`scaled_product`.

    >>> product_params(1.7)[:2]
    (1.7, 2.0)
    """
    if c == 1.0:
        mode = 0.0
    elif is_power_of_two(c) or c >= 2.0**500:
        mode = 1.0
    else:
        mode = 2.0
    return (c, mode, 1e300 / max(c, 1.0), 0.0)
