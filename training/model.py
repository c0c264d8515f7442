"""S3TA, "Towards Robust Image Classification Using Sequential Attention Models" (Zoran et al. 2020),
section 3, and the ResNet baseline it is compared with.

Parts, named as in src/engine/s3ta.ts:
  vision_net    ResNet of basic blocks, output stride 8            x [B, 3, H, W] -> [B, c_k + c_v, h, w]
  keys/values   channel split of the vision net output, each with the spatial basis appended
  spatial_basis S_uv(i, j) = cos(pi u i / h) cos(pi v j / w), u, v = 1..U    [U*U, h, w]
  query_net     MLP  q_t = W2 relu(W1 h_{t-1})                          [B, heads, c_k + U*U]
  attend        A = softmax_{ij}(q . K_ij) per head; a = sum_ij A_ij V_ij     [B, heads, c_v + U*U]
                (q . K_ij / T with attention_temperature T != 1: an ablation option the paper lacks, never shipped)
  core          LSTM (h_t, c_t) = LSTM(concat_heads(a_t), (h_{t-1}, c_{t-1})), forget gate sigmoid(f + forget_bias)
  readout       MLP  logits_t = W4 relu(W3 h_t)                         [B, classes]
"""
import math
from dataclasses import asdict, dataclass
from typing import Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)


class _DictConfig:
    def to_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, d: dict):
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in d.items()})


@dataclass
class S3taConfig(_DictConfig):
    input_size: int = 128          # pixels, square; the vision net map is input_size / 8
    stem_width: int = 32           # two stride-2 3x3 convs: output stride 4
    widths: Tuple[int, ...] = (32, 64, 128)  # residual stages; only the second has stride 2
    blocks: Tuple[int, ...] = (1, 1, 1)      # basic blocks per stage
    c_k: int = 32                  # key channels; values get widths[-1] - c_k
    basis_size: int = 8            # U: U*U Fourier channels appended to keys and values
    hidden: int = 256              # LSTM size (1024 in the paper)
    forget_bias: float = 0.0       # added to the LSTM's forget gate at every glance: 1 in TF's and Sonnet's LSTMs, none in PyTorch's
    attention_temperature: float = 1.0  # NOT in the paper: logits q . K / T, a labelled ablation option (issue 7)
    query_hidden: int = 256        # hidden units of the query net MLP
    readout_hidden: int = 256      # hidden units of the readout MLP
    heads: int = 4
    classes: int = 10
    glances: int = 4               # default k
    mean: Tuple[float, ...] = IMAGENET_MEAN
    std: Tuple[float, ...] = IMAGENET_STD

    @property
    def c_v(self) -> int:
        return self.widths[-1] - self.c_k

    @property
    def map_size(self) -> int:
        return self.input_size // 8


@dataclass
class ResNetConfig(_DictConfig):
    input_size: int = 128
    stem_width: int = 32
    widths: Tuple[int, ...] = (32, 64, 128)
    blocks: Tuple[int, ...] = (1, 1, 1)
    strides: Tuple[int, ...] = (1, 2, 2)  # a standard ResNet downsamples in every stage but the first
    classes: int = 10
    mean: Tuple[float, ...] = IMAGENET_MEAN
    std: Tuple[float, ...] = IMAGENET_STD


