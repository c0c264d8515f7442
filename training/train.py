"""Adversarial training of S3TA or the ResNet baseline (section 4.1 of the paper, scaled).

Each batch: random crop (reflect-padded translation) and flip; a targeted PGD attack toward a uniformly
random wrong class, eps 16/255 by default; SGD with momentum on the label-smoothed cross-entropy of the
adversarial images. S3TA unrolls a random k from --glances per batch (one model serves k = 2..16), or, as in
the paper, a fixed k whose read-out step follows --curriculum (e.g. step 4, then 8, then 16).

    python3 -m training.train --arch s3ta --out runs/s3ta            # one process (CPU or one GPU)
    torchrun --nproc_per_node 8 -m training.train --arch s3ta ...     # DistributedDataParallel
"""
import argparse
import contextlib
import json
import math
import os
import shutil
import time
from fractions import Fraction
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F
from tqdm import tqdm

from training.attacks import pgd, random_target
from training.data import ImageFolderTensors, find_data, load_split
from training.attention_metrics import glance_dynamics
from training.model import ResNetConfig, S3ta, S3taConfig, build, classify


def fraction(text: str) -> float:
    """'16/255' or '0.0627' -> float"""
    return float(Fraction(text))


def ints(text: str):
    return tuple(int(v) for v in text.split(","))


def curriculum(text: str):
    """'4@0,8@35/120,16@70/120' -> ((0, 4), (35/120, 8), (70/120, 16)), sorted, starting at 0."""
    stages = sorted((float(Fraction(f)), int(k)) for k, f in (item.split("@") for item in text.split(",")))
    starts = [start for start, _ in stages]
    if starts[0] != 0 or any(k < 1 for _, k in stages) or starts[-1] >= 1 or len(set(starts)) != len(starts):
        raise argparse.ArgumentTypeError(f"{text!r}: stages K@F with distinct F in [0, 1), the first at 0")
    return tuple(stages)


def readout_step(stages, progress: float) -> int:
    """The glance read out at `progress` (fraction of all epochs done) under a curriculum."""
    return [k for start, k in stages if start <= progress][-1]


def glances_for_batch(args, progress: float, generator) -> int:
    if args.curriculum:
        return readout_step(args.curriculum, progress)
    return args.glances[int(torch.randint(len(args.glances), (1,), generator=generator))]


