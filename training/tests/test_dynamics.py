import math

import pytest
import torch

from training.ablations.dynamics import dynamics
from training.model import S3ta, S3taConfig

SMALL = S3taConfig(input_size=32, stem_width=8, widths=(8, 16, 16), c_k=8, hidden=16, query_hidden=16,
                   readout_hidden=16, classes=5)


@pytest.mark.parametrize("forget_bias", [0.0, 1.0])
def test_a_core_that_only_forgets_contracts_at_its_forget_gate(forget_bias):
    """With the LSTM's weights and biases zero, c' = sigmoid(forget_bias) c + sigmoid(0) tanh(0) = f c: the map's
    Jacobian has eigenvalues f (the cell) and 0 (h depends on c alone), so its spectral radius is f."""
    torch.manual_seed(0)
    model = S3ta(S3taConfig(**{**SMALL.to_dict(), "forget_bias": forget_bias})).eval()
    with torch.no_grad():
        for p in model.core.parameters():
            p.zero_()
        model.c0.fill_(0.5)
    f = 1 / (1 + math.exp(-forget_bias))
    report = dynamics(model, torch.rand(3, 3, 32, 32), k=4, at=2, jacobians=2)
    assert report["forget_gate"] == [round(f, 3)] * 4
    assert report["spectral_radius"] == pytest.approx([f, f], abs=1e-3)
