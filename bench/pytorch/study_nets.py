#!/usr/bin/python3
"""PyTorch CPU training-throughput benchmark for the Fashion-MNIST study nets.

Mirrors the Deeplearning4j networks trained by the Maven plugin (conv
autoencoder and conv classifier, latent n=64, dropout p=0.2, Adam lr 1e-3,
batch size 100) so per-batch training time can be compared.

Prints exactly one line on stdout:
    pytorch net=<net> threads=<T> batches=<N> seconds=<float> per_batch_ms=<float> torch=<version> blas=<path>
        also_mapped=<paths>
where blas is the libblas.so.3 the dynamic linker resolved for torch, and also_mapped the other BLAS libraries in
the process (Debian's LAPACK alternative maps OpenBLAS even when libblas is the reference one).
Diagnostics (torch version, final loss, ...) go to stderr.

Run with Debian's interpreter (python3-torch): /usr/bin/python3 study_nets.py ...
"""

import argparse
import gzip
import os
import sys
import time

import numpy as np

LATENT = 64
DROPOUT = 0.2
LR = 1e-3
BATCH = 100
WARMUP_BATCHES = 5


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--net", choices=("autoencoder", "classifier"), required=True)
    p.add_argument("--batches", type=int, default=300,
                   help="timed training batches of %d (default 300)" % BATCH)
    p.add_argument("--threads", type=int, default=1,
                   help="intra-op threads (torch.set_num_threads); inter-op is 1")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist",
                   help="directory with train-images-idx3-ubyte.gz / train-labels-idx1-ubyte.gz")
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args(argv)
    if a.batches < 1:
        p.error("--batches must be >= 1")
    if a.threads < 1:
        p.error("--threads must be >= 1")
    return a


# --------------------------------------------------------------------------
# IDX reading (gzip + numpy only)
# --------------------------------------------------------------------------

