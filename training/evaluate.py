"""The paper's robustness protocol (section 4), scaled: clean top-1, random-targeted FGSM and PGD at 10, 100 and
250 steps (eps 16/255), untargeted PGD-100 at eps 16/255 and PGD-200 at 4/255 and 16/255, and targeted SPSA; for
S3TA at each k.

    python3 -m training.evaluate --model models/s3ta-16 --k 16 --limit 500 --out models/s3ta-16/eval.json

Attacks run on the first --limit images of a fixed shuffle of the split (seed 0), the long PGD attacks (100+
steps) on the first --limit-long, the gradient-free ones (SPSA) on the first --limit-spsa; clean top-1 on all of it.
Every rate comes with its count and a 95% Wilson interval.
"""
import argparse
import json
import math
import time
from pathlib import Path

import torch

from training.attacks import ATTACKS, random_target
from training.data import find_data, load_split
from training.export import load_model
from training.model import S3ta, classify

# name -> settings: kind, a key of training.attacks.ATTACKS, targeted, and that attack's params;
# step sizes: 2/255 for short runs, 1/255 for long ones, eps/8 untargeted
PROTOCOL = {
    "fgsm_targeted": dict(kind="fgsm", targeted=True, eps=16 / 255),
    "pgd10_targeted": dict(kind="pgd", targeted=True, eps=16 / 255, steps=10, step_size=2 / 255),
    "pgd100_targeted": dict(kind="pgd", targeted=True, eps=16 / 255, steps=100, step_size=1 / 255),
    "pgd250_targeted": dict(kind="pgd", targeted=True, eps=16 / 255, steps=250, step_size=1 / 255),
    "pgd100_untargeted_eps16": dict(kind="pgd", targeted=False, eps=16 / 255, steps=100, step_size=2 / 255),
    "pgd200_untargeted_eps4": dict(kind="pgd", targeted=False, eps=4 / 255, steps=200, step_size=0.5 / 255),
    "pgd200_untargeted_eps16": dict(kind="pgd", targeted=False, eps=16 / 255, steps=200, step_size=2 / 255),
    "spsa_targeted": dict(kind="spsa", targeted=True, eps=16 / 255, steps=20, samples=32, delta=0.01, lr=0.01),
}


def check_protocol(protocol: dict):
    """Raise ValueError unless every entry's kind is registered in ATTACKS with all of its params set."""
    for name, settings in protocol.items():
        attack = ATTACKS.get(settings["kind"])
        if attack is None:
            raise ValueError(f"{name}: unknown attack kind {settings['kind']!r}; registered: {list(ATTACKS)}")
        missing = [param for param in attack.params if param not in settings]
        if missing:
            raise ValueError(f"{name}: {settings['kind']} needs {missing}")


def attack_label(settings: dict) -> str:
    """'Targeted PGD-10, ε 16/255': the registry label, with the step count for attacks that take one."""
    attack = ATTACKS[settings["kind"]]
    steps = f"-{settings['steps']}" if "steps" in attack.params else ""
    return (f"{'Targeted' if settings['targeted'] else 'Untargeted'} {attack.label}{steps}, "
            f"ε {round(settings['eps'] * 255, 2):g}/255")


def wilson(successes: int, n: int, z: float = 1.96):
    """95% Wilson score interval for a proportion. -> [low, high]"""
    if n == 0:
        return [0.0, 1.0]
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(centre - half, 4), round(centre + half, 4)]


def rate(successes: int, n: int) -> dict:
    return dict(value=round(successes / max(n, 1), 4), n=n, ci95=wilson(successes, n))


def run_attack(forward, x, y, target, settings, generator):
    """x [B, 3, H, W], y [B], target [B] or None -> adversarial images [B, 3, H, W]"""
    attack = ATTACKS[settings["kind"]]
    params = {param: settings[param] for param in attack.params}
    return attack.run(forward, x, y, target, generator, **params)


def outcomes(hits) -> str:
    """Per-image 1/0 outcomes as one compact string, "0110..." (eval.json stays small and readable)."""
    return "".join("1" if hit else "0" for hit in hits)


def attacked_images(settings, n, n_long, n_gradient_free) -> int:
    """How many images an attack runs on: n_gradient_free for gradient-free ones, n_long for 100+ steps, else n."""
    if ATTACKS[settings["kind"]].gradient_free:
        return n_gradient_free
    return n_long if settings.get("steps", 1) >= 100 else n


