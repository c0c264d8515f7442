import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as training/__init__.py sets it, before torch loads OpenBLAS
import pytest  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
torch.set_num_threads(1)

@pytest.fixture(scope="session")
def image_folder(tmp_path_factory):
    """A 2-class ImageFolder (train/ and val/, 6 and 2 images a class) of plain coloured 40x40 JPEGs."""
    root = tmp_path_factory.mktemp("data")
    for split, count in (("train", 6), ("val", 2)):
        for c, wnid in enumerate(("n0000001", "n0000002")):
            (root / split / wnid).mkdir(parents=True)
            for i in range(count):
                colour = (200 * c + 20 * i, 100, 255 - 200 * c)
                Image.new("RGB", (40, 40), colour).save(root / split / wnid / f"{i}.JPEG")
    (root / "classes.tsv").write_text("wnid\tname\nn0000001\tred thing\nn0000002\tblue thing\n")
    return root
