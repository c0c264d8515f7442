"""L-inf attacks on images in [0, 1], mirrored by src/engine/attacks.ts (same names, arguments and defaults).

Shape: x [B, 3, H, W] in [0, 1]; labels, target [B] int64; forward(x) -> logits [B, classes].
Every loss here is one the attack ascends. ATTACKS, at the bottom, registers each attack for training.evaluate:
adding one is its function here and its entry there.
"""
from dataclasses import dataclass
from typing import Callable

import torch
import torch.nn.functional as F


def attack_loss(logits, labels, target=None):
    """Per-example PGD loss: CE(logits, labels) untargeted, -CE(logits, target) targeted. -> [B]"""
    if target is None:
        return F.cross_entropy(logits, labels, reduction="none")
    return -F.cross_entropy(logits, target, reduction="none")


def margin_loss(logits, labels, target=None):
    """Per-example SPSA loss (Uesato et al. 2018): max_{j != y} z_j - z_y untargeted,
    z_t - max_{j != t} z_j targeted. Positive means the attack succeeded. -> [B]"""
    cls = labels if target is None else target
    z_cls = logits.gather(1, cls[:, None])[:, 0]
    z_other = logits.masked_fill(F.one_hot(cls, logits.shape[1]).bool(), float("-inf")).amax(1)
    return z_other - z_cls if target is None else z_cls - z_other


def project(x_adv, x, eps):
    """Clip x_adv into the eps-ball around x, then into [0, 1]."""
    return torch.min(torch.max(x_adv, x - eps), x + eps).clamp(0, 1)


def random_target(labels, classes, generator=None):
    """A target drawn uniformly from the classes other than each label. -> [B]"""
    offset = torch.randint(1, classes, labels.shape, generator=generator, device="cpu").to(labels.device)
    return (labels + offset) % classes


def pgd(forward, x, labels, eps=16 / 255, steps=10, step_size=2 / 255, target=None, random_start=True,
        generator=None):
    """Projected gradient descent, Madry et al. 2018: x <- project(x + step_size * sign(grad attack_loss)).
    Targeted when target is given, else untargeted. Returns the adversarial images [B, 3, H, W]."""
    x = x.detach()
    x_adv = x.clone()
    if random_start and eps > 0:
        noise = torch.rand(x.shape, generator=generator, device="cpu").to(x.device)
        x_adv = project(x + (2 * noise - 1) * eps, x, eps)
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = attack_loss(forward(x_adv), labels, target).sum()
        grad, = torch.autograd.grad(loss, x_adv)
        x_adv = project(x_adv.detach() + step_size * grad.sign(), x, eps)
    return x_adv.detach()


def fgsm(forward, x, labels, eps=16 / 255, target=None):
    """Fast gradient sign method, Goodfellow et al. 2015: one step x <- project(x + eps * sign(grad attack_loss)),
    no random start; PGD with steps=1, step_size=eps. Targeted when target is given, else untargeted.
    Returns the adversarial images [B, 3, H, W]."""
    return pgd(forward, x, labels, eps, steps=1, step_size=eps, target=target, random_start=False)


@torch.no_grad()
def spsa(forward, x, labels, eps=16 / 255, steps=100, samples=32, delta=0.01, lr=0.01, target=None,
         optimizer="adam", generator=None):
    """SPSA, Uesato et al. 2018: the gradient of margin_loss estimated from `samples` antithetic pairs of
    Rademacher directions, g = mean_s (L(x + delta v_s) - L(x - delta v_s)) / (2 delta) v_s, then an Adam
    (or signed, optimizer='sign') ascent step of size lr and a projection. Gradient-free: forward only.
    Returns the adversarial images [B, 3, H, W]."""
    if optimizer not in ("adam", "sign"):
        raise ValueError(f"unknown optimizer {optimizer!r}; valid: 'adam', 'sign'")
    B = x.shape[0]
    x_adv = x.clone()
    m = torch.zeros_like(x)
    v = torch.zeros_like(x)
    beta1, beta2 = 0.9, 0.999
    for t in range(1, steps + 1):
        signs = torch.randint(0, 2, (B, samples) + x.shape[1:], generator=generator, device="cpu")
        directions = (2 * signs - 1).to(x)  # [B, samples, 3, H, W]
        probes = torch.cat([x_adv[:, None] + delta * directions, x_adv[:, None] - delta * directions], 1)
        probe_labels = labels.repeat_interleave(2 * samples)
        probe_target = None if target is None else target.repeat_interleave(2 * samples)
        losses = margin_loss(forward(probes.flatten(0, 1)), probe_labels, probe_target).view(B, 2 * samples)
        diff = (losses[:, :samples] - losses[:, samples:]) / (2 * delta)  # [B, samples]
        grad = (diff[:, :, None, None, None] * directions).mean(1)
        if optimizer == "sign":
            step = grad.sign()
        else:
            m = beta1 * m + (1 - beta1) * grad
            v = beta2 * v + (1 - beta2) * grad ** 2
            step = (m / (1 - beta1 ** t)) / ((v / (1 - beta2 ** t)).sqrt() + 1e-8)
        x_adv = project(x_adv + lr * step, x, eps)
    return x_adv


@dataclass(frozen=True)
class Attack:
    """A registered attack. label: its display name ('PGD'); run(forward, x, labels, target, generator, **params)
    -> x_adv [B, 3, H, W], target [B] or None; params: the settings the protocol passes to run, by name;
    gradient_free: it needs forward passes only (and so many of them that it attacks fewer images)."""
    label: str
    run: Callable
    params: tuple
    gradient_free: bool = False


ATTACKS = {
    "pgd": Attack("PGD", lambda forward, x, labels, target, generator, **params: pgd(
        forward, x, labels, target=target, random_start=True, generator=generator, **params),
        ("eps", "steps", "step_size")),
    "spsa": Attack("SPSA", lambda forward, x, labels, target, generator, **params: spsa(
        forward, x, labels, target=target, optimizer="adam", generator=generator, **params),
        ("eps", "steps", "samples", "delta", "lr"), gradient_free=True),
    "fgsm": Attack("FGSM", lambda forward, x, labels, target, generator, **params: fgsm(
        forward, x, labels, target=target, **params), ("eps",)),
}