def evaluate_attack(forward, images, labels, settings, seed, batch_size):
    """top-1 under attack and, for targeted attacks, the share predicted as the target; with each image's outcome
    in order ("correct", "hit": "0110..."), so that attacks can be compared image by image. The targets are drawn for
    all images at once from their own generator (seed), so every targeted attack aims each image at the same class;
    random starts and SPSA's directions draw from another (seed + 1)."""
    targets = random_target(labels, forward.classes, torch.Generator().manual_seed(seed)) if settings["targeted"] else None
    generator = torch.Generator().manual_seed(seed + 1)
    correct, hit = [], []
    for idx in torch.split(torch.arange(len(labels)), batch_size):
        x, y = images[idx].float() / 255, labels[idx]
        target = None if targets is None else targets[idx]
        x_adv = run_attack(forward, x, y, target, settings, generator)
        with torch.no_grad():
            prediction = forward(x_adv).argmax(1)
        correct += (prediction == y).tolist()
        if target is not None:
            hit += (prediction == target).tolist()
    result = dict(top1=rate(sum(correct), len(labels)), correct=outcomes(correct))
    if settings["targeted"]:
        result.update(success=rate(sum(hit), len(labels)), hit=outcomes(hit))
    return result


def clean_top1(forward, images, labels, batch_size):
    correct = 0
    with torch.no_grad():
        for idx in torch.split(torch.arange(len(labels)), batch_size):
            correct += (forward(images[idx].float() / 255).argmax(1) == labels[idx]).sum().item()
    return rate(correct, len(labels))


class Forward:
    """x -> final logits at a fixed k; what every attack sees."""

    def __init__(self, model, k):
        self.model, self.k, self.classes = model, k, model.config.classes

    def __call__(self, x):
        return classify(self.model, x, self.k)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, metavar="DIR", help="an exported model folder, e.g. models/s3ta-16")
    p.add_argument("--data", metavar="DIR", default=None, help="ImageFolder root (default: ../shared/data/imagenette)")
    p.add_argument("--split", default="val", help="(default: val)")
    p.add_argument("--k", default="2,4,8,16", metavar="K,..", help="S3TA glances to evaluate (default: 2,4,8,16)")
    p.add_argument("--attacks", default=",".join(PROTOCOL), metavar="A,..", help=f"subset of {', '.join(PROTOCOL)} (default: all)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="attack the first N images (default: all)")
    p.add_argument("--limit-long", type=int, default=None, metavar="N",
                   help="attack only the first N with the long PGD attacks, 100+ steps (default: --limit)")
    p.add_argument("--limit-spsa", type=int, default=None, metavar="N",
                   help="attack only the first N with the gradient-free attacks, e.g. SPSA at 2 x samples forwards "
                        "a step (default: --limit-long)")
    p.add_argument("--batch-size", type=int, default=50, metavar="N", help="(default: 50)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="(default: 0)")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="torch CPU threads (default: torch's)")
    p.add_argument("--out", metavar="JSON", default=None, help="(default: <model>/eval.json)")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    attacks = args.attacks.split(",")
    unknown = [a for a in attacks if a not in PROTOCOL]
    if unknown:
        raise ValueError(f"unknown attacks {unknown}; valid: {list(PROTOCOL)}")
    check_protocol(PROTOCOL)

    model = load_model(args.model)
    for param in model.parameters():
        param.requires_grad_(False)
    images, labels, _ = load_split(find_data(args.data), args.split, model.config.input_size)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0))
    images, labels = images[order], labels[order]
    n = min(args.limit or len(labels), len(labels))
    n_long = min(args.limit_long or n, n)
    n_spsa = min(args.limit_spsa or n_long, n_long)
    ks = [int(k) for k in args.k.split(",")] if isinstance(model, S3ta) else [None]

    started = time.time()
    results = {}
    for k in ks:
        forward = Forward(model, k)
        row = dict(clean=clean_top1(forward, images, labels, args.batch_size))
        for name in attacks:
            m = attacked_images(PROTOCOL[name], n, n_long, n_spsa)
            row[name] = evaluate_attack(forward, images[:m], labels[:m], PROTOCOL[name], args.seed, args.batch_size)
            print(json.dumps(dict(k=k, attack=name, top1=row[name]["top1"], success=row[name].get("success"))), flush=True)
        results["resnet" if k is None else f"k{k}"] = row
    summary = {key: {name: (m["top1"]["value"] if "top1" in m else m["value"]) for name, m in row.items()}
               for key, row in results.items()}
    report = dict(model=args.model, split=args.split, images=len(labels), attacked=n, attacked_long=n_long, attacked_spsa=n_spsa, seed=args.seed,
                  attacks={name: PROTOCOL[name] for name in attacks},
                  labels={name: attack_label(PROTOCOL[name]) for name in attacks}, results=results, summary=summary,
                  seconds=round(time.time() - started), torch=torch.__version__)
    out = Path(args.out or Path(args.model) / "eval.json")
    out.write_text(json.dumps(report, indent=1))
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
