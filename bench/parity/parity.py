#!/usr/bin/python3
"""The study's baseline trained by the PyTorch reference implementation, for bench/parity.

The networks are bench/pytorch/study_nets.py's, the study's own modules (ConvTranspose2d with output padding,
PyTorch's default initialisation); the hyperparameters are the study's (Adam lr 0.001, dropout 0.2, batch 100,
30 epochs); the hold-out split is the plugin's, read from --split (one validation index per line, as the plugin's
HoldoutSplit prints it). Then the classifier on the trained encoder, fine-tuned and frozen, as the plugin trains
them: cross-entropy, Adam lr 0.001, batch 100; the frozen one runs its encoder in evaluation mode and trains the
head (dropout, then Linear(64 -> 10)) only.

Per epoch it records what the plugin's history records: the training loss as optimised (mean over the
minibatches, dropout on), the training loss in evaluation mode (dropout off, the whole training split, after the
epoch) and the validation loss; for classifiers also the accuracies. Writes them as JSON to --out, and a line a
epoch to stderr as it goes.

Run with Debian's interpreter (python3-torch): /usr/bin/python3 parity.py --split FILE --out FILE
"""

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pytorch"))
import study_nets  # noqa: E402  (the bench's networks and IDX reader)

LATENT = study_nets.LATENT
DROPOUT = study_nets.DROPOUT
BATCH = study_nets.BATCH
EVAL_BATCH = 100  # as the plugin evaluates: larger passes fault in fresh pages every time (see Trainer.EVAL_BATCH)
ENCODER_MODULES = 11  # conv, relu, dropout, pool, conv, relu, dropout, pool, flatten, linear, relu


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--split", required=True, help="the plugin's validation indices, one a line")
    p.add_argument("--out", required=True, help="where the JSON result goes")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--classifier-epochs", type=int, default=None, help="default: --epochs")
    p.add_argument("--train-limit", type=int, default=0, help="train on the first N training examples only")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args(argv)
    if a.classifier_epochs is None:
        a.classifier_epochs = a.epochs
    return a


def load(data_dir, images, labels):
    x = study_nets.read_idx(os.path.join(data_dir, images))
    y = study_nets.read_idx(os.path.join(data_dir, labels)).astype(np.int64)
    return (x.astype(np.float32) / np.float32(255.0)).reshape(-1, 1, 28, 28), y


