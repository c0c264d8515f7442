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


def test_a_query_net_that_ignores_the_state_passes_no_change_to_the_attention():
    """With the query net's last layer zero the query is its bias whatever the state: the state still moves, yet the
    query, the logits and the attention stay put, and the net's gain is 0 along every direction."""
    torch.manual_seed(0)
    model = S3ta(SMALL).eval()
    with torch.no_grad():
        model.query_net[2].weight.zero_()
    report = dynamics(model, torch.rand(3, 3, 32, 32), k=4, at=2, jacobians=1)
    assert min(report["state_change"]) > 0
    assert report["query_change"] == report["logit_change"] == report["attention_tv"] == [0.0] * 3
    assert report["query_gain_along_step"] == report["query_gain_random"] == 0.0


def test_a_linear_query_net_has_its_weights_gain():
    """With the ReLU's input kept positive the query net is W2 W1 near the state: its gain along any unit direction
    v is |W2 W1 v|, so along random directions it averages about the Frobenius norm / sqrt(hidden)."""
    torch.manual_seed(0)
    model = S3ta(SMALL).eval()
    with torch.no_grad():
        model.query_net[0].bias.fill_(100.0)  # far from the ReLU's kink for any |h| < 1
    report = dynamics(model, torch.rand(3, 3, 32, 32), k=4, at=2, jacobians=1)
    linear = model.query_net[2].weight @ model.query_net[0].weight  # [heads * dk, hidden]
    expected = (linear.norm() / math.sqrt(SMALL.hidden)).item()
    assert report["query_gain_random"] == pytest.approx(expected, rel=0.2)
    assert 0 < report["query_gain_along_step"] <= torch.linalg.matrix_norm(linear, 2).item() + 1e-3
    # the TV of a softmax moves no more than half the spread of the logits' change (a first-order bound, with slack)
    assert all(t <= s for t, s in zip(report["attention_tv"], report["logit_change"]))
