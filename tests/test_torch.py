"""neuronkit.torch: every activation inside PyTorch's autograd, with the exact derivative.

The reference for the gradients is torch.autograd.gradcheck's finite differences (float64,
away from every kink); the values and slopes must be neuronkit's NumPy results bit for bit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import neuronkit as nk
from neuronkit.errors import InputTypeError, UnknownNameError

torch = pytest.importorskip(
    "torch", reason="PyTorch is not installed (not in the test extra: PyPI's Linux wheel "
    "pulls the CUDA libraries, several GB; install the CPU wheel to run these tests)")
nkt = pytest.importorskip("neuronkit.torch")

NAMES = nk.activation_names()
# no kink of any activation lies within 0.05 of these points (hard_tanh at +-1,
# hard_logistic at +-2, hard_swish at +-3, relu6 at 0 and 6, step and relu at 0)
POINTS = [-7.3, -5.3, -2.7, -1.3, -0.6, -0.2, 0.3, 0.7, 1.4, 2.6, 4.1, 5.7, 6.4, 9.1]


@pytest.mark.parametrize("name", NAMES)
def test_gradcheck_against_finite_differences(name):
    x = torch.tensor(POINTS, dtype=torch.float64).reshape(2, 7).requires_grad_()
    assert torch.autograd.gradcheck(lambda t: nkt.apply(t, name), (x,), eps=1e-6, atol=1e-7)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_value_and_gradient_are_neuronkits_bit_for_bit(name, dtype):
    rng = np.random.default_rng(7)
    data = np.concatenate([rng.standard_normal(500) * 4, [0.0, -0.0, 1e-30, 40.0, -40.0,
                                                          np.inf, -np.inf, np.nan]])
    x = torch.tensor(data, dtype=dtype, requires_grad=True)
    f = nk.activation(name)
    y = nkt.apply(x, name)
    y.backward(torch.ones_like(y))
    ref = data.astype(torch.empty(0, dtype=dtype).numpy().dtype)
    np.testing.assert_array_equal(y.detach().numpy(), f(ref))
    np.testing.assert_array_equal(x.grad.numpy(), f.derivative(ref))


@pytest.mark.parametrize("dtype", [torch.float16, torch.float32, torch.float64])
@pytest.mark.parametrize("shape", [(), (0,), (3,), (2, 3, 4)])
def test_dtype_shape_and_device_are_kept(dtype, shape):
    x = torch.linspace(-3, 3, int(np.prod(shape))).reshape(shape).to(dtype)
    for y in (nkt.gelu(x), nkt.Module("tanh")(x), *nkt.value_and_derivative(
            nk.activation("swish"), x)):
        assert y.dtype == dtype and y.shape == x.shape and y.device == x.device


def test_strided_input_is_read_in_place():
    base = torch.linspace(-3, 3, 24, dtype=torch.float64).reshape(4, 6)
    x = base.t()[::2]  # not contiguous
    view = nkt._checked(x).numpy()  # what value_and_derivative reads
    assert view.ctypes.data == x.data_ptr() and view.strides == tuple(
        s * x.element_size() for s in x.stride())
    np.testing.assert_array_equal(nkt.mish(x).numpy(), nk.activation("mish")(x.numpy()))


def test_parameters_and_aliases_as_keywords():
    x = torch.tensor([-2.0, 3.0], dtype=torch.float64)
    np.testing.assert_array_equal(nkt.leaky_relu(x, negative_slope=0.2).numpy(), [-0.4, 3.0])
    np.testing.assert_array_equal(nkt.silu(x).numpy(),
                                  nk.activation("swish", beta=1.0)(x.numpy()))
    assert "gelu" in dir(nkt)
    with pytest.raises(AttributeError, match="no attribute 'gelux'"):
        nkt.gelux  # noqa: B018
    with pytest.raises(UnknownNameError, match="gelu"):
        nkt.Module("gelux")


def test_module_has_no_parameters_and_a_readable_repr():
    m = nkt.Module("hard_logistic", slope=0.2)
    assert list(m.parameters()) == [] and m.state_dict() == {}
    assert repr(m) == "Module(hard_logistic, slope=0.2, offset=0.5)"
    model = torch.nn.Sequential(torch.nn.Linear(3, 2, dtype=torch.float64), nkt.Module("elu"))
    out = model(torch.ones(5, 3, dtype=torch.float64))
    out.sum().backward()
    assert model[0].weight.grad is not None and model[0].weight.grad.shape == (2, 3)


def test_second_derivatives_are_refused():
    x = torch.tensor([0.5], dtype=torch.float64, requires_grad=True)
    (g,) = torch.autograd.grad(nkt.tanh(x).sum(), x, create_graph=True)
    with pytest.raises(RuntimeError, match="once_differentiable|does not require grad"):
        g.sum().backward()


@pytest.mark.parametrize(("x", "match"), [
    (torch.ones(2, dtype=torch.bfloat16), "bfloat16"),
    (torch.ones(2, dtype=torch.complex64), "complex64"),
    (torch.ones(2, device="meta"), "device meta"),
])
def test_unsupported_tensors_are_named(x, match):
    with pytest.raises(InputTypeError, match=match):
        nkt.relu(x)


def test_integer_tensors_give_float64():
    assert nkt.relu(torch.tensor([-1, 2])).dtype == torch.float64


def test_import_neuronkit_does_not_import_torch():
    code = "import sys, neuronkit\nprint('torch' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(Path(nk.__file__).parents[1])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert out.strip() == "False"


def test_rrelu_module_samples_its_slopes_in_training_mode_as_torch_does():
    """In training mode Module("rrelu") draws each slope from U(lower, upper) with
    PyTorch's generator (the same draws as torch.nn.RReLU under one seed), and the
    gradient is the slope drawn; in eval mode the mean slope, as RReLU's."""
    x = -torch.rand(1000, dtype=torch.float64) - 0.5
    x.requires_grad_(True)
    torch.manual_seed(3)
    ours = nkt.Module("rrelu", lower=0.1, upper=0.4)(x)
    torch.manual_seed(3)
    theirs = torch.nn.RReLU(0.1, 0.4)(x.detach())
    torch.testing.assert_close(ours, theirs, rtol=1e-15, atol=0)  # the same draws
    slopes = ours.detach() / x.detach()
    assert 0.1 <= slopes.min() and slopes.max() <= 0.4 and slopes.std() > 0.05
    ours.sum().backward()
    torch.testing.assert_close(x.grad, slopes, rtol=1e-15, atol=0)
    m = nkt.Module("rrelu", lower=0.1, upper=0.4).eval()
    torch.testing.assert_close(m(x.detach()), torch.nn.RReLU(0.1, 0.4).eval()(x.detach()))
    assert m(torch.tensor([-2], dtype=torch.int64)).dtype == torch.float64


