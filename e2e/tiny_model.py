"""A test fixture, never a model: an untrained (random-weights) S3TA with its own config -- 2 heads, 64 px input,
5 classes, small widths -- exported by training.export as a trained one would be, for e2e/byom.spec.ts.

    PYTHONPATH=. /usr/bin/python3 e2e/tiny_model.py OUT_DIR     # writes OUT_DIR/tiny-s3ta/
"""
import sys
from pathlib import Path

import torch

from training import export
from training.model import S3taConfig

CONFIG = S3taConfig(input_size=64, stem_width=8, widths=(8, 16, 16), c_k=8, basis_size=4, hidden=16, query_hidden=16,
                    readout_hidden=16, heads=2, classes=5, glances=4).to_dict()
CLASSES = ["n0000001", "n0000002", "n0000003", "n0000004", "n0000005"]


def main(out: Path):
    torch.manual_seed(0)
    model = export.build("s3ta", CONFIG)
    data = out / "data"  # export reads class names from the data root's classes.tsv
    data.mkdir(parents=True, exist_ok=True)
    (data / "classes.tsv").write_text("wnid\tname\n" + "".join(f"{wnid}\ttest class {i + 1}\n" for i, wnid in enumerate(CLASSES)))
    checkpoint = dict(arch="s3ta", config=CONFIG, classes=CLASSES, model=model.state_dict(), epoch=-1, seconds=0,
                      args=dict(attack_steps=3, eps=16 / 255, note="untrained e2e fixture"),
                      dataset=dict(name="none (untrained)", train_images=0, classes=len(CLASSES)), machine="the test")
    torch.save(checkpoint, out / "checkpoint.pt")
    export.export(out / "checkpoint.pt", out / "tiny-s3ta", data)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
