"""Export a trained checkpoint to models/<name>/ for the browser engine, and load such a folder back.

models/<name>/
  manifest.json   config, classes, recipe, eval summary, the tfjs weights manifest, sha256 of every file
  weights.bin     float32 weights in TensorFlow.js weights-manifest format
  fixtures.json + fixtures.bin   (S3TA) reference outputs the TypeScript tests compare against

Weight names are the PyTorch state_dict keys. Layouts follow tfjs: conv weights go from OIHW to HWIO, and
matrices stored [out, in] (nn.Linear, the LSTM cell's weight_ih / weight_hh) are transposed to [in, out].

    python3 -m training.export --checkpoint runs/s3ta-16/checkpoint.pt --out models/s3ta-16
"""
import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import torch

from training.attacks import attack_loss, pgd
from training.data import class_names, find_data
from training.model import S3ta, build  # noqa: F401  build is re-exported for tests

WEIGHTS_FILE = "weights.bin"
FIXTURE_K = 4


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def to_tfjs(name: str, tensor: torch.Tensor) -> np.ndarray:
    """A state_dict tensor in tfjs layout (see the module docstring)."""
    array = tensor.detach().cpu().float().numpy()
    if array.ndim == 4:
        return array.transpose(2, 3, 1, 0)  # OIHW -> HWIO
    if array.ndim == 2 and name not in ("h0", "c0"):
        return array.T  # [out, in] -> [in, out]
    return array


def from_tfjs(name: str, array: np.ndarray) -> torch.Tensor:
    if array.ndim == 4:
        array = array.transpose(3, 2, 0, 1)  # HWIO -> OIHW
    elif array.ndim == 2 and name not in ("h0", "c0"):
        array = array.T
    return torch.from_numpy(np.array(array))  # a writable copy


def exported_state(model: torch.nn.Module) -> dict:
    """The float state_dict entries (BatchNorm's integer step counter is training-only)."""
    return {k: v for k, v in model.state_dict().items() if v.is_floating_point()}


def write_weights(model, out: Path) -> list:
    """weights.bin and its tfjs weights manifest entry."""
    entries, chunks = [], []
    for name, tensor in exported_state(model).items():
        array = np.ascontiguousarray(to_tfjs(name, tensor), dtype="<f4")
        entries.append(dict(name=name, shape=list(array.shape), dtype="float32"))
        chunks.append(array.tobytes())
    (out / WEIGHTS_FILE).write_bytes(b"".join(chunks))
    return [dict(paths=[WEIGHTS_FILE], weights=entries)]


def fixture_inputs(config) -> torch.Tensor:
    """Two fixed images in [0, 1] with values k/255 (so a PNG holds them exactly). -> [2, 3, S, S]"""
    S = config.input_size
    yy, xx = torch.meshgrid(torch.arange(S), torch.arange(S), indexing="ij")
    blob = ((yy - S * 0.4) ** 2 + (xx - S * 0.6) ** 2 < (S * 0.25) ** 2).float()
    first = torch.stack([0.2 + 0.6 * blob, 0.3 + 0.4 * xx / S, 0.7 - 0.5 * yy / S])
    second = torch.rand(3, S, S, generator=torch.Generator().manual_seed(1))
    return (torch.stack([first, second]) * 255).round() / 255


