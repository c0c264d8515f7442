"""The loss landscape (section 5.3): the shared random generator, the plane fit, and the grid on a toy model."""
import pytest
import torch

from training.landscape import landscape, mulberry32, plane_r2, rademacher
from training.model import S3ta, S3taConfig


def test_mulberry32_draws_what_the_browser_draws():
    draw = mulberry32(7)  # src/engine/attacks.ts seededRandom(7), printed by Vitest
    assert [draw() for _ in range(5)] == pytest.approx(
        [0.011704753153026104, 0.06195825757458806, 0.97690763277933, 0.6990287057124078, 0.5214452685322613], abs=1e-15)
    r = rademacher((4, 5), 7)
    assert r.shape == (1, 3, 4, 5) and set(r.unique().tolist()) == {-1.0, 1.0}
    assert r[0, :, 0, 0].tolist() == [-1.0, -1.0, 1.0]  # NHWC order: the first pixel's R, G, B from the first draws


def test_plane_r2_is_one_on_a_plane_and_less_on_a_bowl():
    a, b = torch.meshgrid(torch.linspace(-1, 1, 9), torch.linspace(-1, 1, 9), indexing="ij")
    a, b = a.flatten(), b.flatten()
    assert plane_r2(a, b, 3 + 2 * a - b) == pytest.approx(1.0)
    assert plane_r2(a, b, a ** 2 + b ** 2) < 0.1


def test_the_grid_is_centred_on_the_clean_loss():
    torch.manual_seed(0)
    model = S3ta(S3taConfig(input_size=32, stem_width=8, widths=(8, 16, 16), c_k=8, hidden=16, query_hidden=16,
                            readout_hidden=16, classes=3)).eval()
    x = torch.rand(1, 3, 32, 32)
    out = landscape(model, x, label=1, k=2, eps=8 / 255, grid=5, seed=3)
    assert len(out["loss"]) == 5 and len(out["loss"][0]) == 5 and out["offsets"][2] == pytest.approx(0)
    with torch.no_grad():
        clean = torch.nn.functional.cross_entropy(model(x, 2)[0][:, -1], torch.tensor([1])).item()
    assert out["loss"][2][2] == pytest.approx(clean, abs=1e-5)
    assert 0 <= out["r2"] <= 1
