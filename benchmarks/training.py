"""Training speed: neuronkit against scikit-learn's MLPClassifier and PyTorch on the CPU.

The same multilayer perceptron (digits 64-128-10, ReLU hidden layer, softmax output,
cross-entropy), the same data split, batch size, optimizer (Adam), learning rate and
number of epochs for every library, measured side by side in one process with the same
number of BLAS/compute threads.  Prints a markdown table: median seconds per epoch, test
accuracy, and the ratio of each library's time per epoch to neuronkit's.

Run:  .venv/bin/python benchmarks/training.py [--epochs 50] [--repeats 3] [--threads 1]

``--large``: the case where activations and float32 matter, a 784-512-512-10 ReLU network
on 60,000 synthetic float32 samples (784 features, 10 classes, generated from a seed: a
random teacher network labels Gaussian inputs; 10,000 more for the test accuracy), batch
256, Adam: neuronkit float32 (``Network(..., dtype="float32")``), neuronkit float64,
scikit-learn's MLPClassifier (it trains in the dtype of its input: float32) and PyTorch
CPU float32, or "not installed".  The libraries' epochs are interleaved (epoch 1 of
each, then epoch 2 of each, ...), so that the bursts of load of a shared machine hit them
alike; the median epoch after the first is reported, and every epoch's time.  Default
3 epochs (``--repeats`` does not apply):

    .venv/bin/python benchmarks/training.py --large [--epochs 3] [--threads 2]

Threads: numpy's BLAS (through threadpoolctl), neuronkit's kernels and PyTorch get the same
count, 1 by default: with matrices this small (a 64x128 hidden layer) a second thread costs
more in start-up and contention than it gives, for every library, especially on a small
shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings

import numpy as np

import neuronkit as nk


def _threads(requested: int) -> int:
    nk.set_num_threads(requested)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return requested
    threadpool_limits(requested)
    return requested


# -- the large case ------------------------------------------------------------------------

LARGE_SIZES = (784, 512, 512, 10)


def large_data(seed: int, n_train: int = 60_000, n_test: int = 10_000):
    """Synthetic float32 data of MNIST's shape: Gaussian inputs labelled by the argmax of
    a random tanh teacher network (784-64-10), so that there is something to learn."""
    rng = np.random.default_rng(seed)
    n = n_train + n_test
    X = rng.standard_normal((n, LARGE_SIZES[0]), dtype=np.float32)
    w1 = rng.standard_normal((LARGE_SIZES[0], 64), dtype=np.float32) / np.float32(28.0)
    w2 = rng.standard_normal((64, LARGE_SIZES[-1]), dtype=np.float32)
    y = np.argmax(np.tanh(X @ w1) @ w2, axis=1)
    return X[:n_train], X[n_train:], y[:n_train], y[n_train:]


class _Epochs:
    """One library's training on the large case, one epoch per :meth:`epoch` call (so that
    the libraries' epochs interleave: on a shared machine a burst of load then hits them
    all alike)."""

    def epoch(self) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def accuracy(self) -> float:  # pragma: no cover - overridden
        raise NotImplementedError


class NeuronkitEpochs(_Epochs):
    def __init__(self, data, batch, lr, seed, dtype):
        self.Xtr, self.Xte, self.ytr, self.yte = data
        a, b, c, d = LARGE_SIZES
        self.net = nk.Network([nk.Dense(a, b, activation="relu"),
                               nk.Dense(b, c, activation="relu"),
                               nk.Dense(c, d, activation="softmax")], seed=seed, dtype=dtype)
        self.opt = nk.optimizers.Adam(lr)  # one object: its state goes on from epoch to epoch
        self.batch, self.seed, self.done = batch, seed, 0

    def epoch(self) -> float:
        # fit's epoch_time: the shuffle and the steps, not the one conversion of X per call
        hist = self.net.fit(self.Xtr, self.ytr, loss="cross_entropy", optimizer=self.opt,
                            epochs=1, batch_size=self.batch, seed=self.seed + self.done,
                            progress=False)
        self.done += 1
        return hist.epoch_time[0]

    def accuracy(self) -> float:
        return float(np.mean(self.net.predict(self.Xte) == self.yte))


class SklearnEpochs(_Epochs):
    def __init__(self, data, batch, lr, seed):
        from sklearn.neural_network import MLPClassifier

        self.Xtr, self.Xte, self.ytr, self.yte = data
        self.clf = MLPClassifier(hidden_layer_sizes=LARGE_SIZES[1:-1], activation="relu",
                                 solver="adam", alpha=0.0, batch_size=batch,
                                 learning_rate_init=lr, max_iter=1, shuffle=True,
                                 random_state=seed, tol=0.0)

    def epoch(self) -> float:
        from sklearn.exceptions import ConvergenceWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            t0 = time.perf_counter()
            # one epoch; float32 in, float32 kept (checked below)
            self.clf.partial_fit(self.Xtr, self.ytr, classes=np.arange(LARGE_SIZES[-1]))
            seconds = time.perf_counter() - t0
        assert self.clf.coefs_[0].dtype == np.float32
        return seconds

    def accuracy(self) -> float:
        return float(np.mean(self.clf.predict(self.Xte) == self.yte))


class TorchEpochs(_Epochs):
    def __init__(self, data, batch, lr, seed):
        import torch

        self.torch = torch
        torch.manual_seed(seed)
        Xtr, self.Xte, ytr, self.yte = data
        self.xt, self.yt = torch.from_numpy(Xtr), torch.as_tensor(ytr, dtype=torch.long)
        a, b, c, d = LARGE_SIZES
        self.model = torch.nn.Sequential(torch.nn.Linear(a, b), torch.nn.ReLU(),
                                         torch.nn.Linear(b, c), torch.nn.ReLU(),
                                         torch.nn.Linear(c, d))
        self.opt = torch.optim.Adam(self.model.parameters(), lr=lr)
        self.lossf = torch.nn.CrossEntropyLoss()
        self.gen = torch.Generator().manual_seed(seed)
        self.batch = batch

    def epoch(self) -> float:
        t0 = time.perf_counter()
        n, batch, opt = self.xt.shape[0], self.batch, self.opt
        perm = self.torch.randperm(n, generator=self.gen)
        xs, ys = self.xt[perm], self.yt[perm]
        for start in range(0, n, batch):
            opt.zero_grad(set_to_none=True)
            loss = self.lossf(self.model(xs[start:start + batch]), ys[start:start + batch])
            loss.backward()
            opt.step()
        return time.perf_counter() - t0

    def accuracy(self) -> float:
        with self.torch.no_grad():
            pred = self.model(self.torch.from_numpy(self.Xte)).argmax(dim=1).numpy()
        return float(np.mean(pred == self.yte))


def _large_trainers(data, batch, lr, seed, threads):
    """``({name: trainer}, {name: why it is missing})`` for the large case."""
    trainers = {f"neuronkit {dt}": NeuronkitEpochs(data, batch, lr, seed, dt)
                for dt in ("float32", "float64")}
    missing = {}
    try:
        trainers["scikit-learn MLPClassifier (float32)"] = SklearnEpochs(data, batch, lr, seed)
    except ImportError:
        missing["scikit-learn MLPClassifier (float32)"] = "not installed"
    try:
        import torch

        torch.set_num_threads(threads)
        trainers["PyTorch CPU float32"] = TorchEpochs(data, batch, lr, seed)
    except ImportError:
        missing["PyTorch CPU float32"] = "not installed"
    return trainers, missing


def main_large(args, threads: int) -> int:
    """The --large case: the libraries' epochs interleaved, one table, the ratios to
    neuronkit float32's time and to PyTorch's."""
    t0 = time.perf_counter()
    data = large_data(args.seed)
    made = time.perf_counter() - t0
    lr = args.learning_rate if args.learning_rate is not None else 1e-3
    epochs = args.epochs if args.epochs is not None else 3
    batch = args.batch_size if args.batch_size is not None else 256
    trainers, missing = _large_trainers(data, batch, lr, args.seed, threads)
    times: dict[str, list[float]] = {name: [] for name in trainers}
    for _ in range(epochs):
        for name, trainer in trainers.items():
            times[name].append(trainer.epoch())
    med = {name: statistics.median(t[1:] if len(t) > 1 else t) for name, t in times.items()}
    base, torch_t = med["neuronkit float32"], med.get("PyTorch CPU float32")
    sizes = "-".join(map(str, LARGE_SIZES))
    print(f"synthetic {sizes} (ReLU, softmax cross-entropy), {len(data[0])} train / "
          f"{len(data[1])} test float32 samples (made in {made:.1f} s), Adam lr={lr}, batch "
          f"{batch}, {epochs} epoch(s) interleaved across the libraries, {threads} thread(s); "
          f"median ms per epoch{' (first epoch excluded)' if epochs > 1 else ''}, all "
          "epochs in brackets\n")
    print("| library | ms per epoch | test accuracy | time / neuronkit float32's | "
          "time / PyTorch's |")
    print("|---|---:|---:|---:|---:|")
    for name, trainer in trainers.items():
        vs_torch = f"{med[name] / torch_t:.2f}" if torch_t else "n/a"
        every = ", ".join(f"{t * 1e3:.0f}" for t in times[name])
        print(f"| {name} | {med[name] * 1e3:.0f} ({every}) | {trainer.accuracy():.4f} | "
              f"{med[name] / base:.2f} | {vs_torch} |")
    for name, why in missing.items():
        print(f"| {name} | {why} | | | |")
    return 0


def run_neuronkit(data, epochs, batch, lr, seed):
    Xtr, Xte, ytr, yte = data
    net = nk.Network([nk.Dense(64, 128, activation="relu"),
                      nk.Dense(128, 10, activation="softmax")], seed=seed)
    hist = net.fit(Xtr, ytr, loss="cross_entropy", optimizer="adam", learning_rate=lr,
                   epochs=epochs, batch_size=batch, seed=seed, progress=False)
    return hist.epoch_time, float(np.mean(net.predict(Xte) == yte))


def run_sklearn(data, epochs, batch, lr, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    Xtr, Xte, ytr, yte = data
    clf = MLPClassifier(hidden_layer_sizes=(128,), activation="relu", solver="adam",
                        alpha=0.0, batch_size=batch, learning_rate_init=lr, max_iter=1,
                        shuffle=True, random_state=seed, tol=0.0)
    classes = np.unique(ytr)
    times = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(epochs):
            t0 = time.perf_counter()
            clf.partial_fit(Xtr, ytr, classes=classes)  # one epoch over the data
            times.append(time.perf_counter() - t0)
    return times, float(np.mean(clf.predict(Xte) == yte))


def run_torch(data, epochs, batch, lr, seed, dtype_name):
    import torch

    dtype = getattr(torch, dtype_name)
    torch.manual_seed(seed)
    Xtr, Xte, ytr, yte = data
    xt = torch.as_tensor(Xtr, dtype=dtype)
    yt = torch.as_tensor(ytr, dtype=torch.long)
    model = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(),
                                torch.nn.Linear(128, 10)).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    lossf = torch.nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(seed)
    n = xt.shape[0]
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        xs, ys = xt[perm], yt[perm]
        for start in range(0, n, batch):
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(xs[start:start + batch]), ys[start:start + batch])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
    with torch.no_grad():
        pred = model(torch.as_tensor(Xte, dtype=dtype)).argmax(dim=1).numpy()
    return times, float(np.mean(pred == yte))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--large", action="store_true",
                    help="784-512-512-10 on 60,000 synthetic float32 samples, batch 256: "
                    "neuronkit float32 and float64, scikit-learn, PyTorch float32")
    ap.add_argument("--epochs", type=int, default=None, help="default 50 (--large: 3)")
    ap.add_argument("--batch-size", type=int, default=None, help="default 64 (--large: 256)")
    ap.add_argument("--learning-rate", type=float, default=None,
                    help="default 3e-3 (--large: 1e-3)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=None,
                    help="run each library this many times, interleaved; report the best "
                    "(default 3; not for --large)")
    ap.add_argument("--threads", type=int, default=1,
                    help="BLAS threads for numpy, neuronkit's threads and PyTorch's (the "
                    "same count)")
    args = ap.parse_args(argv)

    threads = _threads(args.threads)
    if args.large:
        return main_large(args, threads)
    args.epochs = 50 if args.epochs is None else args.epochs
    args.batch_size = 64 if args.batch_size is None else args.batch_size
    args.learning_rate = 3e-3 if args.learning_rate is None else args.learning_rate
    args.repeats = 3 if args.repeats is None else args.repeats
    X, y = nk.datasets.load_digits()
    data = nk.datasets.train_test_split(X, y, test_size=0.2, seed=args.seed, stratify=True)
    runs = {"neuronkit (float64)": lambda: run_neuronkit(
        data, args.epochs, args.batch_size, args.learning_rate, args.seed)}
    try:
        import sklearn  # noqa: F401

        runs["scikit-learn MLPClassifier (float64)"] = lambda: run_sklearn(
            data, args.epochs, args.batch_size, args.learning_rate, args.seed)
    except ImportError:
        print("scikit-learn not installed: skipped", file=sys.stderr)
    try:
        import torch

        torch.set_num_threads(threads)
        for dt in ("float32", "float64"):
            runs[f"PyTorch CPU ({dt})"] = (lambda dt=dt: run_torch(
                data, args.epochs, args.batch_size, args.learning_rate, args.seed, dt))
    except ImportError:
        print("PyTorch not installed: skipped", file=sys.stderr)

    best: dict[str, tuple[float, float]] = {}
    for _ in range(args.repeats):
        for name, fn in runs.items():
            times, acc = fn()
            med = statistics.median(times[1:] if len(times) > 1 else times)
            if name not in best or med < best[name][0]:
                best[name] = (med, acc)

    base = best["neuronkit (float64)"][0]
    print(f"digits 64-128-10 (ReLU, softmax cross-entropy), Adam lr={args.learning_rate}, "
          f"batch {args.batch_size}, {args.epochs} epochs, {len(data[0])} train / "
          f"{len(data[1])} test samples, {threads} thread(s); median time per epoch "
          "(first epoch excluded), best of "
          f"{args.repeats} run(s)\n")
    print("| library | time per epoch (ms) | test accuracy | time / neuronkit's |")
    print("|---|---:|---:|---:|")
    for name, (med, acc) in best.items():
        print(f"| {name} | {med * 1e3:.2f} | {acc:.4f} | {med / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