def final_glances(args) -> int:
    return args.curriculum[-1][1] if args.curriculum else max(args.glances)


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", default="s3ta", choices=["s3ta", "resnet"], help="model (default: s3ta)")
    p.add_argument("--data", metavar="DIR", default=None, help="ImageFolder root with train/ and val/ (default: ../shared/data/imagenette)")
    p.add_argument("--out", metavar="DIR", default=None, help="run folder for checkpoints and log (default: runs/<arch>)")
    p.add_argument("--epochs", type=int, default=30, metavar="N", help="epochs (default: 30)")
    p.add_argument("--batch-size", type=int, default=64, metavar="N", help="per process (default: 64)")
    p.add_argument("--lr", type=float, default=0.1, metavar="LR", help="peak learning rate for batch 128, scaled linearly (default: 0.1)")
    p.add_argument("--warmup", type=float, default=1.0, metavar="EPOCHS", help="linear warm-up, then cosine decay (default: 1)")
    p.add_argument("--momentum", type=float, default=0.9, metavar="M", help="SGD momentum (default: 0.9)")
    p.add_argument("--wd", type=float, default=5e-4, metavar="W", help="weight decay (default: 5e-4)")
    p.add_argument("--attention-wd", type=float, default=None, metavar="W",
                   help="weight decay of S3TA's query net, LSTM core and initial state, which set how sharp attention "
                        "can be and how it moves (default: --wd)")
    p.add_argument("--label-smoothing", type=float, default=0.1, metavar="S", help="(default: 0.1)")
    p.add_argument("--eps", type=fraction, default=16 / 255, metavar="E", help="L-inf radius, e.g. 16/255 (default: 16/255)")
    p.add_argument("--eps-warmup", type=float, default=0.0, metavar="EPOCHS", help="ramp eps linearly from 0 over these epochs (default: 0)")
    p.add_argument("--attack-steps", type=int, default=3, metavar="N", help="PGD steps per batch (default: 3)")
    p.add_argument("--attack-step-size", type=fraction, default=None, metavar="A", help="PGD step (default: 2.5 * eps / steps)")
    p.add_argument("--glances", type=ints, default=(2, 4, 8, 16), metavar="K,..", help="k drawn per batch (default: 2,4,8,16)")
    p.add_argument("--curriculum", type=curriculum, default=None, metavar="K@F,..",
                   help="read-out step by training progress instead of --glances: K from fraction F of the epochs on; "
                        "the paper's S3TA-16: 4@0,8@35/120,16@70/120 (default: none)")
    p.add_argument("--input-size", type=int, default=128, metavar="PX", help="(default: 128)")
    p.add_argument("--stem-width", type=int, default=32, metavar="C", help="(default: 32)")
    p.add_argument("--widths", type=ints, default=(32, 64, 128), metavar="C,..", help="stage widths (default: 32,64,128)")
    p.add_argument("--blocks", type=ints, default=(1, 1, 1), metavar="N,..", help="blocks per stage (default: 1,1,1)")
    p.add_argument("--c-k", type=int, default=32, metavar="C", help="S3TA key channels (default: 32)")
    p.add_argument("--hidden", type=int, default=256, metavar="N", help="S3TA LSTM and MLP size (default: 256)")
    p.add_argument("--forget-bias", type=float, default=0.0, metavar="B",
                   help="S3TA: a constant added to the LSTM's forget gate, as TF's and Sonnet's LSTMs add 1 (default: 0, PyTorch's)")
    p.add_argument("--attention-temperature", type=float, default=1.0, metavar="T",
                   help="NOT in the paper, an ablation option: S3TA's attention logits divided by T (default: 1, the paper's)")
    p.add_argument("--val-limit", type=int, default=500, metavar="N", help="val images for the per-epoch PGD check (default: 500)")
    p.add_argument("--limit-per-class", type=int, default=None, metavar="N", help="train on N images per class (default: all)")
    p.add_argument("--stream", action="store_true", help="decode images in DataLoader workers instead of caching (large sets)")
    p.add_argument("--workers", type=int, default=4, metavar="N", help="DataLoader workers with --stream (default: 4)")
    p.add_argument("--threads", type=int, default=None, metavar="N", help="torch CPU threads (default: torch's)")
    p.add_argument("--init", metavar="PT", default=None, help="start from this checkpoint's weights (fine-tuning; its config wins)")
    p.add_argument("--device", default=None, help="cpu, cuda, cuda:1, ... (default: cuda when available)")
    p.add_argument("--amp", action="store_true", help="bfloat16 autocast on CUDA (attacks and training step)")
    p.add_argument("--resume", action="store_true", help="continue from <out>/checkpoint.pt")
    p.add_argument("--stop-after", type=int, default=None, metavar="N", help="end this process after N epochs; --resume goes on (default: run to --epochs)")
    p.add_argument("--dry-run", action="store_true", help="one batch of training and of validation, then stop")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="(default: 0)")
    return p.parse_args(argv)


def model_config(args, classes: int) -> dict:
    shared = dict(input_size=args.input_size, stem_width=args.stem_width, widths=args.widths, blocks=args.blocks,
                  classes=classes)
    if args.arch == "s3ta":
        h = args.hidden
        return S3taConfig(**shared, c_k=args.c_k, hidden=h, query_hidden=h, readout_hidden=h,
                          forget_bias=args.forget_bias, attention_temperature=args.attention_temperature,
                          glances=final_glances(args)).to_dict()
    return ResNetConfig(**shared).to_dict()


