"""Every text of the explorer's page, in English and Simplified Chinese.

The page holds no words of its own beyond its English first paint: the server sends
:func:`strings` for the tab's language in its ``hello`` (and again when the page
switches language), and the page puts each under its key.  The Chinese texts use the
source chapter's terms from :data:`neuronkit.glossary.GLOSSARY` (神经元, 激活函数,
净输入, 饱和, 死亡ReLU问题, ...), so the explorer says what the tour says.

Examples
--------
>>> strings("zh")["tab.activations"]
'激活函数'
>>> strings("en")["pg.hidden_layers"]
'{n} hidden layers'
"""

from __future__ import annotations

from ..glossary import GLOSSARY
from ..i18n import Text, check_language

__all__ = ["STRINGS", "strings", "term"]


def term(english: str) -> str:
    """The source chapter's Chinese for a glossary term (``KeyError`` if not there).

    >>> term("net input")
    '净输入'
    """
    return GLOSSARY[english].zh


_ACT = term("activation function")
_NEURON = term("neuron")
_SAT = term("saturation")
_DEAD = term("dying ReLU problem")
_LOSS = term("loss function")

STRINGS: dict[str, Text] = {
    # header and tabs
    "title": Text("neuronkit explorer", "neuronkit 探索器"),
    "explorer": Text("explorer", "探索器"),
    "tab.activations": Text("Activations", _ACT),
    "tab.neuron": Text("Neuron", _NEURON),
    "tab.playground": Text("Playground", "训练场"),
    "lang.switch": Text("中文", "EN"),
    "lang.switch_title": Text("切换到中文", "Switch to English"),
    "conn.title": Text("connection to the neuronkit server", "与 neuronkit 服务器的连接"),
    "conn.connecting": Text("connecting…", "正在连接…"),
    "conn.connected": Text("connected", "已连接"),
    "conn.retrying": Text("disconnected: retrying…", "连接已断开：正在重试…"),
    "footer": Text("Everything is computed by neuronkit on this machine; the page draws what "
                   "the server sends.",
                   "所有计算都由本机上的 neuronkit 完成；页面只绘制服务器发来的结果。"),
    # 1. activations
    "act.heading": Text("Activations", _ACT),
    "act.pick": Text("Pick one or several; their parameters appear below.",
                     f"选择一个或多个{_ACT}；它们的参数显示在下方。"),
    "act.range": Text("Range of x", "x 的范围"),
    "act.from": Text("from", "从"),
    "act.to": Text("to", "到"),
    "act.readout": Text("Move the mouse over the plot to read f(x) and f′(x).",
                        "把鼠标移到图上，读出 f(x) 和 f′(x) 的值。"),
    "act.col.activation": Text("activation", _ACT),
    "act.col.range": Text("range", "值域"),
    "act.col.zero_centred": Text("zero-centred", term("zero-centred")),
    "act.col.monotonic": Text("monotonic", "单调"),
    "act.col.saturates": Text("saturates", _SAT),
    "act.col.smoothness": Text("smoothness", "光滑性"),
    "act.col.kinks": Text("kinks", "折点"),
    "act.col.learnable": Text("learnable", "可学习参数"),
    "act.col.formulas": Text("f(x) and f′(x)", "f(x) 与 f′(x)"),
    "act.note": Text("Solid: f(x). Dashed: f′(x), the factor every gradient that flows through "
                     "the unit is multiplied by. Where f′ is near 0 the unit saturates and "
                     "learns slowly.",
                     f"实线：f(x)。虚线：f′(x)，即流经该单元的梯度都要乘上的因子。f′ 接近 0 "
                     f"的区域单元处于{_SAT}状态，学习缓慢。"),
    "act.too_many": Text("At most {n} activations at once.", "最多同时显示 {n} 个" + _ACT + "。"),
    "error.close": Text("Click to close", "点击关闭"),
    "error.link_activation": Text(
        "The link names an activation neuronkit does not have: {names}. Known: {known}.",
        f"链接中的{_ACT}不存在：{{names}}。可用的{_ACT}：{{known}}。"),
    "act.bad_range": Text("The start of the range must be below its end.",
                          "范围的起点必须小于终点。"),
    "param.not_number": Text("{name}: type a number.", "{name}：请输入一个数。"),
    "yes": Text("yes", "是"),
    "no": Text("no", "否"),
    "sat.none": Text("none", "不饱和"),
    "sat.left": Text("left", term("left-saturating")),
    "sat.right": Text("right", "右饱和"),
    "sat.both": Text("both sides", term("two-sided saturation")),
    "smooth.smooth": Text("smooth", "光滑"),
    "smooth.C1": Text("C1", "C1（一阶导连续）"),
    "smooth.C0": Text("C0", "C0（连续，导数跳变）"),
    "smooth.discontinuous": Text("discontinuous", "不连续"),
    # 2. neuron
    "n.heading": Text("A neuron with two inputs", "两个输入的" + _NEURON),
    "n.mode.mp": Text("MP neuron (step)", term("McCulloch–Pitts neuron") + "（阶跃函数）"),
    "n.mode.general": Text("general neuron", "一般" + _NEURON),
    "n.activation": Text("activation f", _ACT + " f"),
    "n.formula.mp": Text("y = 1 if w₁x₁ + w₂x₂ + b > 0 else 0   (McCulloch–Pitts)",
                         "y = 1（若 w₁x₁ + w₂x₂ + b > 0），否则 y = 0   （MP神经元）"),
    "n.formula.general": Text("a = f(z),  z = w₁x₁ + w₂x₂ + b;  class 1 where z > 0",
                              f"a = f(z)，{term('net input')} z = w₁x₁ + w₂x₂ + b；"
                              "z > 0 处为类别 1"),
    "n.w1": Text("weight w₁", term("weight") + " w₁"),
    "n.w2": Text("weight w₂", term("weight") + " w₂"),
    "n.b": Text("bias b", term("bias") + " b"),
    "n.gate": Text("Logic gate", term("logic gate")),
    "n.preset": Text("textbook weights", "教材中的权重"),
    "n.preset_title": Text("weights that compute this gate", "能计算该逻辑门的权重"),
    "n.plot_hint": Text("Colour: the output a = f(z) over the plane; line: w·x + b = 0, where "
                        "the class changes. Dots: the gate's four inputs, filled when the "
                        "target is 1.",
                        "颜色：平面上各点的输出 a = f(z)；直线：w·x + b = 0，类别在此改变。"
                        "圆点：逻辑门的四个输入，目标为 1 的实心。"),
    "n.col.z": Text("z = w·x + b", "净输入 z = w·x + b"),
    "n.col.class": Text("class", "类别"),
    "n.col.target": Text("target", "目标"),
    "n.computes": Text("✓ This neuron computes {gate}.", "✓ 这个神经元计算的是 {gate}。"),
    "n.wrong": Text("✗ Not {gate}: {wrong} of 4 rows wrong.",
                    "✗ 不是 {gate}：4 行中有 {wrong} 行错误。"),
    "n.move_line": Text(" Move the line (weights, bias) until every dot is on its side.",
                        "调整直线（权重、偏置），直到每个点都在正确的一侧。"),
    "n.why_title": Text("Why no single neuron computes {gate}",
                        "为什么单个神经元无法计算 {gate}"),
    "n.needs": Text("input ({inputs}) needs {condition} — ",
                    "输入 ({inputs}) 要求 {condition} — "),
    "n.holds": Text("holds", "成立"),
    "n.violated": Text("violated", "不成立"),
    "n.no_weights": Text("No weights and bias compute {gate}: see why on the right.",
                         "没有任何权重和偏置能计算 {gate}：原因见右侧。"),
    "n.why": Text("No line separates the 1s of {gate} from its 0s. Adding the two conditions "
                  "with '> 0' gives w1 + w2 + 2b > 0; adding the two with '<= 0' gives "
                  "w1 + w2 + 2b <= 0: a contradiction, whatever the weights. Two layers do "
                  "it: nk.xor_network() is OR and NAND feeding AND; the Playground trains one "
                  "on the xor dataset.",
                  f"{{gate}} 不是{term('linearly separable')}的：没有一条直线能把输出为 1 "
                  "的点和输出为 0 的点分开。把两个“> 0”的条件相加得 w1 + w2 + 2b > 0；"
                  "把两个“<= 0”的条件相加得 w1 + w2 + 2b <= 0：无论权重取何值都矛盾。"
                  "两层网络可以做到：nk.xor_network() 由“或”和“与非”输入“与”构成；"
                  "训练场可在异或数据上训练这样的网络。"),
    # 3. playground
    "pg.reset": Text("reset: new weights from the seed, epoch 0",
                     "重置：按随机种子重新初始化权重，回到第 0 轮"),
    "pg.play": Text("play / pause", "开始 / 暂停"),
    "pg.step": Text("train one epoch", "训练一轮"),
    "pg.epoch": Text("epoch", "轮次"),
    "pg.lr": Text("learning rate", "学习率"),
    "pg.optimizer": Text("optimizer", "优化器"),
    "pg.loss": Text("loss", _LOSS),
    "pg.batch": Text("batch size", "批大小"),
    "pg.batch_limit": Text("Batch size: choose a whole number from 1 to {n} (the number of "
                           "points).", "批大小：请选择 1 到 {n} 之间的整数（样本数）。"),
    "pg.regularization": Text("regularization", "正则化"),
    "pg.rate": Text("rate", "正则化率"),
    "pg.seed": Text("seed", "随机种子"),
    "pg.data": Text("Data", "数据"),
    "pg.noise": Text("noise", "噪声"),
    "pg.points": Text("points", "样本数"),
    "pg.test_share": Text("test share", "测试集比例"),
    "pg.regenerate": Text("regenerate", "重新生成"),
    "pg.data_seed": Text("data seed", "数据种子"),
    "pg.legend": Text("Legend", "图例"),
    "pg.legend.dead": Text("dead unit: f′(z) = 0 on every training point, so no gradient "
                           "reaches its weights (the dying ReLU)",
                           f"死亡单元：在所有训练样本上 f′(z) = 0，梯度无法到达它的权重"
                           f"（{_DEAD}）"),
    "pg.legend.saturated": Text("saturated unit: |f′(z)| under 5 % of its peak on 90 % of the "
                                "points (the saturated sigmoid: gradients vanish)",
                                f"{_SAT}单元：在 90 % 的样本上 |f′(z)| 不到其峰值的 5 %"
                                f"（{term('vanishing gradient problem')}）"),
    "pg.legend.pos": Text("positive weight / class 1", "正权重 / 类别 1"),
    "pg.legend.neg": Text("negative / class 0", "负权重 / 类别 0"),
    "pg.add_layer": Text("add a hidden layer", "增加一个隐藏层"),
    "pg.del_layer": Text("remove the last hidden layer", "删除最后一个隐藏层"),
    "pg.hidden_layers": Text("{n} hidden layers", "{n} 个隐藏层"),
    "pg.hidden_layer": Text("{n} hidden layer", "{n} 个隐藏层"),
    "pg.feature_on": Text("use the input feature {f}", "使用输入特征 {f}"),
    "pg.feature_off": Text("stop using the input feature {f}", "不再使用输入特征 {f}"),
    "pg.one_feature": Text("The network needs at least one input feature.",
                           "网络至少需要一个输入特征。"),
    "pg.weight": Text("weight", term("weight")),
    "pg.weight_hint": Text("Click a link to edit its weight (keyboard: Enter on a neuron).",
                           "点击一条连接可修改它的权重（键盘：在神经元上按 Enter）。"),
    "pg.node_keys": Text("Enter: edit this neuron's incoming weights (Page Up/Down: the next "
                         "one, Escape: close)",
                         "Enter：修改这个神经元的输入权重（Page Up/Down：下一个，Escape：关闭）"),
    "pg.discrete": Text("discretize output", "离散化输出"),
    "pg.heat_output": Text("P(class 1): the network's output", "P(类别 1)：网络的输出"),
    "pg.heat_unit": Text("{unit}: its output a = f(z)", "{unit}：它的输出 a = f(z)"),
    "pg.param_of": Text("{param} of hidden layer {layer}", "第 {layer} 个隐藏层的 {param}"),
    "pg.learned": Text("learned: {v}", "已学到：{v}"),
    "flow.title": Text("Gradient flow", "梯度的流动"),
    "flow.hint": Text("Left: the norm of each layer's weight gradient on the training set, on "
                      "a log scale (the vanishing gradient: the first layers' lines far below "
                      "the last's). Right: the share of each layer's units that are dead "
                      "(solid) or saturated (dashed).",
                      "左：各层权重梯度在训练集上的范数（对数坐标；"
                      f"{term('vanishing gradient problem')}时，前几层的曲线远低于后几层）。"
                      "右：各层中死亡（实线）或饱和（虚线）单元所占的比例。"),
    "flow.grad": Text("‖∂L/∂W‖ per layer", "各层 ‖∂L/∂W‖"),
    "flow.share": Text("dead / saturated share", "死亡 / 饱和比例"),
    "flow.layer": Text("layer {n}", "第 {n} 层"),
    "cmp.label": Text("Compare with a network B whose hidden layers use",
                      "对比：网络 B 的隐藏层改用"),
    "cmp.off": Text("(no comparison)", "（不对比）"),
    "cmp.caption": Text("B: the same data, seed and settings, hidden layers {act}; play, step "
                        "and reset drive both.",
                        "B：相同的数据、随机种子和设置，隐藏层改用 {act}；"
                        "开始、单步和重置同时作用于两个网络。"),
    "pg.preact": Text("layer {n}: f (solid) and f′ (dashed) of its activation over the "
                      "histogram of its net inputs z on the training points",
                      "第 {n} 层：其激活函数的 f（实线）与 f′（虚线），背景是各单元在训练样本上"
                      "净输入 z 的直方图"),
    "pg.output": Text("Output", "输出"),
    "pg.show_test": Text("show test data", "显示测试数据"),
    "pg.train_loss": Text("train loss", "训练损失"),
    "pg.test_loss": Text("test loss", "测试损失"),
    "pg.copy": Text("copy link", "复制链接"),
    "pg.copied": Text("link copied", "链接已复制"),
    "pg.url_hint": Text("The URL holds every setting and the seeds: opening it reproduces "
                        "this run.", "网址包含所有设置和随机种子：打开它即可重现这次训练。"),
    "pg.inputs": Text("inputs", "输入"),
    "pg.output_unit": Text("output (logistic)", "输出（Logistic）"),
    "pg.add_neuron": Text("add a neuron", "增加一个" + _NEURON),
    "pg.del_neuron": Text("remove a neuron", "删除一个" + _NEURON),
    "pg.neurons": Text("{n} neurons", "{n} 个" + _NEURON),
    "pg.neuron": Text("{n} neuron", "{n} 个" + _NEURON),
    "pg.layer_activation": Text("activation of this layer", "本层的" + _ACT),
    "pg.accuracy": Text("test accuracy {acc} %", "测试准确率 {acc} %"),
    "pg.unit": Text("layer {layer}, neuron {unit}", "第 {layer} 层，第 {unit} 个神经元"),
    "pg.unit_output": Text("output", "输出"),
    "pg.unit_tip": Text("{act}, bias {bias}\nf′(z) = 0 on {zero} % of the training points, "
                        "|f′(z)| small on {small} %",
                        "{act}，偏置 {bias}\n在 {zero} % 的训练样本上 f′(z) = 0，"
                        "在 {small} % 上 |f′(z)| 很小"),
    "pg.dead": Text("dead", "死亡"),
    "pg.saturated": Text("saturated", _SAT),
    "pg.dead_tip": Text("DEAD: no gradient reaches this unit", "死亡：没有梯度到达该单元"),
    "pg.sat_tip": Text("SATURATED: gradients vanish here", "饱和：梯度在此消失"),
    # the chapter's claims, one click each (explorer/presets.py)
    "preset.label": Text("The chapter's claims", "教材中的论断"),
    "preset.choose": Text("choose an experiment…", "选择一个实验…"),
    "preset.bias_shift_logistic.title": Text("Bias shift: logistic layers",
                                             f"{term('bias shift')}：Logistic 隐藏层"),
    "preset.bias_shift_logistic.claim": Text(
        "Logistic outputs are never negative, so the next layer's weight gradients share "
        "a sign and descent zig-zags: compare the loss curve with the tanh preset.",
        f"Logistic 的输出恒为正，下一层权重的梯度同号，梯度下降走“之”字形"
        f"（{term('bias shift')}）：与 Tanh 预设比较损失曲线。"),
    "preset.bias_shift_tanh.title": Text(
        "Bias shift: tanh layers (zero-centred)",
        f"{term('bias shift')}：Tanh 隐藏层（{term('zero-centred')}）"),
    "preset.bias_shift_tanh.claim": Text(
        "The same network with tanh, whose outputs are centred on 0: the loss falls sooner.",
        f"同一网络换成输出{term('zero-centred')}的 Tanh：损失下降得更早。"),
    "preset.dying_relu.title": Text("Dying ReLU: a large learning rate",
                                    f"{term('dying ReLU problem')}：较大的学习率"),
    "preset.dying_relu.claim": Text(
        "Press play: units whose net input turns negative on every point get no gradient "
        "and are marked dead; they never come back.",
        f"按“开始”：{term('net input')}在所有样本上都为负的单元得不到梯度，被标为死亡，"
        "且再也不会恢复。"),
    "preset.dying_leaky.title": Text("Leaky ReLU: the same run", "带泄露的ReLU：同样的训练"),
    "preset.dying_leaky.claim": Text(
        "The same network with leaky ReLU: its small negative slope keeps a gradient, so no "
        "unit dies.", "同一网络换成带泄露的ReLU：负半轴的小斜率保留了梯度，没有单元死亡。"),
    "preset.linear_collapse.title": Text("Linear activations cannot learn XOR",
                                         "线性激活函数学不会异或"),
    "preset.linear_collapse.claim": Text(
        "Two hidden layers of identity units are one linear map: the boundary stays a "
        "straight line, so at most three of XOR's four clusters are right (75 %) and the "
        "test loss stays near ln 2 ≈ 0.69, the loss of guessing.",
        "两层恒等激活的隐藏层合起来仍是一个线性映射：决策边界始终是直线，异或的四簇点最多分对三簇"
        "（75 %），测试损失停在 ln 2 ≈ 0.69 附近，即随机猜测的损失。"),
    "preset.nonlinear_xor.title": Text("The same network with tanh learns XOR",
                                       "同一网络换成 Tanh 就能学会异或"),
    "preset.nonlinear_xor.claim": Text(
        "A nonlinear activation lets the layers bend the boundary: XOR is learned.",
        f"非线性的{_ACT}让各层能弯折决策边界：异或被学会了。"),
    "preset.vanishing.title": Text("Vanishing gradients: six logistic layers",
                                   f"{term('vanishing gradient problem')}：六层 Logistic"),
    "preset.vanishing.claim": Text(
        "Each logistic layer multiplies the gradient by at most 0.25: through six of them "
        "the first layers get almost none, and the loss stays at ln 2 ≈ 0.69 (guessing) for "
        "hundreds of epochs.",
        "每个 Logistic 层至多把梯度乘以 0.25：经过六层后前面几层几乎得不到梯度，"
        "损失在数百轮内停在 ln 2 ≈ 0.69（随机猜测）。"),
    "preset.features_circle.title": Text("Features x₁², x₂²: no hidden layer needed",
                                         "特征 x₁²、x₂²：无需隐藏层"),
    "preset.features_circle.claim": Text(
        "Circles are not linearly separable in (x₁, x₂) but are in (x₁², x₂²): one "
        "logistic unit on these features learns them.",
        f"圆环在 (x₁, x₂) 中不是{term('linearly separable')}的，在 (x₁², x₂²) 中却是："
        "只用这两个特征，一个 Logistic 单元就能学会。"),
    "ds.xor": Text("xor", "异或"),
    "ds.circles": Text("circles", "圆环"),
    "ds.moons": Text("moons", "双月"),
    "ds.spirals": Text("spirals", "螺旋"),
    "ds.blobs": Text("blobs", "高斯团"),
    "ds.plane": Text("plane (regression)", "平面（回归）"),
    "ds.gaussians": Text("Gaussians (regression)", "高斯峰（回归）"),
    "pg.output_linear": Text("output (linear)", "输出（线性）"),
    "pg.heat_regression": Text("the network's output (target from −1 to 1)",
                               "网络的输出（目标值从 −1 到 1）"),
    "loss.mse": Text("squared error", "均方误差"),
    "loss.binary_cross_entropy": Text("cross-entropy", term("cross-entropy")),
    "opt.sgd": Text("SGD", "随机梯度下降"),
    "opt.momentum": Text("momentum", "动量法"),
    "opt.adam": Text("Adam", "Adam"),
    "reg.none": Text("none", "无"),
    "reg.l1": Text("L1", "L1"),
    "reg.l2": Text("L2", "L2"),
}
"""Every text of the page by key; ``{name}`` fields are filled in by the page."""


def strings(lang: str) -> dict[str, str]:
    """Every text of the page in *lang* (``"en"`` or ``"zh"``), fields left unfilled.

    >>> s = strings("zh")
    >>> s["pg.legend.dead"].endswith("（死亡ReLU问题）"), len(s) == len(STRINGS)
    (True, True)
    """
    check_language(lang)
    return {key: (text.zh if lang == "zh" else text.en) for key, text in STRINGS.items()}
