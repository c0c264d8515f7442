"""Writes models/README.md, the model card, from each shipped model's manifest.json and eval.json.

    python3 -m training.model_card            # after training.export and training.evaluate
"""
import argparse
import json
import math
from itertools import combinations
from pathlib import Path

import torch

from training.evaluate import PROTOCOL, attack_label
from training.export import listed_models
from training.train import readout_step
from training.model import build, count_macs


def row_labels(evals) -> list:
    """[(result key, label)]: clean, then every attack in any of the eval.json dicts, in PROTOCOL's order
    (attacks no longer in it last), labelled by attack_label from the settings that eval.json records."""
    settings = {name: s for e in evals for name, s in e["attacks"].items()}
    order = {name: i for i, name in enumerate(PROTOCOL)}
    names = sorted(settings, key=lambda name: order.get(name, len(order)))
    return [("clean", "Clean")] + [(name, attack_label(settings[name])) for name in names]


def interval(rate: dict, unit: str = "") -> str:
    """'61.2% [57–65]': a rate from eval.json with its 95% Wilson interval, in percent."""
    return f"{100 * rate['value']:.1f}{unit} [{100 * rate['ci95'][0]:.0f}–{100 * rate['ci95'][1]:.0f}]"


def cell(metrics: dict, key: str, unit: str = "", hit: str = "") -> str:
    """'61.2 [57–65] / 12': top-1 with its 95% interval, then the target hit rate of targeted attacks; with unit "%"
    and hit "% hit": '61.2% [57–65] / 12% hit'. '—' where not measured."""
    m = metrics.get(key)
    if m is None:
        return "—"
    top1 = m["top1"] if "top1" in m else m
    return interval(top1, unit) + (f" / {100 * m['success']['value']:.0f}{hit}" if "success" in m else "")