def augment(x, generator):
    """Random translation by up to 1/16 of the size (reflect padding) and horizontal flip. x [B, 3, S, S]"""
    B, _, S, _ = x.shape
    pad = max(1, S // 16)
    padded = F.pad(x, (pad,) * 4, mode="reflect")
    dy, dx = torch.randint(0, 2 * pad + 1, (2,), generator=generator).tolist()
    x = padded[:, :, dy:dy + S, dx:dx + S]
    flip = torch.rand(B, generator=generator) < 0.5
    return torch.where(flip.to(x.device)[:, None, None, None], x.flip(3), x)


ATTENTION_PARTS = ("query_net.", "core.", "h0", "c0")


def parameter_groups(net, args) -> list:
    """SGD groups: the attention dynamics' parameters (query net, core, initial state) with --attention-wd, the
    rest with --wd."""
    wd = args.wd if args.attention_wd is None else args.attention_wd
    named = list(net.named_parameters())
    attention = [p for n, p in named if n.startswith(ATTENTION_PARTS)]
    rest = [p for n, p in named if not n.startswith(ATTENTION_PARTS)]
    return [dict(params=rest, weight_decay=args.wd), dict(params=attention, weight_decay=wd)]


def lr_lambda(args, steps_per_epoch):
    warmup = max(1, int(args.warmup * steps_per_epoch))
    total = args.epochs * steps_per_epoch

    def factor(step):
        if step < warmup:
            return (step + 1) / warmup
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - warmup)))
    return factor


def train_one_epoch(args, model, net, loader, optimizer, scheduler, epoch, device, generator):
    """One epoch of adversarial training. `net` is the bare module (attacks), `model` maybe its DDP wrapper."""
    model.train()
    sums = dict(loss=0.0, adv_correct=0, clean_correct=0, clean_seen=0, seen=0)
    steps = len(loader)
    bar = tqdm(loader, desc=f"epoch {epoch}", disable=not is_main(), dynamic_ncols=True)
    for step, (images, labels) in enumerate(bar):
        x = augment(images.to(device).float() / 255, generator)
        labels = labels.to(device)
        progress = epoch + step / steps
        k = glances_for_batch(args, progress / args.epochs, generator)
        forward = (lambda z: classify(net, z, k))
        eps = args.eps * min(1.0, progress / args.eps_warmup) if args.eps_warmup else args.eps
        step_size = args.attack_step_size or 2.5 * eps / args.attack_steps
        target = random_target(labels, net.config.classes, generator)
        with autocast(args, device):
            x_adv = pgd(forward, x, labels, eps, args.attack_steps, step_size, target, True, generator)
            logits = model(x_adv, k)[0][:, -1] if args.arch == "s3ta" else model(x_adv)  # through DDP when distributed
            loss = F.cross_entropy(logits.float(), labels, label_smoothing=args.label_smoothing)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        sums["loss"] += loss.item() * len(labels)
        sums["adv_correct"] += (logits.argmax(1) == labels).sum().item()
        sums["seen"] += len(labels)
        if step % 4 == 0:  # clean accuracy on every 4th batch: a sample, to keep the cost down
            with torch.no_grad():
                sums["clean_correct"] += (forward(x).argmax(1) == labels).sum().item()
            sums["clean_seen"] += len(labels)
        bar.set_postfix(loss=f"{sums['loss'] / sums['seen']:.3f}", adv=f"{sums['adv_correct'] / sums['seen']:.3f}",
                        k=k, lr=f"{scheduler.get_last_lr()[0]:.4f}")
        if args.dry_run:
            break
    return dict(loss=sums["loss"] / sums["seen"], train_adv_acc=sums["adv_correct"] / sums["seen"],
                train_clean_acc=sums["clean_correct"] / max(1, sums["clean_seen"]), eps=eps)


