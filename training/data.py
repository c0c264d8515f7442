"""Image folders (ImageFolder layout: <root>/<split>/<wnid>/*.JPEG) as uint8 tensors at the model's input size.

Each image is resized whole to size x size: the same framing the app and CLI give an image already cropped
square. load_split decodes a small set (Imagenette) once into one cached tensor file; for a large one
(ImageNet) train.py streams ImageFolderTensors through a DataLoader instead (--stream).
"""
import os
from pathlib import Path

import torch
from PIL import Image, ImageOps

DEFAULT_DATA = "shared/data/imagenette"


def find_data(path=None) -> Path:
    """The data root: `path` if given, else the first ../shared/data/imagenette above this package."""
    if path:
        return Path(path)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / DEFAULT_DATA
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no {DEFAULT_DATA} above {Path(__file__).parent}; pass --data")


def class_names(root: Path) -> dict:
    """wnid -> name from classes.tsv, where there is one."""
    tsv = root / "classes.tsv"
    if not tsv.exists():
        return {}
    rows = [line.split("\t") for line in tsv.read_text().splitlines()[1:] if line.strip()]
    return {wnid: name for wnid, name in rows}


def load_image(path, size: int) -> torch.Tensor:
    """An image file as uint8 [3, size, size]: EXIF orientation applied (as the app and CLI do), RGB, centre square
    crop, bilinear resize unless it is already size x size."""
    with Image.open(path) as im:
        im = ImageOps.exif_transpose(im).convert("RGB")
        w, h = im.size
        s = min(w, h)
        im = im.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s))
        if im.size != (size, size):
            im = im.resize((size, size), Image.BILINEAR)
        return torch.frombuffer(bytearray(im.tobytes()), dtype=torch.uint8).view(size, size, 3).permute(2, 0, 1).clone()


class ImageFolderTensors(torch.utils.data.Dataset):
    """(uint8 [3, size, size], class index) pairs, classes in sorted wnid order."""

    def __init__(self, split_dir, size: int, limit_per_class=None):
        split_dir = Path(split_dir)
        self.classes = sorted(d.name for d in split_dir.iterdir() if d.is_dir())
        if not self.classes:
            raise FileNotFoundError(f"no class folders in {split_dir}")
        self.samples = []
        for index, wnid in enumerate(self.classes):
            files = sorted(f for f in (split_dir / wnid).iterdir() if f.is_file())
            self.samples += [(f, index) for f in files[:limit_per_class]]
        self.size = size

    def __len__(self):
        return len(self.samples)

    def __getitem__(self, i):
        path, label = self.samples[i]
        return load_image(path, self.size), label


def load_split(root, split: str, size: int, cache_dir=".cache", limit_per_class=None):
    """All of <root>/<split> as (images uint8 [N, 3, size, size], labels int64 [N], wnids), cached on disk."""
    dataset = ImageFolderTensors(Path(root) / split, size, limit_per_class)
    cache = Path(cache_dir) / f"{Path(root).name}-{split}-{size}-{limit_per_class or 'all'}-{len(dataset)}.pt"
    if cache.exists():
        images, labels = torch.load(cache)
    else:
        loader = torch.utils.data.DataLoader(dataset, batch_size=256, num_workers=min(4, os.cpu_count() or 1))
        batches = list(loader)
        images = torch.cat([b[0] for b in batches])
        labels = torch.cat([b[1] for b in batches])
        cache.parent.mkdir(parents=True, exist_ok=True)
        torch.save((images, labels), cache)
    return images, labels, dataset.classes