@pytest.fixture
def off_the_cpu(monkeypatch):
    """CPU tensors take the path of tensors on another device (CUDA): the NumPy
    kernels run on PyTorch's functions where the tensor is."""
    pytest.importorskip("array_api_compat")
    from neuronkit import _arrays

    monkeypatch.setattr(nkt, "_on_cpu", lambda x: False)
    monkeypatch.setattr(_arrays, "_in_host_memory", lambda x: False)


@pytest.mark.parametrize("name", NAMES)
def test_off_the_cpu_gradcheck_and_the_cpu_results(name, off_the_cpu):
    x = torch.tensor(POINTS, dtype=torch.float64).reshape(2, 7).requires_grad_()
    assert torch.autograd.gradcheck(lambda t: nkt.apply(t, name), (x,), eps=1e-6, atol=1e-7)
    data = np.random.default_rng(5).normal(0, 4, 300).astype(np.float32)
    t = torch.from_numpy(data).requires_grad_()
    y = nkt.apply(t, name)
    y.sum().backward()
    f = nk.activation(name)
    assert y.dtype == torch.float32 and y.device == t.device
    # float32 rounded once from float64 on both paths: <= 1 ULP of the exact value each
    np.testing.assert_allclose(y.detach().numpy(), f(data), rtol=2.5e-7, atol=1e-37)
    np.testing.assert_allclose(t.grad.numpy(), f.derivative(data), rtol=2.5e-7, atol=1e-37)


def test_off_the_cpu_rrelu_training_draws_as_on_the_cpu(off_the_cpu, monkeypatch):
    x = (-torch.rand(500, dtype=torch.float64) - 0.5).requires_grad_()
    torch.manual_seed(4)
    ours = nkt.Module("rrelu", lower=0.1, upper=0.4)(x)
    ours.sum().backward()
    monkeypatch.undo()
    x2 = x.detach().clone().requires_grad_()
    torch.manual_seed(4)
    cpu = nkt.Module("rrelu", lower=0.1, upper=0.4)(x2)
    cpu.sum().backward()
    torch.testing.assert_close(ours, cpu, rtol=0, atol=0)
    torch.testing.assert_close(x.grad, x2.grad, rtol=0, atol=0)


def test_cuda_tensors_are_computed_on_their_device():
    pytest.importorskip("array_api_compat")
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device here: the GPU case runs where one exists")
    x = torch.tensor(POINTS, dtype=torch.float64, device="cuda").requires_grad_()
    y = nkt.Module("gelu")(x)
    y.sum().backward()
    assert y.device == x.device and x.grad.device == x.device
    f = nk.activation("gelu")
    np.testing.assert_allclose(y.detach().cpu().numpy(), f(np.array(POINTS)), rtol=1e-15)
    np.testing.assert_allclose(x.grad.cpu().numpy(), f.derivative(np.array(POINTS)),
                               rtol=1e-15)