def autocast(args, device):
    if args.amp and device.type == "cuda":
        return torch.autocast("cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


@torch.no_grad()
def val_glance_dynamics(net, images, k, device) -> dict:
    """How much S3TA's attention moves on the first 256 `images` at k (see training.attention_metrics)."""
    if not isinstance(net, S3ta) or k < 3:
        return {}
    _, attention = net(images[:256].to(device).float() / 255, k)
    return {f"val_{name}": value for name, value in glance_dynamics(attention.float()).items()}


def evaluate(args, net, images, labels, device, generator):
    """Clean top-1 on `images` and top-1 under random-targeted PGD-10 on the first --val-limit, at the final k;
    S3TA's glance dynamics."""
    net.eval()
    k = final_glances(args)
    forward = (lambda z: classify(net, z, k))
    clean = adv = clean_seen = adv_seen = 0
    for idx in torch.split(torch.arange(len(labels)), 128):
        x, y = images[idx].to(device).float() / 255, labels[idx].to(device)
        with torch.no_grad():
            clean += (forward(x).argmax(1) == y).sum().item()
        clean_seen += len(y)
        if args.dry_run:
            break
    for idx in torch.split(torch.arange(min(args.val_limit, len(labels))), 128):
        x, y = images[idx].to(device).float() / 255, labels[idx].to(device)
        x_adv = pgd(forward, x, y, args.eps, 10, 2 / 255, random_target(y, net.config.classes, generator), True, generator)
        with torch.no_grad():
            adv += (forward(x_adv).argmax(1) == y).sum().item()
        adv_seen += len(y)
        if args.dry_run:
            break
    return dict(val_clean_acc=clean / clean_seen, val_pgd10_acc=adv / max(1, adv_seen), val_k=k,
                **val_glance_dynamics(net, images, k, device))


def is_main():
    return not dist.is_initialized() or dist.get_rank() == 0


def setup_device(name=None):
    """DDP under torchrun (WORLD_SIZE set), else one process on `name`, or cuda when there is one, else cpu."""
    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        backend = "nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend)
        if torch.cuda.is_available():
            torch.cuda.set_device(int(os.environ["LOCAL_RANK"]))
            return torch.device("cuda", int(os.environ["LOCAL_RANK"]))
        return torch.device("cpu")
    return torch.device(name or ("cuda" if torch.cuda.is_available() else "cpu"))


def train_loader(args, root, device):
    """Batches of (uint8 [B, 3, S, S], labels [B]); with DDP each rank sees its own shard."""
    if args.stream:
        dataset = ImageFolderTensors(root / "train", args.input_size, args.limit_per_class)
        classes = dataset.classes
    else:
        images, labels, classes = load_split(root, "train", args.input_size, limit_per_class=args.limit_per_class)
        dataset = torch.utils.data.TensorDataset(images, labels)
    sampler = (torch.utils.data.distributed.DistributedSampler(dataset, seed=args.seed)
               if dist.is_initialized() else torch.utils.data.RandomSampler(dataset))
    loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, sampler=sampler, drop_last=True,
                                         num_workers=args.workers if args.stream else 0,
                                         pin_memory=device.type == "cuda")
    return loader, classes


def machine_name(device, world: int) -> str:
    """'2 CPU threads (AMD EPYC 7B13)' or '1 x NVIDIA H100 80GB HBM3': where the run trains, for the model card."""
    if device.type == "cuda":
        return f"{world} x {torch.cuda.get_device_name(device)}"
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU") if Path("/proc/cpuinfo").exists() else "unknown CPU"
    return f"{torch.get_num_threads()} CPU threads ({cpu})"


def save_checkpoint(state, out: Path, is_best: bool):
    tmp = out / "checkpoint.pt.tmp"
    torch.save(state, tmp)
    os.replace(tmp, out / "checkpoint.pt")
    if is_best:
        shutil.copyfile(out / "checkpoint.pt", out / "best.pt")


