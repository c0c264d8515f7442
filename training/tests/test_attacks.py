import pytest
import torch

from training.attacks import ATTACKS, fgsm, margin_loss, pgd, project, random_target, spsa
from training.evaluate import PROTOCOL, attack_label, check_protocol, evaluate_attack, run_attack


class Linear2:
    """A fixed 2-class linear model on 3x8x8 images: z = [s, -s], s = w . (x - 0.5), w in {-1, 1}."""

    def __init__(self):
        self.w = torch.where(torch.rand(3, 8, 8, generator=torch.Generator().manual_seed(0)) < 0.5, -1.0, 1.0)
        self.classes = 2

    def __call__(self, x):
        s = ((x - 0.5) * self.w).flatten(1).sum(1) / 8
        return torch.stack([s, -s], 1)


def data(n=64):
    x = torch.rand(n, 3, 8, 8, generator=torch.Generator().manual_seed(1))
    return x, Linear2()(x).argmax(1)


def test_pgd_stays_in_the_eps_ball_and_the_unit_box():
    x, y = data()
    for target in (None, 1 - y):
        x_adv = pgd(Linear2(), x, y, eps=8 / 255, steps=7, step_size=3 / 255, target=target)
        assert (x_adv - x).abs().max() <= 8 / 255 + 1e-6
        assert x_adv.min() >= 0 and x_adv.max() <= 1


def test_eps_zero_returns_the_input():
    x, y = data()
    assert torch.equal(pgd(Linear2(), x, y, eps=0, steps=5), x)
    assert torch.equal(spsa(Linear2(), x, y, eps=0, steps=3, samples=4), x)


def test_targeted_pgd_reaches_the_target():
    x, y = data()
    target = 1 - y
    x_adv = pgd(Linear2(), x, y, eps=16 / 255, steps=10, step_size=2 / 255, target=target)
    assert (Linear2()(x_adv).argmax(1) == target).float().mean() >= 0.7


def test_untargeted_pgd_drops_accuracy_below_half():
    x, y = data()
    x_adv = pgd(Linear2(), x, y, eps=16 / 255, steps=10, step_size=2 / 255)
    assert (Linear2()(x_adv).argmax(1) == y).float().mean() < 0.5


def test_targeted_spsa_reaches_the_target_without_gradients():
    x, y = data(32)
    target = 1 - y
    g = torch.Generator().manual_seed(0)
    x_adv = spsa(Linear2(), x, y, eps=16 / 255, steps=20, samples=16, lr=0.01, target=target, generator=g)
    assert (x_adv - x).abs().max() <= 16 / 255 + 1e-6
    assert (Linear2()(x_adv).argmax(1) == target).float().mean() >= 0.7


def test_margin_loss_is_positive_exactly_when_the_attack_succeeds():
    logits = torch.tensor([[3.0, 1.0, 0.0], [0.0, 2.0, 1.0]])
    labels = torch.tensor([0, 1])
    assert torch.equal(margin_loss(logits, labels) > 0, torch.tensor([False, False]))
    assert torch.equal(margin_loss(logits, labels, torch.tensor([1, 1])) > 0, torch.tensor([False, True]))


def test_random_target_never_equals_the_label_and_covers_the_others():
    labels = torch.zeros(2000, dtype=torch.long)
    targets = random_target(labels, 4, torch.Generator().manual_seed(0))
    assert (targets != labels).all()
    assert set(targets.tolist()) == {1, 2, 3}


def test_project_clips_to_both_constraints():
    x = torch.tensor([0.0, 0.5, 1.0])
    assert torch.allclose(project(torch.tensor([-1.0, 0.9, 2.0]), x, 0.1), torch.tensor([0.0, 0.6, 1.0]))


def test_fgsm_is_one_pgd_step_of_size_eps_without_random_start():
    x, y = data()
    for target in (None, 1 - y):
        expected = pgd(Linear2(), x, y, eps=8 / 255, steps=1, step_size=8 / 255, target=target, random_start=False)
        assert torch.equal(fgsm(Linear2(), x, y, eps=8 / 255, target=target), expected)