def table(columns, rows) -> list:
    """columns: [(header, metrics by attack)]; rows: [(attack, label)] -> markdown lines"""
    lines = ["| top-1 % [95% CI] / target hit % | " + " | ".join(h for h, _ in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for key, label in rows:
        lines.append(f"| {label} | " + " | ".join(cell(m, key) for _, m in columns) + " |")
    return lines


def spsa_vs_pgd(header: str, metrics: dict):
    """Targeted SPSA against targeted PGD-100 on the same images and targets (evaluate.py aims every targeted attack
    at the same targets; SPSA runs on a prefix of PGD's images), from the per-image hits ("0110..."). None without
    them (eval.json files older than the per-image outcomes)."""
    spsa, pgd = metrics.get("spsa_targeted", {}).get("hit"), metrics.get("pgd100_targeted", {}).get("hit")
    if not isinstance(spsa, str) or not isinstance(pgd, str) or len(pgd) < len(spsa):
        return None
    pgd = pgd[:len(spsa)]
    hits = {"SPSA": spsa.count("1"), "PGD": pgd.count("1")}
    strength = "no stronger than PGD" if hits["SPSA"] <= hits["PGD"] else "STRONGER than PGD: a sign of gradient masking"
    return (f"- {header}: on the same {len(spsa)} images and targets, SPSA reaches the target on {hits['SPSA']}, PGD-100 on "
            f"{hits['PGD']}; SPSA alone on {paired(spsa, pgd)['a_only']}: SPSA is {strength}.")


def sign_test(a_only: int, b_only: int) -> float:
    """Two-sided exact sign test on the discordant pairs (McNemar's exact test): the chance of a split at least this
    uneven if either model were as likely as the other to be the one that is right."""
    n = a_only + b_only
    tail = sum(math.comb(n, i) for i in range(min(a_only, b_only) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def paired(a: str, b: str) -> dict:
    """Two models' per-image outcomes ("0110...") on the same images: how many images only a and only b got a 1 on,
    the sign test's p, and the difference of their rates (a - b) with its 95% interval (paired, normal approximation)."""
    if len(a) != len(b):
        raise ValueError(f"outcomes on {len(a)} and {len(b)} images: not the same images")
    n = len(a)
    a_only = sum(x == "1" and y == "0" for x, y in zip(a, b))
    b_only = sum(x == "0" and y == "1" for x, y in zip(a, b))
    diff = (a_only - b_only) / n
    half = 1.96 * math.sqrt(max(a_only + b_only - n * diff ** 2, 0)) / n
    return dict(n=n, a_only=a_only, b_only=b_only, p=sign_test(a_only, b_only), diff=diff, ci95=(diff - half, diff + half))


def verdict(a: str, b: str, pair: dict, better: str) -> str:
    """'only a on 18 images and only b on 17: a - b +0.2 points [-2.1, +2.5], <whom the sign test favours at
    p < 0.05, or no difference> (p = ..)'; better says what a better model does ("stays right"), and which way is better:
    the one with more (on its own) images."""
    lo, hi = pair["ci95"]
    winner = f"{a if pair['a_only'] > pair['b_only'] else b} {better}" if pair["p"] < 0.05 else "no difference at p < 0.05"
    return (f"only {a} on {pair['a_only']} images and only {b} on {pair['b_only']}: {a} − {b} {100 * pair['diff']:+.1f} "
            f"points [{100 * lo:+.1f}, {100 * hi:+.1f}], {winner} (p = {pair['p']:.2g})")


def trained_results(m: dict) -> dict:
    """eval.json's results at the model's trained k ({} where not evaluated there)."""
    return m["eval"].get("results", {}).get(trained_key(m), {})


def findings_table(models: list, attack: str = "pgd100_targeted") -> list:
    """The paper's comparison (S3TA-16 vs S3TA-4 vs ResNet under targeted PGD-100, each at its trained k): top-1 and
    target success with their intervals."""
    rows = [(m, r[attack]) for m in models if attack in (r := trained_results(m))]
    if not rows:
        return []
    return [f"| {attack_label(rows[0][0]['eval']['attacks'][attack])} | top-1 % [95% CI] | target hit % [95% CI] | images |",
            "|---|---|---|---|",
            *[f"| {m['label']} | {interval(r['top1'])} | {interval(r['success'])} | {r['top1']['n']} |" for m, r in rows]]


def not_paired(a: dict, b: dict, attack: str):
    """Why two models' outcomes under attack cannot be compared image by image, or None when they can."""
    for m in (a, b):
        if not isinstance(trained_results(m)[attack].get("correct"), str):
            return f"{m['label']}'s eval.json predates per-image outcomes"
    same = ("split", "seed", "images")
    if any(a["eval"].get(key) != b["eval"].get(key) for key in same):
        return "evaluated on other images or targets (" + ", ".join(f"{key} {a['eval'].get(key)} vs {b['eval'].get(key)}" for key in same) + ")"
    if trained_results(a)[attack]["top1"]["n"] != trained_results(b)[attack]["top1"]["n"]:
        return "attacked on different numbers of images"
    return None


def findings_pairs(models: list, attack: str = "pgd100_targeted") -> list:
    """Each pair of models image by image (evaluate.py attacks every model on the same images, from one fixed shuffle
    of the split, aimed at the same targets, drawn from the seed): who alone stays right, who alone is sent to the
    target, the difference with its interval, and whether it is more than chance."""
    lines = []
    for a, b in combinations([m for m in models if attack in trained_results(m)], 2):
        if why := not_paired(a, b, attack):
            lines.append(f"- {a['label']} vs {b['label']}: not compared image by image: {why}.")
            continue
        ra, rb = trained_results(a)[attack], trained_results(b)[attack]
        right, hit = paired(ra["correct"], rb["correct"]), paired(rb["hit"], ra["hit"])  # hit: b first, fewer is better
        lines.append(f"- {a['label']} vs {b['label']}, the same {right['n']} images and targets. Still correct after the "
                     f"attack: {verdict(a['label'], b['label'], right, 'more robust')}. Sent to the target: "
                     f"{verdict(b['label'], a['label'], hit, 'sent there more often')}.")
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

COMMAND_FLAGS = ["arch", "input_size", "widths", "c_k", "hidden", "forget_bias", "attention_temperature", "batch_size", "epochs", "lr", "wd", "attention_wd", "eps",
                 "eps_warmup", "attack_steps", "attack_step_size", "glances", "curriculum", "init", "val_limit", "threads"]
S3TA_ONLY = {"c_k", "hidden", "forget_bias", "attention_temperature", "glances", "curriculum", "attention_wd"}
NO_OP = {"forget_bias": 0.0, "attention_temperature": 1.0}  # flags left off the command at the value that changes nothing


def flag_value(value) -> str:
    """A recipe arg as train.py's command line takes it: 4@0,8@0.2917 for a curriculum, 32,64 for a list."""
    if isinstance(value, list) and value and isinstance(value[0], list):
        return ",".join(f"{k}@{round(start, 4):g}" for start, k in value)
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def glance_schedule(a: dict) -> str:
    """How the read-out glance was chosen in training."""
    if a.get("curriculum"):
        return "read-out step by the curriculum " + ", ".join(f"k = {k} from {100 * start:.0f}% of training" for start, k in a["curriculum"]) + "; "
    return f"fixed k = {a['glances'][0]}; " if len(a["glances"]) == 1 else f"k drawn per batch from {a['glances']}; "


def command(manifest: dict) -> str:
    """The training command line that produced the model (its flags that matter), then export and evaluate."""
    a = manifest["recipe"]["args"]
    run = a.get("out") or f"runs/{manifest['arch']}"
    flags = " ".join(f"--{k.replace('_', '-')} {flag_value(a[k])}" for k in COMMAND_FLAGS
                     if a.get(k) not in (None, NO_OP.get(k)) and (a["arch"] == "s3ta" or k not in S3TA_ONLY)
                     and not (k == "glances" and a.get("curriculum")))
    return f"python3 -m training.train {flags} --out {run}"


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


def attention_section(name: str, attention: dict, images: str = "val images with ImageNet object boxes") -> list:
    """Where the model looks, from eval.json's "attention" block."""
    pull = attention.get("attack_pull", {})
    lines = [
        f"**{name}** on the {attention['images']} {images}. Boxes cover "
        f"{100 * attention['area_share']:.0f}% of the map on average; the image centre lies in a box for "
        f"{100 * attention['centre_prior_pointing']:.0f}% of them, the pointing game's reference:",
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


def read_out(args: dict, epoch: int) -> str:
    """The k trained on at the start of `epoch`: the curriculum's step, the fixed k, or the k values drawn."""
    if args.get("curriculum"):
        return str(readout_step(args["curriculum"], epoch / args["epochs"]))
    return ",".join(map(str, args["glances"])) if args.get("glances") else "—"


def training_curve(manifest: dict, runs_root: Path, every: int = 5) -> list:
    """The model's run (runs/<name>/log.jsonl, as train.py writes it each epoch) as table rows: every `every`-th
    epoch and the last. Empty when the log is not here."""
    args = manifest["recipe"]["args"]
    log = runs_root / Path(args.get("out") or "").name / "log.jsonl"
    if not args.get("out") or not log.exists():
        return []
    rows = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    dynamics = lambda r, key, digits: "—" if r.get(key) is None else f"{r[key]:.{digits}f}"  # noqa: E731
    return [f"| {r['epoch'] + 1} | {read_out(args, r['epoch']) if manifest['arch'] == 's3ta' else '—'} | "
            f"{100 * r['val_clean_acc']:.1f} | {100 * r['val_pgd10_acc']:.1f} | {dynamics(r, 'val_tv_consecutive_from_3', 4)} | "
            f"{dynamics(r, 'val_tv_glance2_last', 3)} | {dynamics(r, 'val_effective_locations', 0)} |"
            for r in rows if (r["epoch"] + 1) % every == 0 or r is rows[-1]]


def data_text(manifest: dict) -> str:
    """'imagenette/train (10 classes, 9,469 images)', from the manifest's training facts."""
    d = manifest["recipe"].get("dataset")
    if not d:
        return f"its training data ({len(manifest['classes'])} classes)"
    return f"{d['name']}/train ({d['classes']} classes, {d['train_images']:,} images)"


def macs(manifest: dict, k: int = None) -> float:
    """Millions of multiply-accumulates for one image (S3TA at k glances)."""
    model = build(manifest["arch"], manifest["config"])
    x = torch.zeros(1, 3, manifest["config"]["input_size"], manifest["config"]["input_size"])
    return count_macs(model, x, **({"k": k} if manifest["arch"] == "s3ta" else {})) / 1e6


# Issue 7's "done when" for the S3TA trained at k = 16: (what, which block of eval.json it reads, how, threshold);
# every one is "at least". Attention targets read an attention block (all boxed images, then the held-back half);
# the clean top-1 reads "results" (all val images: the held-back column stays empty).
TARGETS = [
    ("TV between consecutive glances, 3..16", "attention", lambda a: a["k16"]["tv_consecutive"]["mean_from_glance_3"], 0.05),
    ("TV glance 2 vs glance 16", "attention", lambda a: a["k16"]["tv_glance2_last"], 0.25),
    ("energy in box / box area share, mean over heads and glances", "attention", lambda a: a["k16"]["energy_ratio"]["mean"], 1.4),
    ("energy in box / box area share, best head", "attention", lambda a: max(a["k16"]["energy_ratio"]["per_head"]), 1.8),
    ("attack pull: drop of energy in box (successful targeted PGD-100)", "attention", lambda a: a["attack_pull"]["energy_drop"], 0.05),
    ("attack pull: TV clean -> adversarial attention", "attention", lambda a: a["attack_pull"]["tv_clean_adversarial"], 0.3),
    ("clean top-1, all val images", "results", lambda r: r["k16"]["clean"]["value"], 0.70),
]


def measured(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def target_rows(evaluation: dict) -> list:
    """One markdown row per TARGETS entry: the value on all boxed images, on the held-back half, met or not."""
    rows = []
    for what, block, read, threshold in TARGETS:
        values = []
        for key in ("attention", "attention_heldback") if block == "attention" else ("results", None):
            try:
                values.append(read(evaluation[key]) if key else None)
            except (KeyError, TypeError):
                values.append(None)
        met = [v >= threshold for v in values if v is not None]
        verdict = "—" if not met else "met" if all(met) else "not met"
        rows.append(f"| {what} | ≥ {threshold:g} | {measured(values[0])} | {measured(values[1])} | {verdict} |")
    return rows


def shipped(root: Path) -> list:
    """models/index.json's entries, each with its manifest and eval.json (empty where not evaluated yet)."""
    entries = listed_models(root)
    for entry in entries:
        folder = root / entry["name"]
        entry["manifest"] = json.loads((folder / "manifest.json").read_text())
        entry["eval"] = json.loads((folder / "eval.json").read_text()) if (folder / "eval.json").exists() else {}
    return entries


def columns(models: list) -> list:
    """[(header, metrics)]: one column per model and evaluated k ("S3TA-16", or "S3TA random-k, k = 4")."""
    out = []
    for m in models:
        results = m["eval"].get("results", {})
        for key, metrics in results.items():
            out.append((m["label"] if len(results) == 1 else f"{m['label']}, k = {key[1:]}", metrics))
    return out


def evaluated_on(m: dict) -> str:
    e = m["eval"]
    return (f"{m['label']}: {e['split']} split, clean top-1 on all {e['images']:,} images, attacks on the first "
            f"{e['attacked']} of a fixed shuffle (seed {e['seed']}), the 100+ step ones on {e['attacked_long']}, the "
            f"gradient-free ones on {e['attacked_spsa']}; {e['seconds'] / 60:.0f} min")


def trained_k(m: dict) -> str:
    return f"trained for k = {m['k']}" if m.get("k") else f"runs at k = {m['manifest']['config']['glances']} by default"


def described(m: dict) -> str:
    manifest, c = m["manifest"], m["manifest"]["config"]
    if manifest["arch"] == "s3ta":
        k = trained_glances(m)
        body = (f"vision net = ResNet of basic blocks, stem {c['stem_width']} + stages {c['widths']} x {c['blocks']} blocks, "
                f"output stride 8 ({c['input_size'] // 8}x{c['input_size'] // 8} map); keys {c['c_k']} and values "
                f"{c['widths'][-1] - c['c_k']} channels + {c['basis_size'] ** 2} Fourier basis channels; LSTM {c['hidden']}; "
                f"{c['heads']} heads; query and readout MLPs of {c['query_hidden']}; {trained_k(m)}; "
                f"{macs(manifest, k):.0f} M multiply-accumulates at k = {k}")
    else:
        body = (f"the same stem and basic blocks, stages {c['widths']} with strides {c['strides']}, global average pool, "
                f"linear; {macs(manifest):.0f} M multiply-accumulates")
    return f"- **{m['label']}** (`models/{m['name']}`): {body}. Recipe: {recipe(manifest)}."


README_BEGIN = "<!-- results: written by python3 -m training.model_card; edit training/model_card.py, not this -->"
README_END = "<!-- /results -->"


def trained_glances(m: dict) -> int:
    """An S3TA's trained k: index.json's k, else the manifest's default."""
    return m.get("k") or m["manifest"]["config"]["glances"]


def trained_key(m: dict) -> str:
    """The results key a model is shown at in the README: "k<trained k>", or "resnet"."""
    return "resnet" if m["manifest"]["arch"] == "resnet" else f"k{trained_glances(m)}"


def glance_moves(at: dict, key: str) -> str:
    """'TV from glance to glance 0.13, 0.066, 0.032, … 0.0003 (mean from glance 3: 0.010), glance 2 vs 16 0.13': the
    first steps are what models at different k share, the mean is issue 7's measure."""
    tv = at.get("tv_consecutive", {})
    steps = [f"{v:.2g}" for v in tv.get("per_glance", [])]
    shown = ", ".join(steps if len(steps) <= 4 else steps[:3] + [f"… {steps[-1]}"])
    mean = tv.get("mean_from_glance_3")
    return (f"TV from glance to glance {shown or '—'} (mean from glance 3: {'—' if mean is None else f'{mean:.3f}'}), "
            f"glance 2 vs {key[1:]} {at.get('tv_glance2_last', float('nan')):.2f}")


def attention_summary(m: dict) -> str:
    """One line on where an S3TA looks at its trained k, from eval.json's attention block."""
    a = m["eval"]["attention"]
    key = trained_key(m) if trained_key(m) in a else max((k for k in a if k.startswith("k")), key=lambda k: int(k[1:]))
    at, pull = a[key], a.get("attack_pull", {})
    line = (f"- **{m['label']}** at k = {key[1:]}, {a['images']} images: attention in the boxes {at['energy_ratio']['mean']:.2f}x their area share "
            f"(best head {max(at['energy_ratio']['per_head']):.2f}x); strongest cell in a box {100 * at['pointing_game']['mean']:.0f}% "
            f"of the time (image centre: {100 * a['centre_prior_pointing']:.0f}%); {glance_moves(at, key)}; "
            f"{at['effective_locations']['mean']:.0f} of {at['effective_locations']['of']} effective locations")
    if pull.get("succeeded"):
        line += (f"; successful PGD-{pull['steps']} at k = {pull['k']} ({pull['succeeded']} of {pull['attacked']}) move attention in the boxes "
                 f"{pull['energy_before']:.3f} -> {pull['energy_after']:.3f}, TV clean -> adversarial "
                 f"{pull['tv_clean_adversarial']:.2f} (±ε noise: {pull['tv_clean_noise']:.2f})")
    return line + "."


def readme_results(models: list) -> list:
    """The README's results block: each listed model at its trained k (top-1 [95% CI] / target hit), then where each
    S3TA looks."""
    evaluated = [m for m in models if trained_results(m)]
    shown = [(m["label"], trained_results(m)) for m in evaluated]
    lines = [f"| Imagenette val, {models[0]['manifest']['config']['input_size']} px | " + " | ".join(h for h, _ in shown) + " |",
             "|---|" + "---|" * len(shown)]
    for key, label in row_labels([m["eval"] for m in evaluated]):
        ns = {(r[key]["top1"] if "top1" in r[key] else r[key])["n"] for _, r in shown if key in r}
        # one image count for the row when every model ran on as many, else each cell says its own
        cells = [cell(r, key, "%", "% hit") + ("" if len(ns) == 1 or key not in r else
                                                f", n = {(r[key]['top1'] if 'top1' in r[key] else r[key])['n']}")
                 for _, r in shown]
        lines.append(f"| {label}{f' ({ns.pop():,} images)' if len(ns) == 1 else ''} | " + " | ".join(cells) + " |")
    if pairs := findings_pairs(models):
        lines += ["", "Under targeted PGD-100, model against model on the same images and targets (the paper: more glances, more robust):", "", *pairs]
    lines += ["", "Where each S3TA looks (`python3 -m training.attention_metrics`, the val images with ImageNet object boxes):", ""]
    lines += [attention_summary(m) for m in models if "attention" in m["eval"]]
    return lines


def splice(text: str, lines: list) -> str:
    """`text` with the lines between README_BEGIN and README_END replaced."""
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"the README lacks the markers {README_BEGIN!r} ... {README_END!r}")
    return text[:start + len(README_BEGIN)] + "\n" + "\n".join(lines) + "\n" + text[end:]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default="models", help="(default: models)")
    p.add_argument("--runs", default="runs", help="training runs, for the ablations (default: runs)")
    p.add_argument("--readme", default="README.md", help="whose results block to rewrite; '' for none (default: README.md)")
    args = p.parse_args(argv)
    root = Path(args.models)
    models = shipped(root)
    evaluated = [m for m in models if m["eval"].get("results")]
    attended = [m for m in models if "attention" in m["eval"]]
    k16 = [m for m in models if m.get("k") == 16]  # the S3TA trained at k = 16 (index.json's "k")
    first = models[0]["manifest"]
    lines = [
        "# Model card: S3TA and its ResNet baseline on Imagenette",
        "",
        "Written by `python3 -m training.model_card` from `models/index.json` and each listed model's `manifest.json` "
        "and `eval.json`.",
        "",
        f"Every model was trained by `training/train.py` on {data_text(first)} at {first['config']['input_size']}x"
        f"{first['config']['input_size']} px on {first['recipe'].get('machine', 'an unrecorded machine')}, and evaluated by "
        "`training/evaluate.py`:",
        "",
        *[f"- {evaluated_on(m)}." for m in evaluated],
        "",
        "## Robustness (the paper's tables 1 and 2, scaled)",
        "",
        *table(columns(evaluated), row_labels([m["eval"] for m in evaluated])),
        "",
        "Top-1 accuracy (%) with its 95% Wilson interval; after the slash, for targeted attacks, the share of images "
        "classified as the attack's random target (attack success). Clean top-1 is over all val images; — where a model "
        "was not run on that attack.",
        *([""] + comparisons if (comparisons := [line for header, metrics in columns(evaluated)
                                                 if (line := spsa_vs_pgd(header, metrics))]) else []),
        "",
        "## More glances, more robust? (the paper: yes)",
        "",
        "The paper (tables 1 and 2) finds S3TA-16 more robust than S3TA-4, and both more robust than a ResNet, under "
        "targeted PGD. Here, each model at its trained k:",
        "",
        *findings_table(evaluated),
        "",
        *[line for pair in findings_pairs(evaluated) for line in (pair, "")],
        "Points: percentage points of the attacked images, with the paired 95% interval of the difference. p: two-sided "
        "exact sign test on the images where only one of the two models did the better thing (McNemar's exact test), "
        "one test per line and pair: with several pairs, read a p near 0.05 with that in mind.",
        "",
        "Attack settings: " + "; ".join(f"{name}: {json.dumps(s)}" for name, s in
                                        {n: s for m in evaluated for n, s in m["eval"]["attacks"].items()}.items()) + ".",
        "",
        "## Where S3TA looks (attention metrics, `python3 -m training.attention_metrics`)",
        "",
    ]
    for m in attended:
        lines += [*attention_section(m["label"], m["eval"]["attention"]), ""]
        if "attention_heldback" in m["eval"]:
            lines += [*attention_section(m["label"], m["eval"]["attention_heldback"],
                                         "held-back boxed val images (the odd rows of boxes.csv, never used to choose a recipe)"), ""]
    lines += [
        "Energy in box: attention mass on the map cells whose centres fall in an object box (mean over images, heads "
        "and glances); its ratio to the boxes' area share is 1 for uniform attention. Pointing game: the share of maps "
        "whose strongest cell is in a box. TV: total-variation distance between attention maps (0: the same map, 1: "
        "disjoint). Effective locations: exp(entropy) of a map.",
        "",
    ]
    for m in k16:
        lines += [f"### {m['label']} against issue 7's targets", "",
                  "| target | at least | all boxed val images | held-back half | |", "|---|---|---|---|---|",
                  *target_rows(m["eval"]), ""]
    lines += [
        "## What we tried (issue 7: what makes the glances move)",
        "",
        "Short runs from `training/ablations/run.sh` and `run2.sh`, same seed and budget (2 epochs, 96 px unless named; "
        "`run3.sh` repeats b and g for 10 epochs: b10, g10; `run4.sh`'s i, j and k add an attention temperature T, "
        "logits q . K / T, an option the paper lacks, labelled and never shipped as S3TA; `run5.sh` repeats i for 10 epochs: i10; `run6.sh`'s l trains with 5 PGD steps instead of 2), "
        "measured at k = 16 on the even half of the boxed val images (`--subset select`); clean and PGD-10 top-1 on "
        "train.py's fixed val subset. Commands and logs: `runs/ablation-*/`.",
        "",
        "| run | epochs | clean % | PGD-10 % | box ratio / best head | pointing | TV 3..16 | TV 2 vs 16 | eff. locations | pull: energy drop / TV |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *ablation_rows(Path(args.runs)),
        "",
        *([FINDINGS.read_text().strip(), ""] if FINDINGS.exists() else []),
        "## Training runs",
        "",
        "Each shipped model's `runs/<name>/log.jsonl` (train.py's check after every epoch: clean top-1 on all val images, "
        "targeted PGD-10 on the first 256, and S3TA's glance dynamics on 256 val images at the final k):",
        "",
        *[line for m in models if (curve := training_curve(m["manifest"], Path(args.runs)))
          for line in [f"**{m['label']}**", "", "| epoch | k read out | clean % | PGD-10 % | TV 3..k | TV 2 vs k | eff. locations |",
                       "|---|---|---|---|---|---|---|", *curve, ""]],
        "## The models",
        "",
        *[described(m) for m in models],
        "",
        "## Reproduce",
        "",
        "`training/ship.sh` trains, exports and evaluates the shipped models one after another (resumable). By hand:",
        "",
        "```sh",
        *[command(m["manifest"]) for m in models],
        "python3 -m training.export --checkpoint runs/<run>/checkpoint.pt --out models/<name>",
        "python3 -m training.evaluate --model models/<name>   # then training.attention_metrics for S3TA",
        "python3 -m training.model_card",
        "```",
    ]
    (root / "README.md").write_text("\n".join(lines) + "\n")
    if args.readme:
        readme = Path(args.readme)
        readme.write_text(splice(readme.read_text(), readme_results(models)))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
