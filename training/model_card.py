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
            + (glance_schedule(a) if a["arch"] == "s3ta" else "")
            + f"{manifest['recipe']['train_seconds'] / 3600:.1f} h of training")


FINDINGS = Path(__file__).parent / "ablations" / "FINDINGS.md"  # what the ablations showed, in words

COMMAND_FLAGS = ["arch", "input_size", "widths", "c_k", "hidden", "batch_size", "epochs", "lr", "wd", "attention_wd", "eps",
                 "eps_warmup", "attack_steps", "attack_step_size", "glances", "curriculum", "init", "val_limit", "threads"]
S3TA_ONLY = {"c_k", "hidden", "glances", "curriculum", "attention_wd"}


def flag_value(value) -> str:
    """A recipe arg as train.py's command line takes it: 4@0,8@0.2917 for a curriculum, 32,64 for a list."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        return ",".join(f"{k}@{round(start, 4):g}" for start, k in value)
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def glance_schedule(a: dict) -> str:
    """How the read-out glance was chosen in training."""
    if a.get("curriculum"):
        return "read-out step by the curriculum " + ", ".join(f"k = {k} from {100 * start:.0f}% of training" for start, k in a["curriculum"]) + "; "
    return f"k drawn per batch from {a['glances']}; "


def command(manifest: dict, name: str) -> str:
    """The training command line that produced the model (its flags that matter), then export and evaluate."""
    a = manifest["recipe"]["args"]
    flags = " ".join(f"--{k.replace('_', '-')} {flag_value(a[k])}" for k in COMMAND_FLAGS
                     if a.get(k) is not None and (a["arch"] == "s3ta" or k not in S3TA_ONLY)
                     and not (k == "glances" and a.get("curriculum")))
    return (f"python3 -m training.train {flags} --out runs/{name}\n"
            f"python3 -m training.export --checkpoint runs/{name}/checkpoint.pt --out models/{name}\n"
            f"python3 -m training.evaluate --model models/{name} --limit 200 --limit-long 20 --limit-spsa 10 --threads 2")


def attention_rows(attention: dict) -> list:
    """The attention metrics of one model (training.attention_metrics) as table rows, one per k."""
    rows = []
    for key in sorted((k for k in attention if k.startswith("k")), key=lambda k: int(k[1:])):
        m = attention[key]
        tv = m.get("tv_consecutive", {}).get("mean_from_glance_3")
        tv2 = f"{m['tv_glance2_last']:.3f}" if "tv_glance2_last" in m else "—"
        rows.append(f"| {key[1:]} | {m['energy_in_box']['mean']:.2f} | {m['energy_ratio']['mean']:.2f} (best head "
                    f"{max(m['energy_ratio']['per_head']):.2f}) | {100 * m['pointing_game']['mean']:.0f}% | "
                    f"{'—' if tv is None else f'{tv:.4f}'} | {tv2} | "
                    f"{m['effective_locations']['mean']:.0f} of {m['effective_locations']['of']} |")
    return rows


def attention_section(name: str, attention: dict) -> list:
    """Where the model looks, from eval.json's "attention" block."""
    pull = attention.get("attack_pull", {})
    lines = [
        f"**{name}** on the {attention['images']} val images with ImageNet object boxes (boxes cover "
        f"{100 * attention['area_share']:.0f}% of the map on average; the image centre lies in a box for "
        f"{100 * attention['centre_prior_pointing']:.0f}% of them, the pointing game's reference):",
        "",
        "| k | energy in box | ratio to box area | pointing game | TV consecutive glances, 3..k | TV glance 2 vs k | effective locations |",
        "|---|---|---|---|---|---|---|",
        *attention_rows(attention),
    ]
    if pull.get("succeeded"):
        lines += ["", f"Attack pull (random-target PGD-{pull['steps']}, ε {round(pull['eps'] * 255)}/255, step "
                      f"{round(pull['step_size'] * 255)}/255, k = {pull['k']}; the {pull['succeeded']} of {pull['attacked']} "
                      f"attacks that succeed): energy in box {pull['energy_before']:.3f} -> {pull['energy_after']:.3f} "
                      f"(drop {pull['energy_drop']:+.3f}); TV clean -> adversarial attention {pull['tv_clean_adversarial']:.3f}, "
                      f"against {pull['tv_clean_noise']:.3f} for uniform ±ε noise."]
    return lines