def write_fixtures(model: S3ta, out: Path):
    """fixtures.json (shapes, offsets, settings) + fixtures.bin (float32 arrays)."""
    x = fixture_inputs(model.config)
    labels = torch.tensor([0, 1])
    targets = (labels + max(1, model.config.classes // 2)) % model.config.classes
    model.eval()
    forward = (lambda z: model(z, FIXTURE_K)[0][:, -1])
    with torch.no_grad():
        logits, attention = model(x, FIXTURE_K)
    x_grad = x.clone().requires_grad_(True)
    grad, = torch.autograd.grad(attack_loss(forward(x_grad), labels, targets).sum(), x_grad)
    pgd_settings = dict(eps=16 / 255, steps=5, step_size=2 / 255, random_start=False)
    x_pgd = pgd(forward, x, labels, target=targets, **pgd_settings)
    with torch.no_grad():
        pgd_logits = model(x_pgd, FIXTURE_K)[0]
    arrays = dict(input=x, logits=logits, attention=attention, grad=grad, pgd=x_pgd, pgd_logits=pgd_logits)
    index, chunks, offset = {}, [], 0
    for name, tensor in arrays.items():
        data = tensor.detach().float().numpy().astype("<f4").tobytes()
        index[name] = dict(shape=list(tensor.shape), offset=offset)
        chunks.append(data)
        offset += len(data)
    (out / "fixtures.bin").write_bytes(b"".join(chunks))
    meta = dict(k=FIXTURE_K, labels=labels.tolist(), targets=targets.tolist(), pgd=pgd_settings,
                loss="attack_loss targeted, summed over the batch, on the last glance's logits",
                layout="input/grad/pgd [N, 3, H, W] NCHW; logits [N, k, C]; attention [N, k, heads, h, w]",
                arrays=index)
    (out / "fixtures.json").write_text(json.dumps(meta, indent=1))


def training_facts(checkpoint: dict, root: Path, machine=None) -> dict:
    """Where and on what the model was trained, for the model cards: the checkpoint's record, or (for checkpoints
    older than that record) the data root's counts."""
    dataset = checkpoint.get("dataset") or dict(
        name=root.name, classes=len(checkpoint["classes"]),
        train_images=sum(1 for f in (root / "train").glob("*/*") if f.is_file()))
    machine = machine or checkpoint.get("machine")
    return dict(dataset=dataset, **({"machine": machine} if machine else {}))


def fold_options(model, config: dict) -> dict:
    """Fold S3TA's training options into plain weights, in place, so that src/engine/s3ta.ts (whose LSTM has no forget
    bias and whose attention has no temperature) runs the same network: the forget bias into the LSTM's bias_hh, the
    temperature T into the query net's last layer (q / T . K = q . K / T). -> the config to export, without them."""
    config = {name: value for name, value in config.items() if name not in ("forget_bias", "attention_temperature")}
    if isinstance(model, S3ta):
        c = model.config
        with torch.no_grad():
            model.core.bias_hh[c.hidden:2 * c.hidden] += c.forget_bias  # gates i, f, g, o
            model.query_net[-1].weight /= c.attention_temperature
            model.query_net[-1].bias /= c.attention_temperature
        c.forget_bias, c.attention_temperature = 0.0, 1.0
    return config


def export(checkpoint_path, out, data=None, eval_json=None, machine=None):
    checkpoint = torch.load(checkpoint_path, map_location="cpu")
    model = build(checkpoint["arch"], checkpoint["config"])
    model.load_state_dict(checkpoint["model"])
    model.eval()
    config = fold_options(model, checkpoint["config"])
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    root = find_data(data)
    names = class_names(root)
    manifest = dict(
        format="saccade-model/1",
        arch=checkpoint["arch"],
        config=config,
        classes=[dict(id=wnid, name=names.get(wnid, wnid)) for wnid in checkpoint["classes"]],
        input=dict(size=checkpoint["config"]["input_size"], layout="RGB in [0, 1]; the model normalises",
                   mean=checkpoint["config"]["mean"], std=checkpoint["config"]["std"]),
        recipe=dict(args=checkpoint["args"], epochs_trained=checkpoint["epoch"] + 1,
                    train_seconds=round(checkpoint["seconds"]), **training_facts(checkpoint, root, machine)),
        weightsManifest=write_weights(model, out),
        layouts="conv OIHW->HWIO; [out, in] matrices (Linear, LSTM weight_ih/weight_hh) transposed to [in, out]",
    )
    if isinstance(model, S3ta):
        write_fixtures(model, out)
    if eval_json:
        manifest["eval"] = json.loads(Path(eval_json).read_text()).get("summary")
    files = [WEIGHTS_FILE] + (["fixtures.json", "fixtures.bin"] if isinstance(model, S3ta) else [])
    manifest["sha256"] = {f: sha256(out / f) for f in files}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def listed_models(root="models") -> list:
    """models/index.json's entries ({name, label, baseline?, k?}) in picker order; the first is the default model."""
    return json.loads((Path(root) / "index.json").read_text())["models"]


def load_model(folder) -> torch.nn.Module:
    """Rebuild the torch module from an exported folder (checks every file's sha256)."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, digest in manifest["sha256"].items():
        if sha256(folder / name) != digest:
            raise ValueError(f"{folder / name}: sha256 {sha256(folder / name)} does not match manifest's {digest}")
    model = build(manifest["arch"], manifest["config"])
    state, offset = {}, 0
    for group in manifest["weightsManifest"]:
        blob = b"".join((folder / p).read_bytes() for p in group["paths"])
        for entry in group["weights"]:
            count = int(np.prod(entry["shape"]))
            array = np.frombuffer(blob, "<f4", count, offset).reshape(entry["shape"])
            state[entry["name"]] = from_tfjs(entry["name"], array)
            offset += 4 * count
        offset = 0
    expected = exported_state(model)
    missing = sorted(set(expected) - set(state))
    if missing:
        raise ValueError(f"{folder}: weights missing from the manifest: {missing}")
    model.load_state_dict(state, strict=False)
    return model.eval()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, metavar="PT", help="a train.py checkpoint")
    p.add_argument("--out", required=True, metavar="DIR", help="model folder, e.g. models/s3ta-16")
    p.add_argument("--data", metavar="DIR", default=None, help="data root with classes.tsv (default: ../shared/data/imagenette)")
    p.add_argument("--eval", metavar="JSON", default=None, help="training.evaluate output to summarise in the manifest")
    p.add_argument("--machine", default=None, help="where training ran, for checkpoints that do not record it")
    args = p.parse_args(argv)
    manifest = export(args.checkpoint, args.out, args.data, args.eval, args.machine)
    print(f"wrote {args.out}: {len(manifest['weightsManifest'][0]['weights'])} tensors")


if __name__ == "__main__":
    main()