def main(argv=None):
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    device = setup_device(args.device)
    root = find_data(args.data)
    out = Path(args.out or f"runs/{args.arch}")
    out.mkdir(parents=True, exist_ok=True)

    loader, classes = train_loader(args, root, device)
    val_images, val_labels, val_classes = load_split(root, "val", args.input_size)
    if val_classes != classes:
        raise ValueError(f"val classes {val_classes} differ from train classes {classes}")
    val_order = torch.randperm(len(val_labels), generator=torch.Generator().manual_seed(0))
    val_images, val_labels = val_images[val_order], val_labels[val_order]

    initial = torch.load(args.init, map_location="cpu") if args.init else None
    if initial and (initial["arch"], initial["config"]["input_size"]) != (args.arch, args.input_size):
        raise ValueError(f"--init {args.init} is a {initial['arch']} at {initial['config']['input_size']} px: "
                         f"pass --arch {initial['arch']} --input-size {initial['config']['input_size']}")
    config = model_config(args, len(classes))
    if initial:  # fine-tuning keeps the architecture; the trained k is this run's
        ignored = sorted(key for key in config if key != "glances" and config[key] != initial["config"].get(key))
        if ignored and is_main():
            print(f"--init: the architecture is {args.init}'s; ignoring this run's {', '.join(ignored)}", flush=True)
        config = {**initial["config"], **({"glances": config["glances"]} if args.arch == "s3ta" else {})}
    torch.manual_seed(args.seed)  # here, after data loading, which may draw from the global generator
    net = build(args.arch, config)
    if initial:
        net.load_state_dict(initial["model"])
    net = net.to(device)
    model = torch.nn.parallel.DistributedDataParallel(net) if dist.is_initialized() else net
    world = dist.get_world_size() if dist.is_initialized() else 1
    lr = args.lr * args.batch_size * world / 128
    optimizer = torch.optim.SGD(parameter_groups(net, args), lr=lr, momentum=args.momentum, nesterov=True)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda(args, len(loader)))
    start_epoch, best, elapsed = 0, 0.0, 0.0
    if args.resume:
        checkpoint = torch.load(out / "checkpoint.pt", map_location=device)
        net.load_state_dict(checkpoint["model"])
        if len(checkpoint["optimizer"]["param_groups"]) == len(optimizer.param_groups):
            optimizer.load_state_dict(checkpoint["optimizer"])
        else:  # saved before --attention-wd split the parameters: momentum starts afresh
            print("resume: the checkpoint's optimizer has other parameter groups; starting its momentum afresh", flush=True)
        scheduler.load_state_dict(checkpoint["scheduler"])
        start_epoch, best, elapsed = checkpoint["epoch"] + 1, checkpoint["best"], checkpoint["seconds"]
    generator = torch.Generator().manual_seed(args.seed + (dist.get_rank() if dist.is_initialized() else 0))
    if args.resume:
        generator.set_state(checkpoint["rng"])

    for epoch in range(start_epoch, args.epochs):
        if dist.is_initialized():
            loader.sampler.set_epoch(epoch)
        else:
            loader.sampler.generator = torch.Generator().manual_seed(args.seed * 1000 + epoch)
        started = time.time()
        row = dict(epoch=epoch, k=[list(stage) for stage in args.curriculum] if args.curriculum else list(args.glances))
        row.update(train_one_epoch(args, model, net, loader, optimizer, scheduler, epoch, device, generator))
        if is_main():
            row.update(evaluate(args, net, val_images, val_labels, device, torch.Generator().manual_seed(epoch)))
            row["seconds"] = time.time() - started
            elapsed += row["seconds"]
            row["total_seconds"] = elapsed
            is_best = row["val_pgd10_acc"] >= best
            best = max(best, row["val_pgd10_acc"])
            save_checkpoint(dict(epoch=epoch, arch=args.arch, config=config, classes=classes, model=net.state_dict(),
                                 dataset=dict(name=root.name, train_images=len(loader.dataset), classes=len(classes)),
                                 machine=machine_name(device, world),
                                 optimizer=optimizer.state_dict(), scheduler=scheduler.state_dict(), best=best,
                                 seconds=elapsed, rng=generator.get_state(), args=vars(args)), out, is_best)
            with open(out / "log.jsonl", "a") as log:
                log.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)
        if args.dry_run or (args.stop_after and epoch + 1 - start_epoch >= args.stop_after):
            break
    if dist.is_initialized():
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
