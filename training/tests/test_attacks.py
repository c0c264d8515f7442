import torch

from training.attacks import margin_loss, pgd, project, random_target, spsa


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