def test_fgsm_stays_in_the_eps_ball_and_moves_to_its_edge():
    x, y = data()
    x_adv = fgsm(Linear2(), x, y, eps=8 / 255, target=1 - y)
    assert (x_adv - x).abs().max() <= 8 / 255 + 1e-6
    assert x_adv.min() >= 0 and x_adv.max() <= 1
    inside = (x > 8 / 255) & (x < 1 - 8 / 255)
    assert torch.allclose((x_adv - x).abs()[inside], torch.tensor(8 / 255))


@pytest.mark.parametrize("kind", list(ATTACKS))
@pytest.mark.parametrize("targeted", [True, False])
def test_every_registered_attack_runs_from_protocol_settings_within_eps(kind, targeted):
    x, y = data(8)
    settings = dict(eps=8 / 255, steps=3, step_size=2 / 255, samples=4, delta=0.01, lr=0.01)
    params = {name: settings[name] for name in ATTACKS[kind].params}
    target = 1 - y if targeted else None
    x_adv = ATTACKS[kind].run(Linear2(), x, y, target, torch.Generator().manual_seed(0), **params)
    assert x_adv.shape == x.shape
    assert (x_adv - x).abs().max() <= 8 / 255 + 1e-6
    assert x_adv.min() >= 0 and x_adv.max() <= 1


def test_every_protocol_kind_is_registered_with_its_params():
    check_protocol(PROTOCOL)
    assert {settings["kind"] for settings in PROTOCOL.values()} <= set(ATTACKS)
    with pytest.raises(ValueError, match="unknown attack kind"):
        check_protocol({"cw": dict(kind="cw", targeted=True, eps=1 / 255)})
    with pytest.raises(ValueError, match="needs"):
        check_protocol({"pgd": dict(kind="pgd", targeted=True, eps=1 / 255)})


def test_attack_labels_come_from_the_registry_and_settings():
    assert attack_label(PROTOCOL["pgd10_targeted"]) == "Targeted PGD-10, ε 16/255"
    assert attack_label(PROTOCOL["pgd200_untargeted_eps4"]) == "Untargeted PGD-200, ε 4/255"
    assert attack_label(PROTOCOL["spsa_targeted"]) == "Targeted SPSA-20, ε 16/255"
    assert attack_label(PROTOCOL["fgsm_targeted"]) == "Targeted FGSM, ε 16/255"
    assert attack_label(dict(kind="pgd", targeted=False, eps=0.5 / 255, steps=7)) == "Untargeted PGD-7, ε 0.5/255"


class Linear5:
    """A fixed 5-class linear model on 3x8x8 images."""

    def __init__(self):
        self.w = torch.randn(5, 3 * 8 * 8, generator=torch.Generator().manual_seed(2)) / 8
        self.classes = 5

    def __call__(self, x):
        return (x - 0.5).flatten(1) @ self.w.T


def test_evaluate_attack_keeps_each_outcome_and_aims_every_targeted_attack_at_the_same_targets():
    images = (torch.rand(12, 3, 8, 8, generator=torch.Generator().manual_seed(3)) * 255).to(torch.uint8)
    model = Linear5()
    labels = model(images.float() / 255).argmax(1)
    strong = dict(kind="pgd", targeted=True, eps=1.0, steps=20, step_size=0.2)  # reaches any target on this model
    results = [evaluate_attack(model, images, labels, settings, seed=0, batch_size=5)
               for settings in (strong, dict(strong, steps=30), dict(kind="spsa", targeted=True, eps=16 / 255, steps=2,
                                                                          samples=4, delta=0.01, lr=0.01))]
    for result in results:
        assert len(result["hit"]) == len(result["correct"]) == 12 and set(result["hit"]) <= {"0", "1"}
        assert result["hit"].count("1") == round(12 * result["success"]["value"])
        assert result["correct"].count("1") == round(12 * result["top1"]["value"])
    assert results[0]["hit"] == results[1]["hit"] == "1" * 12  # both strong PGD runs reach their (same) targets
    targets = random_target(labels, 5, torch.Generator().manual_seed(0))
    x_adv = run_attack(model, images.float() / 255, labels, targets, strong, torch.Generator().manual_seed(1))
    assert torch.equal(model(x_adv).argmax(1), targets)  # the targets evaluate_attack drew: one draw for all images