class BasicBlock(nn.Module):
    """y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)); shortcut is a 1x1 conv + BN on a shape change."""

    def __init__(self, c_in: int, c_out: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut = nn.Sequential()
        if stride != 1 or c_in != c_out:
            self.shortcut = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class VisionNet(nn.Module):
    """Normalise, stem (two stride-2 convs), then residual stages with the given strides."""

    def __init__(self, stem_width, widths, blocks, strides, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("std", torch.tensor(std).view(1, 3, 1, 1), persistent=False)
        self.stem = nn.Sequential(
            nn.Conv2d(3, stem_width, 3, 2, 1, bias=False), nn.BatchNorm2d(stem_width), nn.ReLU(),
            nn.Conv2d(stem_width, stem_width, 3, 2, 1, bias=False), nn.BatchNorm2d(stem_width), nn.ReLU(),
        )
        stages, c_in = [], stem_width
        for width, n, stride in zip(widths, blocks, strides):
            stages.append(nn.Sequential(*[BasicBlock(c_in if i == 0 else width, width, stride if i == 0 else 1)
                                          for i in range(n)]))
            c_in = width
        self.stages = nn.Sequential(*stages)

    def forward(self, x):
        """x: [B, 3, H, W] in [0, 1] -> [B, widths[-1], H / (4 * prod(strides)), ...]"""
        return self.stages(self.stem((x - self.mean) / self.std))


def spatial_basis(h: int, w: int, U: int) -> torch.Tensor:
    """S_uv(i, j) = cos(pi u i / h) cos(pi v j / w), u, v = 1..U, channel index (u - 1) * U + (v - 1). -> [U*U, h, w]"""
    u = torch.arange(1, U + 1, dtype=torch.float64)
    cos_i = torch.cos(math.pi * u[:, None] * torch.arange(h, dtype=torch.float64)[None] / h)  # [U, h]
    cos_j = torch.cos(math.pi * u[:, None] * torch.arange(w, dtype=torch.float64)[None] / w)  # [U, w]
    return (cos_i[:, None, :, None] * cos_j[None, :, None, :]).reshape(U * U, h, w).float()


class S3ta(nn.Module):
    def __init__(self, config: S3taConfig):
        super().__init__()
        self.config = c = config
        if not 0 < c.c_k < c.widths[-1]:
            raise ValueError(f"c_k must be in (0, {c.widths[-1]}), got {c.c_k}")
        if not c.attention_temperature > 0:
            raise ValueError(f"attention_temperature must be > 0, got {c.attention_temperature}")
        self.vision_net = VisionNet(c.stem_width, c.widths, c.blocks, (1, 2) + (1,) * (len(c.widths) - 2), c.mean, c.std)
        self.register_buffer("basis", spatial_basis(c.map_size, c.map_size, c.basis_size), persistent=False)
        key_size, answer_size = c.c_k + c.basis_size ** 2, c.c_v + c.basis_size ** 2
        self.query_net = nn.Sequential(nn.Linear(c.hidden, c.query_hidden), nn.ReLU(),
                                       nn.Linear(c.query_hidden, c.heads * key_size))
        self.core = nn.LSTMCell(c.heads * answer_size, c.hidden)
        self.h0 = nn.Parameter(torch.zeros(1, c.hidden))
        self.c0 = nn.Parameter(torch.zeros(1, c.hidden))
        self.readout = nn.Sequential(nn.Linear(c.hidden, c.readout_hidden), nn.ReLU(),
                                     nn.Linear(c.readout_hidden, c.classes))

    def keys_and_values(self, x):
        """K = [features[:c_k]; S], V = [features[c_k:]; S], flattened over space.
        x: [B, 3, H, W] -> keys [B, h*w, c_k + U*U], values [B, h*w, c_v + U*U]"""
        features = self.vision_net(x)  # [B, c_k + c_v, h, w]
        B, _, h, w = features.shape
        if (h, w) != tuple(self.basis.shape[1:]):
            raise ValueError(f"vision net map is {h}x{w}, expected {tuple(self.basis.shape[1:])}: "
                             f"input must be {self.config.input_size}x{self.config.input_size}, got {tuple(x.shape[2:])}")
        basis = self.basis.expand(B, -1, -1, -1)  # [B, U*U, h, w]
        keys = torch.cat([features[:, :self.config.c_k], basis], 1).flatten(2).transpose(1, 2)
        values = torch.cat([features[:, self.config.c_k:], basis], 1).flatten(2).transpose(1, 2)
        return keys, values

    def attention_logits(self, query, keys):
        """q . K / T (T = 1 in the paper). query [B, heads, dk], keys [B, hw, dk] -> [B, heads, hw]"""
        return query @ keys.transpose(1, 2) / self.config.attention_temperature

    def attend(self, query, keys, values):
        """A = softmax over locations of the attention logits; answer = sum_locations A V.
        query [B, heads, dk], keys [B, hw, dk], values [B, hw, dv] -> answer [B, heads, dv], attention [B, heads, hw]"""
        attention = torch.softmax(self.attention_logits(query, keys), dim=-1)  # [B, heads, hw]
        return attention @ values, attention

    def glance(self, keys, values, state):
        """One step: query from h_{t-1}, attend, LSTM update, read out.
        Returns logits [B, classes], attention [B, heads, hw], next state (h_t, c_t)."""
        h_prev, c_prev = state
        query = self.query_net(h_prev).view(h_prev.shape[0], self.config.heads, -1)  # [B, heads, c_k + U*U]
        answer, attention = self.attend(query, keys, values)  # [B, heads, c_v + U*U]
        h, c = self.lstm_step(answer.flatten(1), (h_prev, c_prev))
        return self.readout(h), attention, (h, c)

    def lstm_gates(self, x, h):
        """nn.LSTMCell's gate pre-activations (i, f, g, o), with config.forget_bias added to f's."""
        gates = F.linear(x, self.core.weight_ih, self.core.bias_ih) + F.linear(h, self.core.weight_hh, self.core.bias_hh)
        i, f, g, o = gates.chunk(4, 1)
        return i, f + self.config.forget_bias, g, o

    def lstm_step(self, x, state):
        """nn.LSTMCell's step, with config.forget_bias in the forget gate."""
        h, c = state
        i, f, g, o = self.lstm_gates(x, h)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(c), c

    def forward(self, x, k=None):
        """x: [B, 3, H, W] in [0, 1] -> logits [B, k, classes] (the prediction is the last), attention [B, k, heads, h, w]"""
        k = self.config.glances if k is None else k
        keys, values = self.keys_and_values(x)
        B = x.shape[0]
        state = (self.h0.expand(B, -1), self.c0.expand(B, -1))
        logits, attention = [], []
        for _ in range(k):
            logits_t, attention_t, state = self.glance(keys, values, state)
            logits.append(logits_t)
            attention.append(attention_t)
        m = self.config.map_size
        return torch.stack(logits, 1), torch.stack(attention, 1).view(B, k, self.config.heads, m, m)


class ResNet(nn.Module):
    """The baseline: vision net with standard strides, global average pool, linear. forward(x) -> logits [B, classes]."""

    def __init__(self, config: ResNetConfig):
        super().__init__()
        self.config = c = config
        self.vision_net = VisionNet(c.stem_width, c.widths, c.blocks, c.strides, c.mean, c.std)
        self.fc = nn.Linear(c.widths[-1], c.classes)

    def forward(self, x):
        return self.fc(self.vision_net(x).mean((2, 3)))


def build(arch: str, config: dict):
    """arch 's3ta' or 'resnet', config a dict of the matching dataclass's fields."""
    if arch == "s3ta":
        return S3ta(S3taConfig.from_dict(config))
    if arch == "resnet":
        return ResNet(ResNetConfig.from_dict(config))
    raise ValueError(f"unknown arch {arch!r}; valid: 's3ta', 'resnet'")


def classify(model: nn.Module, x: torch.Tensor, k=None) -> torch.Tensor:
    """Final logits [B, classes] of either model: S3TA's last glance, or the ResNet's output."""
    if isinstance(model, S3ta):
        return model(x, k)[0][:, -1]
    return model(x)


def count_macs(model: nn.Module, x: torch.Tensor, **kwargs) -> int:
    """Multiply-accumulates of conv, linear, LSTM step and attention matmuls for one forward of x."""
    total = [0]

    def conv_hook(m, inp, out):
        total[0] += out.numel() * m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1]

    def linear_hook(m, inp, out):
        total[0] += out.numel() * m.in_features

    def lstm_step_macs(x, state):
        batch, hidden = state[0].shape
        total[0] += batch * 4 * hidden * (x.shape[1] + hidden)

    def attend_macs(query, keys, values):
        total[0] += query.shape[0] * query.shape[1] * keys.shape[1] * (keys.shape[2] + values.shape[2])

    handles = [m.register_forward_hook({nn.Conv2d: conv_hook, nn.Linear: linear_hook}[type(m)])
               for m in model.modules() if type(m) in (nn.Conv2d, nn.Linear)]
    counted = {name: macs for name, macs in (("attend", attend_macs), ("lstm_step", lstm_step_macs)) if hasattr(model, name)}
    for name, macs in counted.items():  # S3TA's methods that are no module: counted, then run
        method = getattr(model, name)
        setattr(model, name, lambda *args, method=method, macs=macs: (macs(*args), method(*args))[1])
    try:
        with torch.no_grad():
            model(x, **kwargs)
    finally:
        for h in handles:
            h.remove()
        for name in counted:
            delattr(model, name)
    return total[0] // x.shape[0]
