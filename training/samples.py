"""Writes the app's sample gallery: 12 Imagenette val images that have ImageNet object boxes, one or two per
class, as small JPEGs in public/samples/ with index.json (class, boxes in [0, 1] image coordinates).

    python3 -m training.samples            # ImageNet terms apply to the images: research and education only

An image is picked when its boxes cover at most MAX_AREA of it (so "is the attention on the object" means
something), the first such in boxes.csv order; classes with the most boxed images give a second one.
"""
import argparse
import json
from pathlib import Path

from PIL import Image

from training.attention_metrics import cell_masks, load_boxes
from training.data import class_names, find_data

MAX_AREA = 0.6
PER_CLASS = {"n03000684": 2, "n03445777": 2}  # the classes with the most boxed val images
QUALITY = 88


def box_area(boxes, size: int) -> float:
    """Share of the image inside any box, from a fine grid."""
    return cell_masks([boxes], size, 56)[0].float().mean().item()


def pick(root: Path, size: int = 224) -> list:
    chosen, taken = [], {}
    for path, boxes in load_boxes(root, size):
        wnid = Path(path).parent.name
        if taken.get(wnid, 0) >= PER_CLASS.get(wnid, 1) or box_area(boxes, size) > MAX_AREA:
            continue
        taken[wnid] = taken.get(wnid, 0) + 1
        chosen.append((path, boxes))
    return chosen


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=None, help="(default: ../shared/data/imagenette)")
    p.add_argument("--out", default="public/samples", help="(default: public/samples)")
    args = p.parse_args(argv)
    root, out = find_data(args.data), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    names = class_names(root)
    index = []
    for path, boxes in pick(root):
        wnid, stem = Path(path).parent.name, Path(path).stem
        file = f"{wnid}-{stem.split('_')[-1]}.jpg"
        with Image.open(root / path) as im:
            im.convert("RGB").save(out / file, quality=QUALITY)
        index.append(dict(id=file.removesuffix(".jpg"), file=file, wnid=wnid, label=names.get(wnid, wnid),
                          source=f"ImageNet ILSVRC2012 val ({Path(path).name}) via Imagenette",
                          boxes=[[round(v / 224, 4) for v in box] for box in boxes.tolist()]))
    (out / "index.json").write_text(json.dumps(dict(
        licence="ImageNet images: for non-commercial research and educational use only (image-net.org terms); "
                "object boxes: ImageNet ILSVRC2012 validation annotations.", samples=index), indent=1))
    print(f"wrote {len(index)} samples to {out}")


if __name__ == "__main__":
    main()
