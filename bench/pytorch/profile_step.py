#!/usr/bin/python3
"""Where a PyTorch training step of the study's nets goes: torch.profiler over N steps, self CPU time per operator.

The same step as study_nets.py times (zero_grad, forward, loss, backward, Adam step; batches of 100 real training
images in file order, after 10 untimed warm-up steps). Prints one line per operator with its self time in ms per
step, largest first, then the profiled step's total:
    op <name> self_ms=<ms> calls_per_step=<n>
    step_ms=<ms>

Usage: OMP_NUM_THREADS=1 /usr/bin/python3 profile_step.py --net autoencoder|classifier [--steps N] [--threads T]
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import study_nets  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--net", choices=("autoencoder", "classifier"), required=True)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--rows", type=int, default=25)
    args = p.parse_args(argv)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    import torch
    from torch.profiler import ProfilerActivity, profile
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)

    autoencoder, classifier = study_nets.build_nets(torch)
    is_ae = args.net == "autoencoder"
    model = autoencoder() if is_ae else classifier()
    warmup = 10
    x_np, y_np = study_nets.load_fashion_mnist(args.data, (warmup + args.steps) * study_nets.BATCH, not is_ae)
    x = torch.from_numpy(x_np)
    y = torch.from_numpy(y_np) if y_np is not None else None
    loss_fn = torch.nn.MSELoss() if is_ae else torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=study_nets.LR)
    model.train()

    def step(i):
        xb = x[i * study_nets.BATCH:(i + 1) * study_nets.BATCH]
        target = xb if is_ae else y[i * study_nets.BATCH:(i + 1) * study_nets.BATCH]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xb), target).backward()
        opt.step()

    for i in range(warmup):
        step(i)
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        start = time.perf_counter()
        for i in range(warmup, warmup + args.steps):
            step(i)
        seconds = time.perf_counter() - start
    print("pytorch net=%s threads=%d steps=%d torch=%s blas=%s" % (args.net, torch.get_num_threads(), args.steps,
                                                                     torch.__version__, study_nets.loaded_blas()[0]))
    events = sorted(prof.key_averages(), key=lambda e: e.self_cpu_time_total, reverse=True)
    for e in events[:args.rows]:
        print("op %-40s self_ms=%7.2f calls_per_step=%g" % (e.key, e.self_cpu_time_total / 1000.0 / args.steps,
                                                           e.count / args.steps))
    print("step_ms=%.2f (profiled)" % (1000.0 * seconds / args.steps))


if __name__ == "__main__":
    main()