def read_idx(path, limit=None):
    """Read a gzipped IDX file (unsigned byte data). Returns a numpy uint8 array."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError("%s: not an IDX file" % path)
    if raw[2] != 0x08:
        raise ValueError("%s: unsupported IDX data type 0x%02x (want ubyte)" % (path, raw[2]))
    ndim = raw[3]
    dims = [int(d) for d in np.frombuffer(raw, dtype=">u4", count=ndim, offset=4)]
    offset = 4 + 4 * ndim
    expected = int(np.prod(dims))
    if len(raw) - offset != expected:
        raise ValueError("%s: payload %d bytes, header says %d"
                         % (path, len(raw) - offset, expected))
    arr = np.frombuffer(raw, dtype=np.uint8, offset=offset).reshape(dims)
    if limit is not None:
        arr = arr[:limit]
    return arr


def load_fashion_mnist(data_dir, count, need_labels):
    """First `count` training images as float32 [count,1,28,28] in [0,1] (+ int64 labels)."""
    imgs = read_idx(os.path.join(data_dir, "train-images-idx3-ubyte.gz"), count)
    if imgs.ndim != 3 or imgs.shape[1:] != (28, 28):
        raise ValueError("unexpected image shape %s" % (imgs.shape,))
    x = (imgs.astype(np.float32) / np.float32(255.0)).reshape(-1, 1, 28, 28)
    y = None
    if need_labels:
        y = read_idx(os.path.join(data_dir, "train-labels-idx1-ubyte.gz"), count).astype(np.int64)
        if y.shape[0] != x.shape[0]:
            raise ValueError("image/label count mismatch")
    return np.ascontiguousarray(x), y


# --------------------------------------------------------------------------
# Networks
# --------------------------------------------------------------------------

def build_nets(torch):
    nn = torch.nn

    def encoder(n, p):
        return [
            nn.Conv2d(1, 16, 3), nn.ReLU(), nn.Dropout(p), nn.MaxPool2d(2),    # 28->26->13
            nn.Conv2d(16, 32, 3), nn.ReLU(), nn.Dropout(p), nn.MaxPool2d(2),   # 13->11->5
            nn.Flatten(),                                                      # 32*5*5 = 800
            nn.Linear(800, n), nn.ReLU(), nn.Dropout(p),
        ]

    def autoencoder(n=LATENT, p=DROPOUT):
        return nn.Sequential(*encoder(n, p),
                             nn.Linear(n, 800), nn.ReLU(), nn.Dropout(p),
                             nn.Unflatten(1, (32, 5, 5)),
                             nn.ConvTranspose2d(32, 16, 4, stride=2, output_padding=1),  # 5->13
                             nn.ReLU(), nn.Dropout(p),
                             nn.ConvTranspose2d(16, 1, 3, stride=2, output_padding=1),   # 13->28
                             nn.Sigmoid())

    def classifier(n=LATENT, p=DROPOUT):
        return nn.Sequential(*encoder(n, p), nn.Linear(n, 10))

    return autoencoder, classifier


def loaded_blas():
    """The BLAS library this process actually mapped (after a matrix product), resolved: which one the
    dynamic linker chose (Debian's alternatives, or LD_LIBRARY_PATH), not which one is installed."""
    found = []
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            name = os.path.basename(path)
            if ("blas" in name or "mkl_rt" in name) and path not in found:
                found.append(path)
    resolved = [os.path.realpath(p) for p in found]
    blas = [p for p in resolved if os.path.basename(p).startswith("libblas")]
    return (blas[0] if blas else "none"), ",".join(p for p in resolved if p not in blas[:1]) or "none"


def check_shapes(torch, model):
    """Assert the spatial sizes 28->26->13->11->5 and (decoder) 5->13->28."""
    nn = torch.nn
    seen = []
    with torch.no_grad():
        h = torch.zeros(2, 1, 28, 28)
        assert tuple(h.shape[2:]) == (28, 28)
        for m in model:
            h = m(h)
            if isinstance(m, (nn.Conv2d, nn.MaxPool2d, nn.ConvTranspose2d, nn.Unflatten)):
                seen.append(h.shape[2])
            if isinstance(m, nn.Flatten):
                assert tuple(h.shape) == (2, 800), h.shape
            if isinstance(m, nn.Unflatten):
                assert tuple(h.shape) == (2, 32, 5, 5), h.shape
    return seen, tuple(h.shape)


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def main(argv=None):
    args = parse_args(argv)
    # Set OpenMP threads before torch (libgomp / oneDNN) initialises.
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    os.environ.setdefault("MKL_NUM_THREADS", str(args.threads))

    import torch
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    autoencoder, classifier = build_nets(torch)
    is_ae = args.net == "autoencoder"
    model = autoencoder() if is_ae else classifier()

    sizes, out_shape = check_shapes(torch, model)
    if is_ae:
        assert sizes == [26, 13, 11, 5, 5, 13, 28], sizes
        assert out_shape == (2, 1, 28, 28), out_shape
    else:
        assert sizes == [26, 13, 11, 5], sizes
        assert out_shape == (2, 10), out_shape

    # Data: first N*100 images, one pass, no shuffling (wraps around if N*100 > 60000).
    need = args.batches * BATCH
    x_np, y_np = load_fashion_mnist(args.data, need, need_labels=not is_ae)
    n_avail = x_np.shape[0] // BATCH
    if n_avail < 1:
        raise SystemExit("not enough images in %s" % args.data)
    if n_avail < args.batches:
        print("note: only %d batches of data, cycling" % n_avail, file=sys.stderr)
    x = torch.from_numpy(x_np)
    y = torch.from_numpy(y_np) if y_np is not None else None

    def batch(i):
        j = (i % n_avail) * BATCH
        xb = x[j:j + BATCH]
        return xb, (xb if is_ae else y[j:j + BATCH])

    loss_fn = torch.nn.MSELoss() if is_ae else torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    model.train()

    def step(i):
        xb, target = batch(i)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), target)
        loss.backward()
        opt.step()
        return loss

    # Warm-up (not timed).
    for i in range(WARMUP_BATCHES):
        step(i)

    t0 = time.perf_counter()
    for i in range(args.batches):
        loss = step(i)
    seconds = time.perf_counter() - t0
    final_loss = float(loss.detach())

    print("torch=%s intra_threads=%d interop_threads=%d mkldnn=%s final_loss=%.5f"
          % (torch.__version__, torch.get_num_threads(), torch.get_num_interop_threads(),
             torch.backends.mkldnn.is_available(), final_loss), file=sys.stderr)
    blas, mapped = loaded_blas()
    print("pytorch net=%s threads=%d batches=%d seconds=%.4f per_batch_ms=%.3f torch=%s blas=%s also_mapped=%s"
          % (args.net, args.threads, args.batches, seconds, 1000.0 * seconds / args.batches, torch.__version__,
             blas, mapped))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
