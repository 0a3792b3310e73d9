#!/usr/bin/python3
"""Prints the plugin's and PyTorch's runs of the study's baseline side by side, as Markdown tables.

Usage: compare.py STAGES_DIRECTORY PYTORCH_JSON
  STAGES_DIRECTORY  the example project's target/fashion-ae (autoencoder/, classifier-finetune/ and
                    classifier-frozen/, each with history.json and evaluation.json)
  PYTORCH_JSON      what parity.py wrote
"""

import json
import os
import sys

STAGES = ("autoencoder", "classifier-finetune", "classifier-frozen")


def read(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        sys.exit("compare.py: %s is missing (did the plugin's build run?)" % path)


def main(stages_dir, torch_json):
    torch = read(torch_json)
    plugin = {s: (read(os.path.join(stages_dir, s, "history.json")),
                  read(os.path.join(stages_dir, s, "evaluation.json"))) for s in STAGES}

    ae = plugin["autoencoder"][0]["epochs"]
    tae = torch["autoencoder"]["epochs"]
    print("Autoencoder, per-pixel MSE per epoch: training as optimised (dropout on), training in evaluation mode "
          "(dropout off), validation (the %d held-out images)\n" % torch["validationExamples"])
    print("| epoch | plugin train (dropout on) | plugin train (eval) | plugin validation "
          "| PyTorch train (dropout on) | PyTorch train (eval) | PyTorch validation |")
    print("|---|---|---|---|---|---|---|")
    for p, t in zip(ae, tae):
        print("| %d | %.5f | %.5f | %.5f | %.5f | %.5f | %.5f |" % (
            p["epoch"], p["trainLoss"], p["trainLossEval"], p["validationLoss"],
            t["trainLoss"], t["trainLossEval"], t["validationLoss"]))

    def best(history):
        epoch = min(history, key=lambda r: r["validationLoss"])
        return "%.5f (epoch %d)" % (epoch["validationLoss"], epoch["epoch"])

    print("\n| autoencoder | plugin | PyTorch |\n|---|---|---|")
    print("| lowest validation MSE | %s | %s |" % (best(ae), best(tae)))
    print("| last validation MSE | %.5f | %.5f |" % (ae[-1]["validationLoss"], tae[-1]["validationLoss"]))
    print("| test MSE | %.5f | %.5f |" % (plugin["autoencoder"][1]["mse"], torch["autoencoder"]["testMse"]))

    print("\n| classifier | plugin validation accuracy | plugin test accuracy "
          "| PyTorch validation accuracy | PyTorch test accuracy |")
    print("|---|---|---|---|---|")
    for stage in STAGES[1:]:
        history, evaluation = plugin[stage]
        t = torch[stage]
        print("| %s | %.4f | %.4f | %.4f | %.4f |" % (
            stage, history["epochs"][-1]["validationAccuracy"], evaluation["accuracy"],
            t["epochs"][-1]["validationAccuracy"], t["testAccuracy"]))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
