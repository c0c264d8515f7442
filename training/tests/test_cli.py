"""The TypeScript CLI (npx saccade) against the PyTorch model on the shipped S3TA: same logits, same attacks."""
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from training.attacks import fgsm, pgd
from training.data import find_data, load_image
from training.export import listed_models, load_model

ROOT = Path(__file__).resolve().parents[2]
LISTED = listed_models(ROOT / "models")
MODEL = ROOT / "models" / LISTED[0]["name"]  # the default model, the CLI's too
BASELINE = ROOT / "models" / next((entry["name"] for entry in LISTED if entry.get("baseline")), "none")
pytestmark = pytest.mark.skipif(not (ROOT / "node_modules").exists() or not (MODEL / "manifest.json").exists()
                                or not (BASELINE / "manifest.json").exists() or shutil.which("npx") is None,
                                reason="needs npm install, a shipped S3TA and its baseline")


def saccade(*args):
    out = subprocess.run(["npx", "saccade", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def model():
    return load_model(MODEL)


@pytest.fixture(scope="module")
def held_back(model, tmp_path_factory):
    """Val images at the model's input size: 4 as PNG, 2 as JPEG (decoded by sharp on one side, PIL on the other)."""
    folder = tmp_path_factory.mktemp("held_back")
    val = find_data() / "val"
    classes = sorted(d.name for d in val.iterdir())
    files = []
    for i, wnid in enumerate(classes[:6]):
        source = sorted((val / wnid).iterdir())[-1]
        pixels = load_image(source, model.config.input_size).permute(1, 2, 0).numpy()
        path = folder / f"{wnid}.{'png' if i < 4 else 'jpg'}"
        Image.fromarray(pixels).save(path, **({"quality": 95} if i >= 4 else {}))
        files.append(path)
    return files


def torch_input(path, size):
    return load_image(path, size).float()[None] / 255


def test_classify_json_matches_pytorch_at_k8(model, held_back):
    rows = saccade("classify", *held_back, "--model", MODEL, "--k", 8, "--json")
    assert len(rows) == len(held_back)
    for row, path in zip(rows, held_back):
        with torch.no_grad():
            logits = model(torch_input(path, model.config.input_size), 8)[0][0].numpy()  # [k, C]
        ours = np.array(row["logits"])
        assert row["k"] == 8 and not row["resized"] and ours.shape == logits.shape
        assert np.abs(ours - logits).max() < 1e-3, path.name
        assert row["top5"][0]["index"] == int(logits[-1].argmax())


def test_attack_matches_pytorch_pgd_and_stays_within_eps(model, held_back, tmp_path):
    """Targeted PGD, no random start, 10 steps, eps 16/255, step 2/255: the same final prediction as PyTorch."""
    agree = 0
    for i, path in enumerate(held_back[:4]):
        target = (i * 3 + 1) % model.config.classes
        out = tmp_path / f"adv{i}.png"
        row = saccade("attack", path, "--model", MODEL, "--target", target, "--steps", 10, "--eps", "16/255",
                      "--step-size", "2/255", "--no-random-start", "--out", out, "--json")[0]
        x = torch_input(path, model.config.input_size)
        k = model.config.glances
        x_adv = pgd(lambda z: model(z, k)[0][:, -1], x, torch.tensor([row["source"]]), 16 / 255, 10, 2 / 255,
                    torch.tensor([target]), random_start=False)
        with torch.no_grad():
            ours = model(torch_input(out, model.config.input_size), k)[0][0, -1].argmax().item()
            theirs = model(x_adv, k)[0][0, -1].argmax().item()
        agree += ours == theirs
        png = np.asarray(Image.open(out).convert("RGB")).astype(int)
        clean = np.asarray(Image.open(path).convert("RGB")).astype(int)
        assert np.abs(png - clean).max() <= 16
    assert agree >= 3


def test_cli_fgsm_matches_pytorch_fgsm(model, held_back, tmp_path):
    """FGSM from the attack registry: one step of eps; the written PNG matches PyTorch's fgsm pixel for pixel
    (within 8-bit rounding) except where a gradient sign flips on a near-zero gradient."""
    k = model.config.glances
    for i, path in enumerate(held_back[:2]):
        target = (i * 3 + 1) % model.config.classes
        out = tmp_path / f"fgsm{i}.png"
        row = saccade("attack", path, "--model", MODEL, "--attack", "fgsm", "--target", target, "--eps", "8/255",
                      "--out", out, "--json")[0]
        assert row["settings"]["attack"] == "fgsm" and row["settings"]["steps"] == 1
        x = torch_input(path, model.config.input_size)
        x_adv = fgsm(lambda z: model(z, k)[0][:, -1], x, torch.tensor([row["source"]]), 8 / 255, torch.tensor([target]))
        ours = torch_input(out, model.config.input_size)
        assert ((ours - x_adv).abs() <= 1 / 255 + 1e-6).float().mean() > 0.99
        assert (ours - x).abs().max() <= 8 / 255 + 1e-6


def test_landscape_matches_pytorch_on_a_small_grid(model, held_back):
    from training.landscape import landscape
    path = held_back[0]
    row, = saccade("landscape", path, "--model", MODEL, "--k", 4, "--grid", 5, "--seed", 3, "--json")
    x = torch_input(path, model.config.input_size)
    ours = landscape(model, x, row["label"], k=4, grid=5, seed=3)
    assert np.abs(np.array(row["loss"]) - np.array(ours["loss"])).max() < 1e-3
    assert row["offsets"] == pytest.approx(ours["offsets"], abs=1e-7)
    assert row["r2"] == pytest.approx(ours["r2"], abs=1e-3)


def test_race_gives_pytorchs_success_pattern(model, held_back):
    """The race with no random start against PyTorch's PGD at each step count: the same seeded target, and the
    same prediction at (nearly) every (image, model, steps) point."""
    from training.landscape import mulberry32
    from training.model import classify
    baseline = load_model(BASELINE)
    steps, seed = [3, 10], 4
    rows = saccade("race", *held_back[:2], "--models", f"{MODEL},{BASELINE}", "--steps", "3,10",
                   "--seed", seed, "--no-random-start", "--json")
    summary = rows.pop()["summary"]
    assert len(rows) == 2 and [m["k"] for m in summary] == [model.config.glances, None]
    cells = agree = 0
    for row, path in zip(rows, held_back):
        classes = model.config.classes
        assert row["target"] == (row["source"] + 1 + int(mulberry32(seed)() * (classes - 1))) % classes
        x = torch_input(path, model.config.input_size)
        for net, raced in zip([model, baseline], row["models"]):
            forward = (lambda z, net=net: classify(net, z, model.config.glances))
            for point in raced["points"][1:]:
                x_adv = pgd(forward, x, torch.tensor([row["source"]]), 16 / 255, point["step"], 2 / 255,
                            torch.tensor([row["target"]]), random_start=False)
                with torch.no_grad():
                    theirs = forward(x_adv).argmax().item()
                cells += 1
                agree += theirs == point["prediction"]
    assert cells == 2 * 2 * len(steps) and agree >= cells - 1
