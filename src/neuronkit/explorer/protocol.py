"""The explorer's WebSocket protocol: every message from the browser, validated.

The page sends JSON objects with a ``"type"``; :func:`parse_message` turns the raw text
into one of the frozen dataclasses below or raises :class:`ProtocolError` with a
one-line message that says what was wrong and what would be right.  The server sends
that message back as ``{"type": "error", ...}`` and changes nothing.  Nothing the
client sends is ever evaluated: names are looked up in fixed tables (the activation
catalogue, the datasets, losses and optimizers below), numbers must be finite and
within :data:`LIMITS`, and unknown fields are refused.

Examples
--------
>>> msg = parse_message('{"type": "step", "epochs": 5}')
>>> msg
Step(epochs=5)
>>> parse_message('{"type": "step", "epochs": 0}')
Traceback (most recent call last):
...
neuronkit.explorer.protocol.ProtocolError: step.epochs must be an integer in [1, 100], got 0
>>> parse_message('{"type": "launch"}')
Traceback (most recent call last):
...
neuronkit.explorer.protocol.ProtocolError: unknown message type 'launch'; choose one of: \
configure, curves, language, neuron, pause, play, regenerate, reset, set_weight, step
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..activations import Activation, activation, resolve_name
from ..errors import NeuronkitError
from ..i18n import LANGUAGES, Text

__all__ = [
    "LIMITS",
    "DATASETS",
    "FEATURES",
    "REGRESSION",
    "LOSSES",
    "OPTIMIZERS",
    "REGULARIZATIONS",
    "GATES",
    "ProtocolError",
    "ActivationChoice",
    "CurvesRequest",
    "NeuronRequest",
    "LayerChoice",
    "PlaygroundConfig",
    "Configure",
    "Control",
    "Step",
    "Regenerate",
    "Language",
    "SetWeight",
    "FIELD_LABELS",
    "field_label",
    "in_words",
    "parse_message",
    "parse_config",
]

#: Bounds on everything a client can ask for (sizes keep each request cheap).
LIMITS: dict[str, Any] = {
    "max_message_bytes": 65_536,
    "max_curves": 6,
    "curve_points": (2, 2001),
    "x_abs_max": 1000.0,
    "max_param_abs": 1e6,
    "max_weight_abs": 1e6,
    "neuron_grid": (5, 101),
    "max_hidden_layers": 6,
    "max_units": 8,
    "dataset_size": (10, 2000),
    "noise": (0.0, 1.0),
    "test_fraction": (0.1, 0.9),
    "learning_rate": (0.0, 10.0),  # open at 0, closed at 10
    "regularization_rate": (0.0, 1.0),
    "seed": (0, 2**32 - 1),
    "step_epochs": (1, 100),
    "step_seconds": 10.0,  # of training for one step request; it stops there and says so
    "request_id": (0, 2**53),
}

DATASETS = ("xor", "circles", "moons", "spirals", "blobs", "plane", "gaussians")
#: The regression problems among :data:`DATASETS`: a real target in [-1, 1], squared error.
REGRESSION = ("plane", "gaussians")
#: The input features the first layer can take, as in TensorFlow Playground (and more).
FEATURES = ("x1", "x2", "x1_sq", "x2_sq", "x1x2", "sin_x1", "sin_x2", "cos_x1", "cos_x2",
            "abs_x1", "abs_x2")
LOSSES = ("mse", "binary_cross_entropy")
OPTIMIZERS = ("sgd", "momentum", "adam")
REGULARIZATIONS = ("none", "l1", "l2")
#: The two-input logic gates of the Neuron view (:data:`neuronkit.datasets.GATES`).
GATES = ("and", "or", "nand", "nor", "xor", "xnor")


class ProtocolError(NeuronkitError, ValueError):
    """A message from the browser that is malformed, unknown or out of range.

    ``str(error)`` is the precise, technical message (the field's path in the JSON);
    :meth:`say` is what the page shows a person, in their language.

    >>> err = ProtocolError("config.batch_size must be an integer in [1, 200], got 500",
    ...                     in_words(_WHOLE, label=field_label("config.batch_size"), lo=1, hi=200))
    >>> err.say("en")
    'Batch size: choose a whole number from 1 to 200.'
    >>> err.say("zh")
    '批大小：请选择 1 到 200 之间的整数。'
    """

    def __init__(self, message: str, human: Callable[[str], str] | None = None):
        super().__init__(message)
        self.human = human

    def say(self, lang: str = "en") -> str:
        """The message in a person's words, in *lang*."""
        if self.human is not None:
            return self.human(lang)
        return _GENERIC(lang, detail=str(self))


def in_words(text: Text, **fields: Any) -> Callable[[str], str]:
    """A message in either language; fields that are :class:`Text` are translated too."""
    def say(lang: str) -> str:
        return text(lang, **{k: v(lang) if isinstance(v, Text) else v
                             for k, v in fields.items()})
    return say


_GENERIC = Text("The server could not use this request ({detail}).",
                "服务器无法处理这个请求（{detail}）。")
_WHOLE = Text("{label}: choose a whole number from {lo} to {hi}.",
              "{label}：请选择 {lo} 到 {hi} 之间的整数。")
_NUMBER = Text("{label}: choose a number from {lo} to {hi}.",
               "{label}：请输入 {lo} 到 {hi} 之间的数。")
_NUMBER_OPEN = Text("{label}: choose a number above {lo} and at most {hi}.",
                    "{label}：请输入大于 {lo} 且不超过 {hi} 的数。")
_ONE_OF = Text("{label}: choose one of {choices}.", "{label}：请从 {choices} 中选择。")
_BAD_ACTIVATION = Text("{label}: {detail}.", "{label}：{detail}。")

#: What a person calls each field (indices as ``[]``; ``{i}`` is the index plus one).
FIELD_LABELS: dict[str, Text] = {
    "config.dataset": Text("Data set", "数据集"),
    "config.features": Text("Input features", "输入特征"),
    "config.noise": Text("Noise", "噪声"),
    "config.size": Text("Number of points", "样本数"),
    "config.test_fraction": Text("Test share", "测试集比例"),
    "config.data_seed": Text("Data seed", "数据种子"),
    "config.loss": Text("Loss", "损失函数"),
    "config.optimizer": Text("Optimizer", "优化器"),
    "config.learning_rate": Text("Learning rate", "学习率"),
    "config.batch_size": Text("Batch size", "批大小"),
    "config.regularization": Text("Regularization", "正则化"),
    "config.regularization_rate": Text("Regularization rate", "正则化率"),
    "config.seed": Text("Seed", "随机种子"),
    "config.hidden[].units": Text("Neurons in hidden layer {i}", "第 {i} 个隐藏层的神经元数"),
    "config.hidden[].activation": Text("Activation of hidden layer {i}",
                                       "第 {i} 个隐藏层的激活函数"),
    "curves.activations[]": Text("Activation {i}", "第 {i} 个激活函数"),
    "curves.x_min": Text("Start of the range of x", "x 范围的起点"),
    "curves.x_max": Text("End of the range of x", "x 范围的终点"),
    "neuron.weights[]": Text("Weight w{i}", "权重 w{i}"),
    "neuron.bias": Text("Bias", "偏置"),
    "neuron.activation": Text("Activation", "激活函数"),
    "neuron.gate": Text("Logic gate", "逻辑门"),
    "step.epochs": Text("Epochs per step", "每步训练轮数"),
    "set_weight.value": Text("Weight", "权重"),
    "language.lang": Text("Language", "语言"),
}


def field_label(where: str) -> Text | None:
    """What a person calls the field at *where* (``config.hidden[1].units`` ...), or None.

    >>> field_label("config.hidden[1].units")("en")
    'Neurons in hidden layer 2'
    """
    match = re.search(r"\[(\d+)\]", where)
    key = re.sub(r"\[\d+\]", "[]", where)
    text = FIELD_LABELS.get(key)
    if text is None:
        return None
    i = int(match.group(1)) + 1 if match else 0
    return Text(text.en.format(i=i), text.zh.format(i=i))


# -- field checks ---------------------------------------------------------------------

def _obj(where: str, value: Any, allowed: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise ProtocolError(f"{where} must be a JSON object, got {type(value).__name__}")
    extra = sorted(k for k in value if k not in allowed)
    if extra:
        raise ProtocolError(f"unknown field {extra[0]!r} in {where}; allowed: "
                            f"{', '.join(allowed)}")
    return value


def _number(where: str, value: Any, lo: float, hi: float, *, open_lo: bool = False) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if ok:
        value = float(value)
        ok = math.isfinite(value) and (lo < value if open_lo else lo <= value) and value <= hi
    if not ok:
        left = "(" if open_lo else "["
        label = field_label(where)
        human = None if label is None else in_words(_NUMBER_OPEN if open_lo else _NUMBER,
                                                label=label, lo=f"{lo:g}", hi=f"{hi:g}")
        raise ProtocolError(f"{where} must be a finite number in {left}{lo:g}, {hi:g}], "
                            f"got {value!r}", human)
    return value


def _integer(where: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        label = field_label(where)
        human = None if label is None else in_words(_WHOLE, label=label, lo=lo, hi=hi)
        raise ProtocolError(f"{where} must be an integer in [{lo}, {hi}], got {value!r}",
                            human)
    return value


def _choice(where: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        label = field_label(where)
        human = None if label is None else in_words(_ONE_OF, label=label,
                                                choices=", ".join(choices))
        raise ProtocolError(f"{where} must be one of {', '.join(choices)}; got {value!r}",
                            human)
    return value


# -- activations ----------------------------------------------------------------------

@dataclass(frozen=True)
class ActivationChoice:
    """An activation name from the catalogue with its parameter values, checked.

    >>> ActivationChoice.parse("a", {"name": "leaky_relu", "params": {"negative_slope": 0.2}})
    ActivationChoice(name='leaky_relu', params=(('negative_slope', 0.2),))
    """

    name: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def parse(cls, where: str, value: Any) -> ActivationChoice:
        """Validate ``{"name": str, "params": {name: number or short string}}``."""
        if isinstance(value, str):
            value = {"name": value}
        value = _obj(where, value, ("name", "params"))
        name = value.get("name")
        if not isinstance(name, str) or len(name) > 40:
            raise ProtocolError(f"{where}.name must be an activation name, got {name!r}")
        params = value.get("params", {})
        if not isinstance(params, dict) or len(params) > 8:
            raise ProtocolError(f"{where}.params must be an object of at most 8 parameters")
        clean: dict[str, Any] = {}
        bound = LIMITS["max_param_abs"]
        for key, v in params.items():
            if isinstance(v, str):
                if len(v) > 40:
                    raise ProtocolError(f"{where}.params.{key} is too long")
            else:
                v = _number(f"{where}.params.{key}", v, -bound, bound)
            clean[key] = v
        try:
            canonical, fixed = resolve_name(name)
            act = activation(canonical, **{**clean, **fixed})
        except (ValueError, TypeError) as exc:
            label = field_label(where)
            human = None if label is None else in_words(_BAD_ACTIVATION, label=label,
                                                    detail=str(exc).rstrip("."))
            raise ProtocolError(f"{where}: {exc}", human) from None
        return cls(act.name, tuple(act.param_items))

    def build(self) -> Activation:
        """The :class:`~neuronkit.Activation` itself."""
        return activation(self.name, **dict(self.params))

    def to_json(self) -> dict:
        """``{"name": ..., "params": {...}}``."""
        return {"name": self.name, "params": dict(self.params)}


# -- activations view ------------------------------------------------------------------

@dataclass(frozen=True)
class CurvesRequest:
    """Sample f and f' of one or several activations on ``points`` values in [x_min, x_max]."""

    id: int
    activations: tuple[ActivationChoice, ...]
    x_min: float = -5.0
    x_max: float = 5.0
    points: int = 401

    @classmethod
    def parse(cls, msg: dict) -> CurvesRequest:
        _obj("curves message", msg, ("type", "id", "activations", "x_min", "x_max", "points"))
        acts = msg.get("activations")
        if not isinstance(acts, list) or not 1 <= len(acts) <= LIMITS["max_curves"]:
            raise ProtocolError(f"curves.activations must be a list of 1 to "
                                f"{LIMITS['max_curves']} activations")
        xa = LIMITS["x_abs_max"]
        x_min = _number("curves.x_min", msg.get("x_min", -5.0), -xa, xa)
        x_max = _number("curves.x_max", msg.get("x_max", 5.0), -xa, xa)
        if not x_min < x_max:
            raise ProtocolError(f"curves.x_min must be < x_max, got {x_min:g} >= {x_max:g}")
        return cls(
            id=_integer("curves.id", msg.get("id", 0), *LIMITS["request_id"]),
            activations=tuple(ActivationChoice.parse(f"curves.activations[{i}]", a)
                              for i, a in enumerate(acts)),
            x_min=x_min, x_max=x_max,
            points=_integer("curves.points", msg.get("points", 401), *LIMITS["curve_points"]),
        )


# -- neuron view ----------------------------------------------------------------------

@dataclass(frozen=True)
class NeuronRequest:
    """A neuron with two inputs: ``mode`` "mp" (step, the source's MP neuron) or "general"."""

    id: int
    mode: str
    weights: tuple[float, float]
    bias: float
    activation: ActivationChoice
    gate: str
    grid: int = 41

    @classmethod
    def parse(cls, msg: dict) -> NeuronRequest:
        _obj("neuron message", msg,
             ("type", "id", "mode", "weights", "bias", "activation", "gate", "grid"))
        mode = _choice("neuron.mode", msg.get("mode", "mp"), ("mp", "general"))
        w = msg.get("weights")
        if not isinstance(w, list) or len(w) != 2:
            raise ProtocolError(f"neuron.weights must be a list of 2 numbers, got {w!r}")
        bound = LIMITS["max_weight_abs"]
        weights = tuple(_number(f"neuron.weights[{i}]", v, -bound, bound) for i, v in
                        enumerate(w))
        act = ActivationChoice.parse("neuron.activation", msg.get("activation", "step"))
        if mode == "mp":
            act = ActivationChoice("step")
        return cls(
            id=_integer("neuron.id", msg.get("id", 0), *LIMITS["request_id"]),
            mode=mode, weights=weights,  # type: ignore[arg-type]
            bias=_number("neuron.bias", msg.get("bias", 0.0), -bound, bound),
            activation=act,
            gate=_choice("neuron.gate", msg.get("gate", "and"), GATES),
            grid=_integer("neuron.grid", msg.get("grid", 41), *LIMITS["neuron_grid"]),
        )


# -- playground -----------------------------------------------------------------------

@dataclass(frozen=True)
class LayerChoice:
    """One hidden layer of the playground: its width and activation."""

    units: int
    activation: ActivationChoice

    def to_json(self) -> dict:
        """``{"units": ..., "activation": {...}}``."""
        return {"units": self.units, "activation": self.activation.to_json()}


def _default_hidden() -> tuple[LayerChoice, ...]:
    return (LayerChoice(4, ActivationChoice("tanh")), LayerChoice(2, ActivationChoice("tanh")))


@dataclass(frozen=True)
class PlaygroundConfig:
    """Everything that defines a playground run; with the same values, the same run.

    >>> cfg = parse_config({"dataset": "circles", "hidden": [{"units": 3, "activation": "relu"}]})
    >>> cfg.dataset, len(cfg.hidden), cfg.hidden[0].activation.name, cfg.learning_rate
    ('circles', 1, 'relu', 0.03)
    """

    dataset: str = "xor"
    features: tuple[str, ...] = ("x1", "x2")
    noise: float = 0.1
    size: int = 200
    test_fraction: float = 0.5
    data_seed: int = 0
    hidden: tuple[LayerChoice, ...] = field(default_factory=_default_hidden)
    loss: str = "binary_cross_entropy"
    optimizer: str = "adam"
    learning_rate: float = 0.03
    batch_size: int = 10
    regularization: str = "none"
    regularization_rate: float = 0.0
    seed: int = 0

    def to_json(self) -> dict:
        """The configuration as plain JSON (what the page puts in its URL)."""
        out = {k: getattr(self, k) for k in _CONFIG_FIELDS}
        out["hidden"] = [layer.to_json() for layer in self.hidden]
        out["features"] = list(self.features)
        return out


_CONFIG_FIELDS = ("dataset", "features", "noise", "size", "test_fraction", "data_seed",
                  "hidden", "loss", "optimizer", "learning_rate", "batch_size", "regularization",
                  "regularization_rate", "seed")


def parse_config(value: Any) -> PlaygroundConfig:
    """Validate a playground configuration; missing fields take their defaults."""
    value = _obj("config", value, _CONFIG_FIELDS)
    d = PlaygroundConfig()
    get = value.get
    hidden_raw = get("hidden")
    if hidden_raw is None:
        hidden = d.hidden
    else:
        if not isinstance(hidden_raw, list) or len(hidden_raw) > LIMITS["max_hidden_layers"]:
            n = LIMITS["max_hidden_layers"]
            raise ProtocolError(f"config.hidden must be a list of at most {n} layers",
                                in_words(Text("At most {n} hidden layers.", "最多 {n} 个隐藏层。"),
                                     n=n))
        layers = []
        for i, layer in enumerate(hidden_raw):
            where = f"config.hidden[{i}]"
            layer = _obj(where, layer, ("units", "activation"))
            layers.append(LayerChoice(
                _integer(f"{where}.units", layer.get("units", 4), 1, LIMITS["max_units"]),
                ActivationChoice.parse(f"{where}.activation", layer.get("activation", "tanh")),
            ))
        hidden = tuple(layers)
    size = _integer("config.size", get("size", d.size), *LIMITS["dataset_size"])
    features = get("features", list(d.features))
    if not isinstance(features, list) or not features or len(features) > len(FEATURES):
        raise ProtocolError(f"config.features must be a non-empty list of {', '.join(FEATURES)}",
                            in_words(Text("Choose at least one input feature.",
                                          "请至少选择一个输入特征。")))
    features = tuple(dict.fromkeys(_choice("config.features", f, FEATURES)
                                   for f in features))
    cfg = replace(
        d,
        dataset=_choice("config.dataset", get("dataset", d.dataset), DATASETS),
        features=features,
        noise=_number("config.noise", get("noise", d.noise), *LIMITS["noise"]),
        size=size,
        test_fraction=_number("config.test_fraction", get("test_fraction", d.test_fraction),
                              *LIMITS["test_fraction"]),
        data_seed=_integer("config.data_seed", get("data_seed", d.data_seed), *LIMITS["seed"]),
        hidden=hidden,
        loss=_choice("config.loss", get("loss", d.loss), LOSSES),  # mse for regression
        optimizer=_choice("config.optimizer", get("optimizer", d.optimizer), OPTIMIZERS),
        learning_rate=_number("config.learning_rate", get("learning_rate", d.learning_rate),
                              *LIMITS["learning_rate"], open_lo=True),
        batch_size=_integer("config.batch_size", get("batch_size", d.batch_size), 1, size),
        regularization=_choice("config.regularization",
                               get("regularization", d.regularization), REGULARIZATIONS),
        regularization_rate=_number("config.regularization_rate",
                                    get("regularization_rate", d.regularization_rate),
                                    *LIMITS["regularization_rate"]),
        seed=_integer("config.seed", get("seed", d.seed), *LIMITS["seed"]),
    )
    if cfg.dataset in REGRESSION:  # a real target: the squared error is the loss
        cfg = replace(cfg, loss="mse")
    return cfg


@dataclass(frozen=True)
class Configure:
    """Replace the playground with a new configuration (epoch 0, paused)."""

    config: PlaygroundConfig


@dataclass(frozen=True)
class Control:
    """``play``, ``pause`` or ``reset`` (new weights from the same seed, epoch 0)."""

    action: str


@dataclass(frozen=True)
class Step:
    """Train *epochs* more epochs, then pause."""

    epochs: int = 1


@dataclass(frozen=True)
class Regenerate:
    """Draw a new data set with *data_seed* (the next seed when None)."""

    data_seed: int | None = None


@dataclass(frozen=True)
class SetWeight:
    """Set the weight from unit *source* of layer *layer*'s input to its unit *target*."""

    layer: int
    source: int
    target: int
    value: float


def _parse_set_weight(msg: dict) -> SetWeight:
    _obj("set_weight message", msg, ("type", "layer", "source", "target", "value"))
    bound = LIMITS["max_weight_abs"]
    n = LIMITS["max_hidden_layers"] + 1
    units = max(LIMITS["max_units"], len(FEATURES))
    return SetWeight(_integer("set_weight.layer", msg.get("layer"), 0, n - 1),
                     _integer("set_weight.source", msg.get("source"), 0, units - 1),
                     _integer("set_weight.target", msg.get("target"), 0, units - 1),
                     _number("set_weight.value", msg.get("value"), -bound, bound))


@dataclass(frozen=True)
class Language:
    """Speak *lang* from now on: the page's texts and the server's messages."""

    lang: str = "en"


def _parse_language(msg: dict) -> Language:
    _obj("language message", msg, ("type", "lang"))
    return Language(_choice("language.lang", msg.get("lang", "en"), LANGUAGES))


def _parse_configure(msg: dict) -> Configure:
    _obj("configure message", msg, ("type", "config"))
    return Configure(parse_config(msg.get("config", {})))


def _parse_control(msg: dict) -> Control:
    _obj(f"{msg['type']} message", msg, ("type",))
    return Control(msg["type"])


def _parse_step(msg: dict) -> Step:
    _obj("step message", msg, ("type", "epochs"))
    return Step(_integer("step.epochs", msg.get("epochs", 1), *LIMITS["step_epochs"]))


def _parse_regenerate(msg: dict) -> Regenerate:
    _obj("regenerate message", msg, ("type", "data_seed"))
    seed = msg.get("data_seed")
    return Regenerate(None if seed is None else _integer("regenerate.data_seed", seed,
                                                         *LIMITS["seed"]))


_PARSERS = {
    "configure": _parse_configure,
    "curves": CurvesRequest.parse,
    "language": _parse_language,
    "neuron": NeuronRequest.parse,
    "pause": _parse_control,
    "play": _parse_control,
    "regenerate": _parse_regenerate,
    "reset": _parse_control,
    "set_weight": _parse_set_weight,
    "step": _parse_step,
}


def parse_message(raw: str | bytes | dict) -> Any:
    """Parse and validate one message from the browser.

    Parameters
    ----------
    raw : str, bytes or dict
        The WebSocket text (JSON) or an already decoded object.

    Returns
    -------
    CurvesRequest, NeuronRequest, Configure, Control, Step or Regenerate

    Raises
    ------
    ProtocolError
        For text that is too long or not JSON, an unknown type or field, a number out
        of range or not finite, or a name not in the catalogue.
    """
    if isinstance(raw, (str, bytes)):
        if len(raw) > LIMITS["max_message_bytes"]:
            raise ProtocolError(f"message too long: {len(raw)} bytes; the limit is "
                                f"{LIMITS['max_message_bytes']}")
        try:
            raw = json.loads(raw, parse_constant=_reject_constant)
        except ProtocolError:
            raise
        except (ValueError, RecursionError) as exc:
            raise ProtocolError(f"message is not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise ProtocolError(f"a message must be a JSON object, got {type(raw).__name__}")
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in _PARSERS:
        raise ProtocolError(f"unknown message type {kind!r}; choose one of: "
                            f"{', '.join(sorted(_PARSERS))}")
    return _PARSERS[kind](raw)


def _reject_constant(name: str):
    raise ProtocolError(f"message contains {name}; numbers must be finite")
