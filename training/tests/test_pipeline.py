"""End to end on a tiny image folder: train, resume, export, load, evaluate."""
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from training import evaluate, export, train

TINY = ["--input-size", "32", "--stem-width", "8", "--widths", "8,16,16", "--c-k", "8", "--hidden", "16",
        "--glances", "1,2", "--batch-size", "4", "--val-limit", "4", "--attack-steps", "1", "--threads", "1"]


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the data cache goes to ./.cache
    return tmp_path


def run(image_folder, out, *extra):
    train.main(TINY + ["--data", str(image_folder), "--out", str(out), *extra])
    return torch.load(out / "checkpoint.pt")


def test_one_training_step_end_to_end(image_folder, workdir):
    checkpoint = run(image_folder, workdir / "run", "--dry-run")
    row = json.loads((workdir / "run" / "log.jsonl").read_text().splitlines()[0])
    assert {"loss", "train_adv_acc", "train_clean_acc", "val_clean_acc", "val_pgd10_acc", "seconds"} <= set(row)
    assert checkpoint["epoch"] == 0 and checkpoint["classes"] == ["n0000001", "n0000002"]
    assert set(checkpoint) >= {"epoch", "model", "optimizer", "scheduler", "best", "args"}


def test_resume_continues_the_same_run(image_folder, workdir):
    straight = run(image_folder, workdir / "straight", "--epochs", "2")
    run(image_folder, workdir / "resumed", "--epochs", "2", "--stop-after", "1")
    resumed = run(image_folder, workdir / "resumed", "--epochs", "2", "--resume")
    assert resumed["epoch"] == 1
    assert len((workdir / "resumed" / "log.jsonl").read_text().splitlines()) == 2
    for name, tensor in straight["model"].items():
        assert torch.allclose(tensor.float(), resumed["model"][name].float(), atol=1e-6), name


@pytest.mark.parametrize("arch, extra", [("s3ta", []), ("s3ta", ["--forget-bias", "1"]), ("resnet", [])])
def test_export_then_load_gives_identical_outputs(image_folder, workdir, arch, extra):
    """A forget bias is folded into the LSTM's bias (the app's LSTM has none): the same network, up to rounding."""
    checkpoint = run(image_folder, workdir / arch, "--dry-run", "--arch", arch, *extra)
    export.export(workdir / arch / "checkpoint.pt", workdir / "model", image_folder)
    manifest = json.loads((workdir / "model" / "manifest.json").read_text())
    assert manifest["classes"][1] == {"id": "n0000002", "name": "blue thing"}
    loaded = export.load_model(workdir / "model")
    original = export.build(arch, checkpoint["config"])
    original.load_state_dict(checkpoint["model"])
    x = torch.rand(2, 3, 32, 32)
    with torch.no_grad():
        a, b = original.eval()(x), loaded(x)
    for u, v in zip(a if isinstance(a, tuple) else (a,), b if isinstance(b, tuple) else (b,)):
        assert torch.allclose(u, v, atol=1e-6) if extra else torch.equal(u, v)
    assert "forget_bias" not in manifest["config"]
    if arch == "s3ta":
        fixtures = json.loads((workdir / "model" / "fixtures.json").read_text())
        assert fixtures["arrays"]["attention"]["shape"] == [2, 4, 4, 4, 4]
        assert (workdir / "model" / "fixtures.bin").stat().st_size < 2_000_000


def test_load_model_rejects_a_changed_weights_file(image_folder, workdir):
    run(image_folder, workdir / "run", "--dry-run")
    export.export(workdir / "run" / "checkpoint.pt", workdir / "model", image_folder)
    with open(workdir / "model" / "weights.bin", "r+b") as f:
        f.write(b"\0\0\0\0")
    with pytest.raises(ValueError, match="weights.bin: sha256"):
        export.load_model(workdir / "model")


