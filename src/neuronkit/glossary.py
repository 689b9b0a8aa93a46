"""The glossary: the source chapter's terms in Chinese and English.

The source chapter (a primer on neurons and activation functions following Qiu
Xipeng's *Neural Networks and Deep Learning*, section 4.1) is written in Chinese;
the Chinese texts of the tour, the report, the explorer and the documentation use
its own terms, and this table maps them to the English ones.  It is the one list
that all of them share.

>>> from neuronkit.glossary import GLOSSARY
>>> GLOSSARY["net input"].zh
'净输入'
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import Text


@dataclass(frozen=True)
class Term:
    """A term of the source chapter: its English and Chinese names and a definition.

    Parameters
    ----------
    en, zh : str
        The term in English and as the source chapter writes it in Chinese.
    definition : Text
        One sentence in each language.
    """

    en: str
    zh: str
    definition: Text


def _terms(*rows: tuple[str, str, str, str]) -> dict[str, Term]:
    return {en: Term(en, zh, Text(d_en, d_zh)) for en, zh, d_en, d_zh in rows}


GLOSSARY: dict[str, Term] = _terms(
    ("neuron", "神经元",
     "A unit that takes several inputs, forms their weighted sum plus a bias and passes it "
     "through an activation function.",
     "接收多个输入、计算其加权和与偏置之和，再经激活函数得到输出的基本单元。"),
    ("McCulloch–Pitts neuron", "MP神经元",
     "The 1943 neuron: binary inputs, excitatory or inhibitory weights, a step activation; "
     "it outputs 1 if w·x + b > 0, else 0.",
     "1943 年提出的神经元模型：二值输入，权重有兴奋性与抑制性之分，激活函数为阶跃函数；"
     "当 w·x + b > 0 时输出 1，否则输出 0。"),
    ("excitatory", "兴奋性", "A positive weight: the input pushes the neuron towards firing.",
     "正的权重：该输入使神经元更容易被激活。"),
    ("inhibitory", "抑制性", "A negative weight: the input holds the neuron back from firing.",
     "负的权重：该输入抑制神经元的激活。"),
    ("weight", "权重", "The factor w_i by which input x_i enters the weighted sum.",
     "输入 x_i 在加权和中所乘的系数 w_i。"),
    ("bias", "偏置", "The constant b added to the weighted sum; it moves the threshold.",
     "加到加权和上的常数 b，用于移动阈值。"),
    ("weighted sum", "加权和", "Σ w_i x_i, the inputs each multiplied by its weight and added.",
     "Σ w_i x_i，即每个输入乘以其权重后相加。"),
    ("net input", "净输入",
     "z = wᵀx + b, the weighted sum plus the bias, before the activation function.",
     "z = wᵀx + b，加权和与偏置之和，即激活函数的输入。"),
    ("activity", "活性值", "a = f(z), the neuron's output.", "a = f(z)，神经元的输出。"),
    ("activation function", "激活函数",
     "The function f that maps the net input to the neuron's output; it must be nonlinear "
     "for a network to be more than one linear map.",
     "把净输入映射为神经元输出的函数 f；只有非线性的激活函数才能让网络不只是一个线性映射。"),
    ("step function", "阶跃函数", "1 for x > 0, else 0: the MP neuron's activation.",
     "x > 0 时为 1，否则为 0：MP 神经元的激活函数。"),
    ("logic gate", "逻辑门", "AND, OR, NOT, NAND, NOR, XOR: Boolean functions of binary inputs.",
     "与、或、非、与非、或非、异或等二值输入的布尔函数。"),
    ("linearly separable", "线性可分",
     "Two classes that one hyperplane wᵀx + b = 0 separates; XOR is not.",
     "两类样本能被一个超平面 wᵀx + b = 0 分开；异或不是线性可分的。"),
    ("logistic function", "Logistic函数",
     "σ(x) = 1/(1 + e^(−x)), a squashing function onto (0, 1).",
     "σ(x) = 1/(1 + e^(−x))，把实数挤压到 (0, 1) 的函数。"),
    ("tanh function", "Tanh函数", "tanh(x) = 2σ(2x) − 1, a squashing function onto (−1, 1).",
     "tanh(x) = 2σ(2x) − 1，把实数挤压到 (−1, 1) 的函数。"),
    ("squashing function", "挤压函数",
     "A function that maps the whole real line onto a bounded interval.",
     "把整个实数轴映射到一个有界区间的函数。"),
    ("hard-logistic function", "Hard-Logistic函数",
     "clip(0.25x + 0.5, 0, 1): σ replaced by its first-order Taylor expansion at 0, clipped.",
     "clip(0.25x + 0.5, 0, 1)：用 σ 在 0 处的一阶泰勒展开近似并截断。"),
    ("hard-tanh function", "Hard-Tanh函数",
     "clip(x, −1, 1) (the source prints clip(x, 0, 1), a typo).",
     "clip(x, −1, 1)（原文印为 clip(x, 0, 1)，系笔误）。"),
    ("first-order Taylor expansion", "一阶泰勒展开",
     "f(0) + f′(0)·x, the best straight line through f at 0.",
     "f(0) + f′(0)·x，即 f 在 0 点附近的最佳直线近似。"),
    ("rectified linear unit", "修正线性单元",
     "ReLU(x) = max(0, x).", "ReLU(x) = max(0, x)，即 ReLU。"),
    ("leaky ReLU", "带泄露的ReLU", "x for x > 0, γx otherwise, with a small slope γ.",
     "x > 0 时为 x，否则为 γx，γ 是一个很小的斜率。"),
    ("parametric ReLU", "带参数的ReLU", "A leaky ReLU whose slope γ is learned (PReLU).",
     "斜率 γ 可学习的带泄露 ReLU（PReLU）。"),
    ("exponential linear unit", "指数线性单元", "ELU(x) = x for x > 0, α(eˣ − 1) otherwise.",
     "ELU(x)：x > 0 时为 x，否则为 α(eˣ − 1)。"),
    ("saturation", "饱和",
     "f′(x) → 0 as x → ±∞: the gradient vanishes where the function flattens out.",
     "当 x → ±∞ 时 f′(x) → 0：函数变平的区域梯度消失。"),
    ("two-sided saturation", "两端饱和",
     "Saturating as x → −∞ and as x → +∞ (σ, tanh).", "x → −∞ 和 x → +∞ 时都饱和（σ、tanh）。"),
    ("left-saturating", "左饱和",
     "Saturating as x → −∞ only (ReLU).", "只在 x → −∞ 时饱和（ReLU）。"),
    ("zero-centred", "零中心化", "Outputs whose mean is about 0 (tanh is, σ is not).",
     "输出的均值约为 0（tanh 是，σ 不是）。"),
    ("bias shift", "偏置偏移",
     "A layer whose inputs are all positive (σ outputs) gets gradients of one sign for all "
     "its weights, which slows gradient descent.",
     "非零中心化的输出（如 σ）使后一层的输入恒为正，其权重的梯度同号，"
     "从而降低梯度下降的收敛速度。"),
    ("sparsity", "稀疏性",
     "Only some neurons are active at a time; with ReLU about half of them.",
     "同一时刻只有部分神经元处于激活状态；使用 ReLU 时约为一半。"),
    ("dying ReLU problem", "死亡ReLU问题",
     "A ReLU neuron whose net input is negative for every example gets no gradient and is "
     "never updated again.",
     "若某个 ReLU 神经元对所有样本的净输入都为负，它的梯度恒为 0，参数再也不会被更新。"),
    ("vanishing gradient problem", "梯度消失问题",
     "Gradients shrink layer by layer through saturated activations.",
     "梯度经过饱和的激活函数时逐层变小。"),
    ("derivative", "导数", "f′(x), the slope of f at x; backpropagation multiplies by it.",
     "f′(x)，f 在 x 处的斜率；反向传播时要乘以它。"),
    ("feedforward neural network", "前馈神经网络",
     "Layers of neurons, each feeding the next, without cycles.",
     "由多层神经元组成、信息逐层向前传递且没有环路的网络。"),
    ("loss function", "损失函数",
     "A measure of how far the network's outputs are from the targets.",
     "衡量网络输出与目标之间差距的函数。"),
    ("cross-entropy", "交叉熵", "The loss −Σ y log p of predicted probabilities p.",
     "以预测概率 p 计算的损失 −Σ y log p。"),
    ("gradient descent", "梯度下降",
     "Training by moving every weight and bias against its gradient of the loss.",
     "沿损失函数梯度的反方向调整每个权重和偏置的训练方法。"),
    ("backpropagation", "反向传播",
     "Computing every gradient of the loss layer by layer with the chain rule.",
     "用链式法则逐层计算损失对每个参数的梯度。"),
)
"""Every term, keyed by its English name, in the order the source chapter meets them."""