def ablation_rows(runs: Path) -> list:
    """One row per runs/ablation-*/: its last epoch's clean and PGD-10 top-1, and its attention at k = 16."""
    rows = []
    for run in sorted(runs.glob("ablation-*")):
        log, attention = run / "log.jsonl", run / "attention.json"
        if not (log.exists() and attention.exists()):
            continue
        last = json.loads(log.read_text().splitlines()[-1])
        a = json.loads(attention.read_text())
        m, pull = a["k16"], a.get("attack_pull", {})
        rows.append(f"| {run.name.removeprefix('ablation-')} | {last['epoch'] + 1} | {100 * last['val_clean_acc']:.1f} | "
                    f"{100 * last['val_pgd10_acc']:.1f} | {m['energy_ratio']['mean']:.2f} / "
                    f"{max(m['energy_ratio']['per_head']):.2f} | {100 * m['pointing_game']['mean']:.0f}% | "
                    f"{m['tv_consecutive']['mean_from_glance_3']:.4f} | {m['tv_glance2_last']:.3f} | "
                    f"{m['effective_locations']['mean']:.0f} of {m['effective_locations']['of']} | "
                    f"{pull.get('energy_drop', float('nan')):+.3f} / "
                    f"{pull.get('tv_clean_adversarial', float('nan')):.3f} |")
    return rows


def data_text(manifest: dict) -> str:
    """'imagenette/train (10 classes, 9,469 images)', from the manifest's training facts."""
    d = manifest["recipe"].get("dataset")
    if not d:
        return f"its training data ({len(manifest['classes'])} classes)"
    return f"{d['name']}/train ({d['classes']} classes, {d['train_images']:,} images)"


def macs(manifest: dict) -> float:
    model = build(manifest["arch"], manifest["config"])
    x = torch.zeros(1, 3, manifest["config"]["input_size"], manifest["config"]["input_size"])
    return count_macs(model, x, **({"k": 16} if manifest["arch"] == "s3ta" else {})) / 1e6


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="models", help="(default: models)")
    p.add_argument("--runs", default="runs", help="training runs, for the ablations (default: runs)")
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
        f"Both models were trained by `training/train.py` on {data_text(s3ta)} at {c['input_size']}x{c['input_size']} px "
        f"on {s3ta['recipe'].get('machine', 'an unrecorded machine')}, and evaluated by `training/evaluate.py` on the "
        f"{s3ta_eval['split']} split ({s3ta_eval['images']} images; the 100+ step attacks on the first {s3ta_eval['attacked_long']} of a "
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
        "## Where S3TA looks (attention metrics, `python3 -m training.attention_metrics`)",
        "",
        *(attention_section("S3TA", s3ta_eval["attention"]) if "attention" in s3ta_eval else ["Not measured yet."]),
        "",
        "Energy in box: attention mass on the map cells whose centres fall in an object box (mean over images, heads "
        "and glances); its ratio to the boxes' area share is 1 for uniform attention. Pointing game: the share of maps "
        "whose strongest cell is in a box. TV: total-variation distance between attention maps (0: the same map, 1: "
        "disjoint). Effective locations: exp(entropy) of a map.",
        "",
        "## What we tried (issue 7: what makes the glances move)",
        "",
        "Short runs from `training/ablations/run.sh` and `run2.sh`, same seed and budget (2 epochs, 96 px unless named), "
        "measured at k = 16 on the even half of the boxed val images (`--subset select`); clean and PGD-10 top-1 on "
        "train.py's fixed val subset. Commands and logs: `runs/ablation-*/`.",
        "",
        "| run | epochs | clean % | PGD-10 % | box ratio / best head | pointing | TV 3..16 | TV 2 vs 16 | eff. locations | pull: energy drop / TV |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *ablation_rows(Path(args.runs)),
        "",
        *([FINDINGS.read_text().strip(), ""] if FINDINGS.exists() else []),
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