def test_evaluate_writes_rates_with_intervals(image_folder, workdir):
    run(image_folder, workdir / "run", "--dry-run")
    export.export(workdir / "run" / "checkpoint.pt", workdir / "model", image_folder)
    evaluate.main(["--model", str(workdir / "model"), "--data", str(image_folder), "--k", "1,2", "--limit", "2",
                   "--attacks", "pgd10_targeted,spsa_targeted,fgsm_targeted", "--out", str(workdir / "eval.json")])
    report = json.loads((workdir / "eval.json").read_text())
    assert set(report["results"]) == {"k1", "k2"}
    pgd10 = report["results"]["k2"]["pgd10_targeted"]
    assert pgd10["top1"]["n"] == 2 and 0 <= pgd10["top1"]["ci95"][0] <= pgd10["top1"]["value"] <= pgd10["top1"]["ci95"][1]
    assert report["results"]["k1"]["clean"]["n"] == 4
    assert report["labels"] == {"pgd10_targeted": "Targeted PGD-10, ε 16/255", "spsa_targeted": "Targeted SPSA-20, ε 16/255",
                                "fgsm_targeted": "Targeted FGSM, ε 16/255"}
    assert report["results"]["k2"]["fgsm_targeted"]["success"]["n"] == 2


def test_two_process_distributed_training(image_folder, workdir):
    """DistributedDataParallel on CPU (gloo), as torchrun would start it: two ranks, one checkpoint from rank 0."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = Path(__file__).resolve().parents[2]
    procs = [subprocess.Popen([sys.executable, "-m", "training.train", *TINY, "--data", str(image_folder),
                               "--out", str(workdir / "ddp"), "--epochs", "1"],
                              env={**os.environ, "PYTHONPATH": str(root), "MASTER_ADDR": "127.0.0.1",
                                   "MASTER_PORT": str(port), "WORLD_SIZE": "2", "RANK": str(r), "LOCAL_RANK": str(r)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for r in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-2000:]
    assert len((workdir / "ddp" / "log.jsonl").read_text().splitlines()) == 1
    assert torch.load(workdir / "ddp" / "checkpoint.pt")["epoch"] == 0


def test_a_curriculum_run_records_its_trained_k_and_where_it_trained(image_folder, workdir):
    checkpoint = run(image_folder, workdir / "curriculum", "--dry-run", "--curriculum", "1@0,3@1/2")
    assert checkpoint["config"]["glances"] == 3  # the k read out at the end: the model's default k
    assert checkpoint["dataset"] == dict(name=image_folder.name, train_images=12, classes=2)
    row = json.loads((workdir / "curriculum" / "log.jsonl").read_text().splitlines()[0])
    assert row["k"] == [[0.0, 1], [0.5, 3]]
    assert {"val_tv_consecutive_from_3", "val_tv_glance2_last", "val_effective_locations"} <= set(row)  # k >= 3
    manifest = export.export(workdir / "curriculum" / "checkpoint.pt", workdir / "model", image_folder)
    assert manifest["recipe"]["dataset"]["train_images"] == 12 and "CPU" in manifest["recipe"]["machine"]


def test_fine_tuning_starts_from_the_checkpoint_and_keeps_its_architecture(image_folder, workdir):
    base = run(image_folder, workdir / "base", "--dry-run")
    tuned = run(image_folder, workdir / "tuned", "--dry-run", "--init", str(workdir / "base" / "checkpoint.pt"),
                "--glances", "2", "--hidden", "32", "--lr", "0")
    assert tuned["config"] == {**base["config"], "glances": 2}  # --hidden is the checkpoint's, k is this run's
    for name, tensor in base["model"].items():
        if tensor.is_floating_point() and "running" not in name:
            assert torch.equal(tensor, tuned["model"][name]), name  # lr 0: nothing moved


@pytest.mark.parametrize("arch", ["s3ta", "resnet"])
def test_exported_manifests_follow_the_apps_schema(image_folder, workdir, arch):
    """models/manifest.schema.json is written from src/engine/manifest.ts (npm run schema): what the app accepts."""
    import jsonschema
    schema = json.loads((Path(__file__).resolve().parents[2] / "models" / "manifest.schema.json").read_text())
    run(image_folder, workdir / arch, "--dry-run", "--arch", arch)
    manifest = export.export(workdir / arch / "checkpoint.pt", workdir / "model", image_folder)
    jsonschema.validate(manifest, schema)
    models = Path(__file__).resolve().parents[2] / "models"
    for shipped in export.listed_models(models):
        jsonschema.validate(json.loads((models / shipped["name"] / "manifest.json").read_text()), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**manifest, "config": {**manifest["config"], "input_size": 97}}, schema)