def main(argv=None):
    args = parse_args(argv)
    os.environ["OMP_NUM_THREADS"] = str(args.threads)
    import torch
    torch.set_num_interop_threads(1)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    nn = torch.nn
    F = torch.nn.functional

    x_all, y_all = load(args.data, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    x_test, y_test = load(args.data, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    with open(args.split) as f:
        validation = np.array(sorted(int(line) for line in f if line.strip()), dtype=np.int64)
    if len(validation) == 0 or validation.max() >= len(x_all) or len(set(validation.tolist())) != len(validation):
        raise SystemExit("%s: expected distinct training-file indices below %d" % (args.split, len(x_all)))
    held = np.zeros(len(x_all), dtype=bool)
    held[validation] = True
    train = np.flatnonzero(~held)
    if args.train_limit > 0:
        train = train[:args.train_limit]
    x_train, y_train = torch.from_numpy(x_all[train]), torch.from_numpy(y_all[train])
    x_val, y_val = torch.from_numpy(x_all[validation]), torch.from_numpy(y_all[validation])
    x_test, y_test = torch.from_numpy(np.ascontiguousarray(x_test)), torch.from_numpy(y_test)
    print("pytorch %s, %d thread(s), blas %s; %d training, %d validation, %d test images"
          % (torch.__version__, torch.get_num_threads(), study_nets.loaded_blas()[0], len(x_train), len(x_val),
             len(x_test)), file=sys.stderr)

    autoencoder_net, _ = study_nets.build_nets(torch)
    generator = torch.Generator().manual_seed(args.seed)

    def fit(model, params, loss_of, x, y, epochs, evaluate, name):
        opt = torch.optim.Adam(params, lr=study_nets.LR)
        history = []
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            model.train()
            order = torch.randperm(len(x), generator=generator)
            loss_sum = 0.0
            for i in range(0, len(x), BATCH):
                idx = order[i:i + BATCH]
                opt.zero_grad(set_to_none=True)
                loss = loss_of(model(x[idx]), x[idx] if y is None else y[idx])
                loss.backward()
                opt.step()
                loss_sum += float(loss.detach()) * len(idx)
            record = {"epoch": epoch, "trainLoss": loss_sum / len(x)}
            record.update(evaluate())
            record["seconds"] = time.perf_counter() - start
            history.append(record)
            print("%s epoch %d/%d: %s" % (name, epoch, epochs, ", ".join(
                "%s %.5f" % (k, v) for k, v in record.items() if k != "epoch")), file=sys.stderr)
        return history

    @torch.no_grad()
    def mse(model, x):
        model.eval()
        total = 0.0
        for i in range(0, len(x), EVAL_BATCH):
            total += float(F.mse_loss(model(x[i:i + EVAL_BATCH]), x[i:i + EVAL_BATCH], reduction="sum"))
        return total / (len(x) * 28 * 28)

    @torch.no_grad()
    def classify(model, x, y):
        model.eval()
        loss, correct = 0.0, 0
        for i in range(0, len(x), EVAL_BATCH):
            logits = model(x[i:i + EVAL_BATCH])
            loss += float(F.cross_entropy(logits, y[i:i + EVAL_BATCH], reduction="sum"))
            correct += int((logits.argmax(1) == y[i:i + EVAL_BATCH]).sum())
        return loss / len(x), correct / len(x)

    # The autoencoder.
    autoencoder = autoencoder_net()
    ae_history = fit(autoencoder, autoencoder.parameters(), F.mse_loss, x_train, None, args.epochs,
                     lambda: {"trainLossEval": mse(autoencoder, x_train), "validationLoss": mse(autoencoder, x_val)},
                     "autoencoder")
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": study_nets.loaded_blas()[0],
              "trainExamples": len(x_train), "validationExamples": len(x_val),
              "autoencoder": {"epochs": ae_history, "testMse": mse(autoencoder, x_test)}}

    # The classifiers on its encoder: fine-tuned (all of it trains), frozen (the head trains on fixed features).
    def encoder_copy():
        modules = [m for m in autoencoder_net()][:ENCODER_MODULES + 1]  # with the latent's dropout
        encoder = nn.Sequential(*modules)
        encoder.load_state_dict({k: v for k, v in autoencoder.state_dict().items()
                                 if int(k.split(".")[0]) < len(modules)})
        return encoder

    def classifier_result(model, params, x_fit, x_v, x_t, epochs, name):
        def evaluate():
            train_loss, train_accuracy = classify(model, x_fit, y_train)
            val_loss, val_accuracy = classify(model, x_v, y_val)
            return {"trainLossEval": train_loss, "trainAccuracy": train_accuracy, "validationLoss": val_loss,
                    "validationAccuracy": val_accuracy}
        history = fit(model, params, F.cross_entropy, x_fit, y_train, epochs, evaluate, name)
        test_loss, test_accuracy = classify(model, x_t, y_test)
        return {"epochs": history, "testCrossEntropy": test_loss, "testAccuracy": test_accuracy}

    torch.manual_seed(args.seed)
    finetune = nn.Sequential(*encoder_copy(), nn.Linear(LATENT, 10))
    result["classifier-finetune"] = classifier_result(finetune, finetune.parameters(), x_train, x_val, x_test,
                                                      args.classifier_epochs, "classifier-finetune")

    torch.manual_seed(args.seed)
    frozen_encoder = nn.Sequential(*list(encoder_copy())[:ENCODER_MODULES]).eval()
    for p in frozen_encoder.parameters():
        p.requires_grad_(False)

    @torch.no_grad()
    def features(x):
        return torch.cat([frozen_encoder(x[i:i + EVAL_BATCH]) for i in range(0, len(x), EVAL_BATCH)])

    head = nn.Sequential(nn.Dropout(DROPOUT), nn.Linear(LATENT, 10))
    result["classifier-frozen"] = classifier_result(head, head.parameters(), features(x_train), features(x_val),
                                                    features(x_test), args.classifier_epochs, "classifier-frozen")

    tmp = args.out + ".partial"
    with open(tmp, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
