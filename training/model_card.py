"""Writes models/README.md, the model card, from each shipped model's manifest.json and eval.json.

    python3 -m training.model_card            # after training.export and training.evaluate
"""
import argparse
import json
from pathlib import Path

import torch

from training.evaluate import PROTOCOL, attack_label
from training.model import build, count_macs


def row_labels(evals) -> list:
    """[(result key, label)]: clean, then every attack in any of the eval.json dicts, in PROTOCOL's order
    (attacks no longer in it last), labelled by attack_label from the settings that eval.json records."""
    settings = {name: s for e in evals for name, s in e["attacks"].items()}
    order = {name: i for i, name in enumerate(PROTOCOL)}
    names = sorted(settings, key=lambda name: order.get(name, len(order)))
    return [("clean", "Clean")] + [(name, attack_label(settings[name])) for name in names]


def cell(metrics: dict, key: str) -> str:
    """'61.2% [57.1, 65.1]' for top-1, with the attack success rate for targeted attacks."""
    m = metrics.get(key)
    if m is None:
        return "—"
    top1 = m["top1"] if "top1" in m else m
    text = f"{100 * top1['value']:.1f} [{100 * top1['ci95'][0]:.0f}–{100 * top1['ci95'][1]:.0f}]"
    if "success" in m:
        text += f" / {100 * m['success']['value']:.0f}"
    return text


def table(columns, rows) -> list:
    """columns: [(header, metrics by attack)]; rows: [(attack, label)] -> markdown lines"""
    lines = ["| top-1 % [95% CI] / target hit % | " + " | ".join(h for h, _ in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for key, label in rows:
        lines.append(f"| {label} | " + " | ".join(cell(m, key) for _, m in columns) + " |")
    return lines


def recipe(manifest: dict) -> str:
    a = {**manifest["recipe"]["args"], "arch": manifest["arch"]}
    return (f"{manifest['recipe']['epochs_trained']} epochs of {a['epochs']}, batch {a['batch_size']}, SGD (Nesterov momentum "
            f"{a['momentum']}, peak lr {a['lr']} per 128, {a['warmup']} warm-up epoch then cosine), weight decay {a['wd']}, "
            f"label smoothing {a['label_smoothing']}; adversarial training on targeted PGD-{a['attack_steps']} toward a "
            f"uniformly random wrong class, ε {round(a['eps'] * 255)}/255 (ramped over {a['eps_warmup']} epochs), random "
            f"start, step 2.5 ε / steps; random translation and flip; "
            + (f"k drawn per batch from {a['glances']}; " if a["arch"] == "s3ta" else "")
            + f"{manifest['recipe']['train_seconds'] / 3600:.1f} h of training")


COMMAND_FLAGS = ["arch", "input_size", "widths", "c_k", "hidden", "batch_size", "epochs", "eps_warmup", "attack_steps",
                 "glances", "val_limit", "threads"]
S3TA_ONLY = {"c_k", "hidden", "glances"}


def command(manifest: dict, name: str) -> str:
    """The training command line that produced the model (its flags that matter), then export and evaluate."""
    a = manifest["recipe"]["args"]
    flags = " ".join(f"--{k.replace('_', '-')} {','.join(map(str, a[k])) if isinstance(a[k], list) else a[k]}"
                     for k in COMMAND_FLAGS if a.get(k) is not None and (a["arch"] == "s3ta" or k not in S3TA_ONLY))
    return (f"python3 -m training.train {flags} --out runs/{name}\n"
            f"python3 -m training.export --checkpoint runs/{name}/checkpoint.pt --out models/{name}\n"
            f"python3 -m training.evaluate --model models/{name} --limit 200 --limit-long 20 --limit-spsa 10 --threads 2")


def macs(manifest: dict) -> float:
    model = build(manifest["arch"], manifest["config"])
    x = torch.zeros(1, 3, manifest["config"]["input_size"], manifest["config"]["input_size"])
    return count_macs(model, x, **({"k": 16} if manifest["arch"] == "s3ta" else {})) / 1e6


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="models", help="(default: models)")
    p.add_argument("--machine", default="2 CPU cores (AMD EPYC), 24 GiB, no GPU", help="where training ran")
    args = p.parse_args(argv)
    root = Path(args.models)
    s3ta = json.loads((root / "s3ta" / "manifest.json").read_text())
    resnet = json.loads((root / "resnet" / "manifest.json").read_text())
    s3ta_eval = json.loads((root / "s3ta" / "eval.json").read_text())
    resnet_eval = json.loads((root / "resnet" / "eval.json").read_text())
    columns = [(f"S3TA-{k[1:]}", m) for k, m in s3ta_eval["results"].items()] + [("ResNet", resnet_eval["results"]["resnet"])]
    c = s3ta["config"]
    lines = [
        "# Model card: S3TA and its ResNet baseline on Imagenette",
        "",
        "Written by `python3 -m training.model_card` from `models/*/manifest.json` and `models/*/eval.json`.",
        "",
        f"Both models were trained by `training/train.py` on ../shared/data/imagenette/train ({len(s3ta['classes'])} classes, "
        f"9,469 images) at {c['input_size']}x{c['input_size']} px on {args.machine}, and evaluated by `training/evaluate.py` on "
        f"imagenette/val ({s3ta_eval['images']} images; the 100+ step attacks on the first {s3ta_eval['attacked_long']} of a "
        f"fixed shuffle, the gradient-free ones on the first {s3ta_eval['attacked_spsa']}, the others on the first "
        f"{s3ta_eval['attacked']}; seed {s3ta_eval['seed']}).",
        "",
        "## Robustness (the paper's tables 1 and 2, scaled)",
        "",
        *table(columns, row_labels([s3ta_eval, resnet_eval])),
        "",
        "Top-1 accuracy (%) with its 95% Wilson interval; after the slash, for targeted attacks, the share of images "
        "classified as the attack's random target (attack success). Clean top-1 is over all val images.",
        "Attack settings: " + "; ".join(f"{name}: {json.dumps(s)}" for name, s in s3ta_eval["attacks"].items()) + ".",
        "",
        "## The models",
        "",
        f"- **S3TA** (`models/s3ta`): vision net = ResNet of basic blocks, stem {c['stem_width']} + stages {c['widths']} x "
        f"{c['blocks']} blocks, output stride 8 ({c['input_size'] // 8}x{c['input_size'] // 8} map); keys {c['c_k']} and values "
        f"{c['widths'][-1] - c['c_k']} channels + {c['basis_size'] ** 2} Fourier basis channels; LSTM {c['hidden']}; "
        f"{c['heads']} heads; query and readout MLPs of {c['query_hidden']}; {macs(s3ta):.0f} M multiply-accumulates at "
        f"k = 16. Recipe: {recipe(s3ta)}.",
        f"- **ResNet baseline** (`models/resnet`): the same stem and basic blocks, stages {resnet['config']['widths']} with "
        f"strides {resnet['config']['strides']}, global average pool, linear; {macs(resnet):.0f} M multiply-accumulates. "
        f"Recipe: {recipe(resnet)}.",
        "",
        "## Reproduce",
        "",
        "```sh",
        command(s3ta, "s3ta"),
        command(resnet, "resnet"),
        "python3 -m training.model_card",
        "```",
    ]
    (root / "README.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
