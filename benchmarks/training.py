"""Training speed: neuronkit against scikit-learn's MLPClassifier and PyTorch on the CPU.

The same multilayer perceptron (digits 64-128-10, ReLU hidden layer, softmax output,
cross-entropy), the same data split, batch size, optimizer (Adam), learning rate and
number of epochs for every library, measured side by side in one process with the same
number of BLAS/compute threads.  Prints a markdown table: median seconds per epoch, test
accuracy, and the ratio of each library's time per epoch to neuronkit's.

Run:  .venv/bin/python benchmarks/training.py [--epochs 50] [--repeats 3] [--threads 1]

Threads: numpy's BLAS (through threadpoolctl) and PyTorch get the same count, 1 by default:
with matrices this small (a 64x128 hidden layer) a second thread costs more in start-up
and contention than it gives, for every library, especially on a small shared machine.
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
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return requested
    threadpool_limits(requested)
    return requested


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
    ap.add_argument("--epochs", type=int, default=50)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--learning-rate", type=float, default=3e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3,
                    help="run each library this many times, interleaved; report the best")
    ap.add_argument("--threads", type=int, default=1,
                    help="BLAS threads for numpy and threads for PyTorch (the same count)")
    args = ap.parse_args(argv)

    threads = _threads(args.threads)
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
