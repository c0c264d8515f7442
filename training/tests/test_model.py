import math

import pytest
import torch

from training.model import ResNet, ResNetConfig, S3ta, S3taConfig, count_macs, spatial_basis

SMALL = S3taConfig(input_size=32, stem_width=8, widths=(8, 16, 16), c_k=8, hidden=16, query_hidden=16,
                   readout_hidden=16, classes=5)


def test_spatial_basis_matches_the_formula():
    h, w, U = 6, 5, 3
    basis = spatial_basis(h, w, U)
    assert basis.shape == (U * U, h, w)
    for u in range(1, U + 1):
        for v in range(1, U + 1):
            for i in range(h):
                for j in range(w):
                    expected = math.cos(math.pi * u * i / h) * math.cos(math.pi * v * j / w)
                    assert basis[(u - 1) * U + (v - 1), i, j].item() == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("k", range(1, 17))
def test_shapes_for_every_k(k):
    torch.manual_seed(0)
    model = S3ta(SMALL).eval()
    logits, attention = model(torch.rand(2, 3, 32, 32), k)
    assert logits.shape == (2, k, 5)
    assert attention.shape == (2, k, SMALL.heads, 4, 4)


def test_attention_sums_to_one_per_head_and_glance():
    torch.manual_seed(0)
    _, attention = S3ta(SMALL).eval()(torch.rand(3, 3, 32, 32), 6)
    assert torch.allclose(attention.sum((3, 4)), torch.ones(3, 6, SMALL.heads), atol=1e-5)
    assert (attention >= 0).all()


def test_default_k_and_output_stride_8():
    model = S3ta(S3taConfig(classes=10)).eval()
    logits, attention = model(torch.rand(1, 3, 128, 128))
    assert logits.shape == (1, 4, 10) and attention.shape[-2:] == (16, 16)


def test_wrong_input_size_names_the_sizes():
    with pytest.raises(ValueError, match="input must be 32x32, got \\(64, 64\\)"):
        S3ta(SMALL)(torch.rand(1, 3, 64, 64))


def test_glances_depend_on_earlier_answers():
    torch.manual_seed(0)
    logits, attention = S3ta(SMALL).eval()(torch.rand(1, 3, 32, 32), 3)
    assert not torch.allclose(logits[:, 0], logits[:, 1])


def test_baseline_shapes_and_macs_are_counted():
    resnet = ResNet(ResNetConfig(input_size=32, stem_width=8, widths=(8, 16, 32), classes=5)).eval()
    x = torch.rand(2, 3, 32, 32)
    assert resnet(x).shape == (2, 5)
    assert count_macs(resnet, x) > 0
    assert count_macs(S3ta(SMALL), x, k=8) > count_macs(S3ta(SMALL), x, k=1)


def test_each_glance_counts_its_query_net_attention_lstm_and_readout():
    c, x = SMALL, torch.rand(2, 3, 32, 32)
    key, answer, hw = c.c_k + c.basis_size ** 2, c.c_v + c.basis_size ** 2, c.map_size ** 2
    per_glance = (c.hidden * c.query_hidden + c.query_hidden * c.heads * key  # query net
                  + c.heads * hw * (key + answer)  # q . K and A V
                  + 4 * c.hidden * (c.heads * answer + c.hidden)  # LSTM step
                  + c.hidden * c.readout_hidden + c.readout_hidden * c.classes)  # readout
    model = S3ta(SMALL)
    assert count_macs(model, x, k=3) - count_macs(model, x, k=2) == per_glance


def test_the_lstm_step_is_pytorchs_lstm_cell_and_the_exported_fold_keeps_the_forget_bias():
    """Without a forget bias the written-out step is nn.LSTMCell's (gate order i, f, g, o, as src/engine/s3ta.ts
    reads it); with one, export's fold into bias_hh gives nn.LSTMCell the same network."""
    from training.export import fold_options
    torch.manual_seed(0)
    plain, biased = S3ta(SMALL).eval(), S3ta(S3taConfig(**{**SMALL.to_dict(), "forget_bias": 1.0})).eval()
    biased.load_state_dict(plain.state_dict())
    x, state = torch.randn(3, plain.core.input_size), (torch.randn(3, SMALL.hidden), torch.randn(3, SMALL.hidden))
    with torch.no_grad():
        for ours, cells in zip(plain.lstm_step(x, state), plain.core(x, state)):
            assert torch.allclose(ours, cells, atol=1e-6)
        biased_step = biased.lstm_step(x, state)
        assert not torch.allclose(biased_step[1], plain.lstm_step(x, state)[1], atol=1e-3)
        assert "forget_bias" not in fold_options(biased, biased.config.to_dict())
        for ours, cells in zip(biased_step, biased.core(x, state)):  # the folded bias in nn.LSTMCell
            assert torch.allclose(ours, cells, atol=1e-6)


def test_an_attention_temperature_divides_the_logits_and_exports_folded_into_the_query_net():
    """The ablation option T: softmax(q . K / T); export folds 1 / T into the query net's last layer, so the app's
    engine (no temperature) runs the same network."""
    from training.export import fold_options
    torch.manual_seed(0)
    plain, tempered = S3ta(SMALL).eval(), S3ta(S3taConfig(**{**SMALL.to_dict(), "attention_temperature": 0.25})).eval()
    tempered.load_state_dict(plain.state_dict())
    x = torch.rand(2, 3, SMALL.input_size, SMALL.input_size)
    keys, _ = plain.keys_and_values(x)
    query = torch.randn(2, SMALL.heads, keys.shape[-1])
    with torch.no_grad():
        assert torch.allclose(tempered.attention_logits(query, keys), 4 * plain.attention_logits(query, keys), atol=1e-5)
        logits, attention = tempered(x, 3)
        assert not torch.allclose(attention, plain(x, 3)[1], atol=1e-3)
        config = fold_options(tempered, tempered.config.to_dict())
        assert "attention_temperature" not in config
        folded = S3ta(S3taConfig.from_dict(config)).eval()
        folded.load_state_dict(tempered.state_dict())
        folded_logits, folded_attention = folded(x, 3)
    assert torch.allclose(folded_attention, attention, atol=1e-5)
    assert torch.allclose(folded_logits, logits, atol=1e-5)
    with pytest.raises(ValueError, match="attention_temperature"):
        S3ta(S3taConfig(**{**SMALL.to_dict(), "attention_temperature": 0.0}))
