r"""Experiments on how gradients flow: vanishing gradients, bias shift, dying ReLU.

Each function runs one claim of the source text as a measurement, deterministic
from its ``seed``, and returns a frozen result with the numbers, a one-line
``verdict`` and ``passed`` (whether the claim held).  Gradients come from the
network's own backward pass (:meth:`~neuronkit.Network.loss_and_gradient`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from ..datasets import two_moons
from ..i18n import Text
from ..layers import Dense, default_init
from ..network import Network
from ._base import ResultMixin, check_seed, fmt, signed, standardize

#: the verdict of each experiment of this module: one sentence per experiment, with
#: the measured numbers as named fields (one place for a translation to replace)
#: each experiment's verdict, in English and Chinese, with named fields
VERDICTS: dict[str, Text] = {
    "vanishing-gradients": Text(
        "at initialisation the weight gradient's norm shrinks by a factor {logi:.2f} per "
        "layer with logistic (geometric mean over layers 2 to {depth}; the logistic "
        "derivative is at most {bound}), and layer 1, next to the input, gets {ratio:.0e} of "
        "layer {depth}'s gradient (the step into layer 1 is not part of that mean); per layer "
        "{others}",
        "初始化时，使用 Logistic 函数的网络中权重梯度的范数每经过一层缩小为原来的 {logi:.2f} 倍"
        "（第 2 至 {depth} 层的几何平均；Logistic 函数的导数最大为 {bound}），紧挨输入的第 1 层"
        "得到的梯度只有第 {depth} 层的 {ratio:.0e}（进入第 1 层的这一步不在上述平均之内）；"
        "其他激活函数每层的缩小倍数：{others}"),
    "vanishing-gradients-other": Text("per-layer shrink factors: {factors}",
                                      "每层的梯度缩小倍数：{factors}"),
    "bias-shift": Text(
        "the next layer's mean input is {mean_lo} with logistic and {mean_th} with tanh; the "
        "first hidden layer's outputs all have one sign for {sign_lo:.0%} of samples with "
        "logistic (tanh {sign_th:.0%}): on those samples all weight gradients of a "
        "next-layer unit have one sign; SGD first gets the loss below {threshold} in "
        "epoch {e_lo} with logistic, {e_th} with tanh",
        "后一层输入的均值：Logistic 为 {mean_lo}，Tanh 为 {mean_th}；使用 Logistic 时，"
        "{sign_lo:.0%} 的样本上第一隐藏层的输出全部同号（Tanh 为 {sign_th:.0%}），"
        "在这些样本上后一层神经元的所有权重梯度同号；SGD 使损失首次低于 {threshold} 所用的"
        "轮数：Logistic 为第 {e_lo} 轮，Tanh 为第 {e_th} 轮"),
    "bias-shift-other": Text("mean next-layer input: {means}", "后一层输入的均值：{means}"),
    "dying-relu": Text(
        "with every hidden bias shifted by {shift:g}, {dead0} of {units} ReLU units "
        "({dead0_share:.0%}) are dead (no gradient for any input); after training "
        "{dead1} ({dead1_share:.0%}) are: in hidden layer 1, whose input is the data, "
        "{stayed1} of its {dead0_1} dead units stayed dead and {new1} more died; in hidden "
        "layer 2, {revived2} of {dead0_2} came back as training layer 1 moved their input, "
        "{stayed2} stayed dead and {new2} more died; dead units before -> after: {dead}; "
        "units with z <= 0 on every input (with a gradient all the same) before -> after: "
        "{inactive}",
        "把每个隐藏层偏置都平移 {shift:g} 后，{units} 个 ReLU 神经元中有 {dead0} 个"
        "（{dead0_share:.0%}）死亡（对任何输入都没有梯度）；训练之后死亡的有 {dead1} 个"
        "（{dead1_share:.0%}）：第 1 隐藏层（其输入就是数据）的 {dead0_1} 个死亡神经元中有 "
        "{stayed1} 个一直没有恢复，另有 {new1} 个新死亡；第 2 隐藏层的 {dead0_2} 个死亡神经元中"
        "有 {revived2} 个因第 1 层的训练改变了它们的输入而恢复，{stayed2} 个仍然死亡，另有 "
        "{new2} 个新死亡；死亡神经元数（训练前 -> 训练后）：{dead}；对所有输入都有 z <= 0 的"
        "神经元比例（仍有梯度，训练前 -> 训练后）：{inactive}"),
}

__all__ = [
    "VERDICTS", "VanishingGradients", "vanishing_gradients", "BiasShift", "bias_shift",
    "DyingRelu", "dying_relu",
]

LOGISTIC_BOUND = 0.25  # max of the logistic derivative


# -- 2. vanishing gradients ---------------------------------------------------------

@dataclass(frozen=True)
class VanishingGradients(ResultMixin):
    """Result of :func:`vanishing_gradients`."""

    seed: int
    depth: int
    activations: tuple[str, ...]
    inits: dict[str, str]
    norms: dict[str, tuple[float, ...]]
    factor: dict[str, float]
    first_over_last: dict[str, float]
    bound: float
    verdict: str
    passed: bool
    verdict_zh: str = field(default="", repr=False, compare=False)
    name: str = field(default="vanishing-gradients", init=False)

    def rows(self, lang: str = "en") -> list[tuple[str, str]]:
        factor = Text("gradient shrink factor per layer, {a} ({init})",
                      "每层梯度缩小倍数，{a}（{init}）")
        ratio = Text("|grad W1| / |grad W{depth}|, {a}", "|grad W1| / |grad W{depth}|，{a}")
        out = [(factor(lang, a=a, init=self.inits[a]), f"{self.factor[a]:.3f}")
               for a in self.activations]
        out += [(ratio(lang, depth=self.depth, a=a), fmt(self.first_over_last[a]))
                for a in self.activations]
        out.append((Text("bound for logistic: max sigma'", "Logistic 的上界：max σ′")(lang),
                    f"{self.bound}"))
        return out


def vanishing_gradients(seed: int = 0, *, depth: int = 10, width: int = 32,
                        samples: int = 512,
                        activations: tuple[str, ...] = ("logistic", "tanh", "relu"),
                        ) -> VanishingGradients:
    r"""Saturating activations shrink the gradient at every layer; logistic by about 1/4.

    Backpropagation multiplies the error by each layer's derivative,
    :math:`\delta^{(l)} = (\delta^{(l+1)} W^{(l+1)\top}) \odot f'(z^{(l)})`, and
    :math:`\sigma' \le 1/4`.  A network of ``depth`` hidden layers of ``width``
    units (each activation with its customary initialisation: Xavier for logistic
    and tanh, He for ReLU) plus a linear output gets ``samples`` standard-normal
    inputs and targets; the gradient norm :math:`\lVert \partial L/\partial W_l
    \rVert` of every hidden layer is measured with one backward pass (MSE loss).
    The *shrink factor* is the geometric mean of
    :math:`\lVert \nabla W_l \rVert / \lVert \nabla W_{l+1} \rVert` over layers 2 to
    ``depth`` (layer 1 is left out: its input is the raw data, not the
    activation's output).  The claim holds when the logistic factor is at most
    0.25 (+10 % for the finite sample) and ReLU's and tanh's are more than twice
    as large.

    Parameters
    ----------
    seed : int
    depth, width, samples : int
    activations : tuple of str

    Returns
    -------
    VanishingGradients

    Examples
    --------
    >>> r = vanishing_gradients(seed=0)
    >>> r.factor["logistic"] <= 0.275, r.factor["relu"] > 0.5
    (True, True)
    """
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((samples, width))
    y = rng.standard_normal(samples)
    norms, factor, ratio, inits = {}, {}, {}, {}
    for act in activations:
        inits[act] = default_init(act)
        g = _layer_gradient_norms(act, X, y, depth, width, seed)
        norms[act] = tuple(float(v) for v in g)
        factor[act] = float((g[1] / g[-1]) ** (1.0 / (depth - 2)))
        ratio[act] = float(g[0] / g[-1])
    passed, verdict = _vanishing_verdict(factor, ratio, activations, depth)
    return VanishingGradients(seed, depth, tuple(activations), inits, norms, factor, ratio,
                              LOGISTIC_BOUND, verdict.en, passed,
                              verdict_zh=verdict.zh)


def _layer_gradient_norms(act: str, X: np.ndarray, y: np.ndarray, depth: int, width: int,
                          seed: int) -> np.ndarray:
    """|dL/dW_l| of each hidden layer of a deep *act* network, from one backward pass (MSE)."""
    net = Network([Dense(width, width, activation=act) for _ in range(depth)]
                  + [Dense(width, 1)], seed=seed)
    _, grads = net.loss_and_gradient(X, y, "mse")
    return np.array([np.linalg.norm(grads[f"{i}.weight"]) for i in range(depth)])


def _vanishing_verdict(factor: dict[str, float], ratio: dict[str, float],
                       activations: tuple[str, ...], depth: int) -> tuple[bool, Text]:
    """Whether logistic shrinks within its bound and the others far less; the verdict line."""
    logi = factor.get("logistic")
    others = [factor[a] for a in activations if a != "logistic"]
    passed = logi is not None and logi <= 1.1 * LOGISTIC_BOUND and all(
        v > 2 * logi for v in others)
    if logi is None:
        verdict = VERDICTS["vanishing-gradients-other"].format(
            factors=", ".join(f"{a} {factor[a]:.2f}" for a in activations))
    else:
        verdict = VERDICTS["vanishing-gradients"].format(
            logi=logi, depth=depth, bound=LOGISTIC_BOUND, ratio=ratio["logistic"],
            others=", ".join(f"{a} {factor[a]:.2f}" for a in activations if a != "logistic"))
    return passed, verdict


# -- 3. bias shift ------------------------------------------------------------------


@dataclass(frozen=True)
class BiasShift(ResultMixin):
    """Result of :func:`bias_shift`."""

    seed: int
    activations: tuple[str, ...]
    mean_output: dict[str, float]
    same_sign: dict[str, float]
    epochs_to_threshold: dict[str, int | None]
    threshold: float
    loss: dict[str, tuple[float, ...]]
    verdict: str
    passed: bool
    verdict_zh: str = field(default="", repr=False, compare=False)
    name: str = field(default="bias-shift", init=False)

    def rows(self, lang: str = "en") -> list[tuple[str, str]]:
        mean = Text("mean input to the next layer, {a}", "后一层输入的均值，{a}")
        sign = Text("per-sample weight gradients of one sign, {a}",
                    "权重梯度全部同号的样本比例，{a}")
        reach = Text("epochs to loss < {t}, {a}", "损失降到 {t} 以下所需轮数，{a}")
        out = [(mean(lang, a=a), signed(self.mean_output[a])) for a in self.activations]
        out += [(sign(lang, a=a), f"{self.same_sign[a]:.1%}") for a in self.activations]
        out += [(reach(lang, t=self.threshold, a=a), fmt(self.epochs_to_threshold[a]))
                for a in self.activations]
        return out


def bias_shift(seed: int = 0, *, hidden: int = 16, epochs: int = 60, threshold: float = 0.3,
               learning_rate: float = 0.2,
               activations: tuple[str, ...] = ("logistic", "tanh")) -> BiasShift:
    r"""Outputs that are not zero-centred shift the next layer and slow gradient descent.

    On the two-moons data (300 points, standardised), a network
    ``2 -> hidden -> hidden -> 1`` with each activation (Xavier initialisation,
    the same seed) is measured at initialisation:

    * the mean of the first hidden layer's outputs, the input of the next layer
      (logistic :math:`\approx 0.5`, tanh :math:`\approx 0`);
    * the gradient of a next-layer unit's weights for one sample is
      :math:`\delta \, a`, so when every :math:`a_i > 0` all its components share
      the sign of :math:`\delta` and the weights can only all grow or all shrink
      together (the zig-zag of gradient descent); the fraction of samples whose
      hidden output vector has one sign is reported.

    Both networks are then trained with plain SGD (learning rate
    ``learning_rate``, batches of 20) and the first epoch whose mean loss is below
    ``threshold`` is reported.  The claim holds when the logistic mean is above
    0.4, the tanh mean below 0.1 in magnitude, logistic gradients are one-signed
    for every sample, and tanh reaches the threshold in fewer epochs.

    Parameters
    ----------
    seed : int
    hidden, epochs : int
    threshold, learning_rate : float
    activations : tuple of str

    Returns
    -------
    BiasShift

    Examples
    --------
    >>> r = bias_shift(seed=0)
    >>> round(r.mean_output["logistic"], 1), abs(r.mean_output["tanh"]) < 0.1
    (0.5, True)
    >>> r.same_sign["logistic"], r.epochs_to_threshold["tanh"] < r.epochs_to_threshold["logistic"]
    (1.0, True)
    """  # noqa: E501
    seed = check_seed(seed)
    X, y = two_moons(300, noise=0.1, seed=seed)
    X = standardize(X)
    mean, sign, reach, losses = {}, {}, {}, {}
    for act in activations:
        net = _moons_net(act, hidden, seed, init="xavier_uniform")
        mean[act], sign[act] = _first_layer_output_signs(net, X)
        h = net.fit(X, y, loss="binary_cross_entropy", optimizer="sgd",
                    learning_rate=learning_rate, epochs=epochs, batch_size=20, seed=seed,
                    progress=False)
        reach[act] = _first_epoch_below(h.loss, threshold)
        losses[act] = tuple(h.loss)
    passed, verdict = _bias_shift_verdict(mean, sign, reach, threshold, activations)
    return BiasShift(seed, tuple(activations), mean, sign, reach, threshold, losses,
                     verdict.en, passed, verdict_zh=verdict.zh)


def _moons_net(act: str, hidden: int, seed: int, init: str | None = None) -> Network:
    """A ``2 -> hidden -> hidden -> 1`` network: *act* hidden layers, a logistic output."""
    return Network([Dense(2, hidden, activation=act, init=init),
                    Dense(hidden, hidden, activation=act, init=init),
                    Dense(hidden, 1, activation="logistic")], seed=seed)


def _first_layer_output_signs(net: Network, X: np.ndarray) -> tuple[float, float]:
    """Mean of the first hidden layer's outputs on *X*, and the fraction of one-signed rows."""
    a = net.layers[0].forward(X, keep=False)
    return float(a.mean()), float(np.mean(np.all(a > 0, axis=1) | np.all(a < 0, axis=1)))


def _first_epoch_below(loss: list[float], threshold: float) -> int | None:
    """The first epoch (from 1) whose loss is below *threshold*, or None."""
    below = [i + 1 for i, v in enumerate(loss) if v < threshold]
    return below[0] if below else None


def _bias_shift_verdict(mean: dict[str, float], sign: dict[str, float],
                        reach: dict[str, int | None], threshold: float,
                        activations: tuple[str, ...]) -> tuple[bool, Text]:
    """Whether logistic shifts the next layer and tanh learns faster; the verdict line."""
    lo, th = "logistic", "tanh"
    passed = False
    verdict = VERDICTS["bias-shift-other"].format(
        means=", ".join(f"{a} {signed(mean[a])}" for a in activations))
    if lo in mean and th in mean:
        e_lo, e_th = reach[lo], reach[th]
        faster = e_th is not None and (e_lo is None or e_th < e_lo)
        passed = (mean[lo] > 0.4 and abs(mean[th]) < 0.1 and sign[lo] == 1.0 and faster)
        verdict = VERDICTS["bias-shift"].format(
            mean_lo=signed(mean[lo]), mean_th=signed(mean[th]), sign_lo=sign[lo],
            sign_th=sign[th], threshold=threshold, e_lo=fmt(e_lo), e_th=fmt(e_th))
    return passed, verdict


# -- 5. dying ReLU ------------------------------------------------------------------

@dataclass(frozen=True)
class DyingRelu(ResultMixin):
    """Result of :func:`dying_relu`."""

    seed: int
    shift: float
    activations: tuple[str, ...]
    dead_before: dict[str, float]
    dead_after: dict[str, float]
    inactive_before: dict[str, float]
    inactive_after: dict[str, float]
    accuracy: dict[str, float]
    hidden: int
    dead_units_before: dict[str, tuple[int, ...]]
    dead_units_after: dict[str, tuple[int, ...]]
    stayed_dead: dict[str, tuple[int, ...]]
    verdict: str
    passed: bool
    verdict_zh: str = field(default="", repr=False, compare=False)
    name: str = field(default="dying-relu", init=False)

    def rows(self, lang: str = "en") -> list[tuple[str, str]]:
        dead = Text("dead units (no gradient for any input), {a}",
                    "死亡神经元（对任何输入都没有梯度），{a}")
        inactive = Text("inactive units (z <= 0 for every input), {a}",
                        "未激活的神经元（对所有输入 z <= 0），{a}")
        layer = Text("{a}, hidden layer {i} ({n} units): dead before / stayed dead / came back "
                     "/ died",
                     "{a}，第 {i} 隐藏层（{n} 个神经元）：训练前死亡 / 仍死亡 / 恢复 / 新死亡")
        out = [(dead(lang, a=a), f"{self.dead_before[a]:.0%} -> {self.dead_after[a]:.0%}")
               for a in self.activations]
        out += [(inactive(lang, a=a),
                 f"{self.inactive_before[a]:.0%} -> {self.inactive_after[a]:.0%}")
                for a in self.activations]
        for a in self.activations:
            for i, (b, s, n) in enumerate(zip(self.dead_units_before[a], self.stayed_dead[a],
                                              self.dead_units_after[a], strict=True)):
                if b or n:
                    out.append((layer(lang, a=a, i=i + 1, n=self.hidden),
                                f"{b} / {s} / {b - s} / {n - s}"))
        for a in self.activations:
            out.append((Text("training accuracy, {a}", "训练准确率，{a}")(lang, a=a),
                        f"{self.accuracy[a]:.1%}"))
        return out


def _unit_states(net: Network, X: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per hidden layer, which units are dead (f' = 0 on every input of *X*) and which
    inactive (z <= 0 on every input)."""
    dead, inactive, a = [], [], X
    for layer in net.layers[:-1]:
        z = a @ layer.weight + layer.bias
        d = layer.activation.derivative(z)
        dead.append(np.all(d == 0.0, axis=0))
        inactive.append(np.all(z <= 0.0, axis=0))
        a = layer.forward(a, keep=False)
    return dead, inactive


def _share(masks: list[np.ndarray]) -> float:
    return float(np.mean(np.concatenate(masks)))


def dying_relu(seed: int = 0, *, shift: float = -2.0, hidden: int = 32, epochs: int = 100,
               learning_rate: float = 0.01,
               activations: tuple[str, ...] = ("relu", "leaky_relu", "elu")) -> DyingRelu:
    r"""ReLU units pushed into the negative region die; Leaky ReLU and ELU units recover.

    A network ``2 -> hidden -> hidden -> 1`` (He initialisation) for the two-moons
    data (300 points, standardised) has every hidden bias shifted by ``shift``, as
    a bad update or a large learning rate would do.  A unit is *dead* when
    :math:`f'(z) = 0` for every training input, so that no gradient ever reaches
    its weights; *inactive* when :math:`z \le 0` for every input.  After training
    (Adam, ``learning_rate``, ``epochs`` epochs, batches of 32) dead ReLU units can
    only come back if the layer below moves their input (so those of hidden layer 1,
    whose input is the data, stay dead, and those of layer 2 can come back); a
    Leaky ReLU or ELU unit has :math:`f' > 0` everywhere and is never dead.  The
    units are counted per layer: dead before, stayed dead, came back, died.  The
    claim holds when more than 20 % of the ReLU units are dead after training and
    every dead unit of layer 1 stayed dead, while no Leaky ReLU or ELU unit is dead
    before or after and fewer of theirs are inactive after training than before
    (and than ReLU units are dead).

    Parameters
    ----------
    seed : int
    shift : float
        Added to every hidden bias after initialisation.
    hidden, epochs : int
    learning_rate : float
    activations : tuple of str

    Returns
    -------
    DyingRelu

    Examples
    --------
    >>> r = dying_relu(seed=0, epochs=30)
    >>> r.dead_after["relu"] > 0.2, r.dead_after["leaky_relu"], r.dead_after["elu"]
    (True, 0.0, 0.0)
    """
    seed = check_seed(seed)
    X, y = two_moons(300, noise=0.15, seed=seed)
    X = standardize(X)
    dead0, dead1, in0, in1, acc, units0, units1, stayed = ({} for _ in range(8))
    for act in activations:
        net = _shifted_net(act, hidden, shift, seed)
        d0, i0 = _unit_states(net, X)
        net.fit(X, y, loss="binary_cross_entropy", optimizer="adam",
                learning_rate=learning_rate, epochs=epochs, batch_size=32, seed=seed,
                progress=False)
        d1, i1 = _unit_states(net, X)
        dead0[act], dead1[act], in0[act], in1[act] = _share(d0), _share(d1), _share(i0), \
            _share(i1)
        units0[act] = tuple(int(m.sum()) for m in d0)
        units1[act] = tuple(int(m.sum()) for m in d1)
        stayed[act] = tuple(int((b & a).sum()) for b, a in zip(d0, d1, strict=True))
        acc[act] = net.evaluate(X, y)["accuracy"]
    result = DyingRelu(seed, float(shift), tuple(activations), dead0, dead1, in0, in1, acc,
                       hidden, units0, units1, stayed, "", False)
    passed, verdict = _dying_verdict(result)
    return dataclasses.replace(result, verdict=verdict.en, verdict_zh=verdict.zh,
                               passed=passed)


def _shifted_net(act: str, hidden: int, shift: float, seed: int) -> Network:
    """:func:`_moons_net` (default initialisation) with every hidden bias moved by *shift*."""
    net = _moons_net(act, hidden, seed)
    for layer in net.layers[:-1]:
        layer.bias[...] += shift
    return net


def _dying_verdict(r: DyingRelu) -> tuple[bool, Text]:
    """Whether ReLU units died (for good in layer 1) while the others never did and
    recovered; the verdict line, with the counts per layer."""
    others = [a for a in r.activations if a != "relu"]
    dead = ", ".join(f"{a} {sum(r.dead_units_before[a])} -> {sum(r.dead_units_after[a])}"
                     for a in others)
    inactive = ", ".join(f"{a} {r.inactive_before[a]:.0%} -> {r.inactive_after[a]:.0%}"
                         for a in others)
    if "relu" not in r.activations or len(r.dead_units_before["relu"]) != 2:
        return False, Text(f"{dead}; {inactive}", f"{dead}；{inactive}")
    before, after, stayed = (r.dead_units_before["relu"], r.dead_units_after["relu"],
                             r.stayed_dead["relu"])
    relu_dead = r.dead_after["relu"]
    passed = relu_dead > 0.2 and stayed[0] == before[0] and all(
        r.dead_before[a] == 0.0 and r.dead_after[a] == 0.0
        and r.inactive_after[a] < min(r.inactive_before[a], relu_dead) for a in others)
    verdict = VERDICTS["dying-relu"].format(
        shift=r.shift, dead0=sum(before), units=2 * r.hidden, dead0_share=r.dead_before["relu"],
        dead1=sum(after), dead1_share=relu_dead, stayed1=stayed[0], dead0_1=before[0],
        new1=after[0] - stayed[0], revived2=before[1] - stayed[1], dead0_2=before[1],
        stayed2=stayed[1], new2=after[1] - stayed[1], dead=dead, inactive=inactive)
    return passed, verdict
