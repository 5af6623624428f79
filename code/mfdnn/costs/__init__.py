"""Counting a network's cost from the PyTorch module itself, and comparing with the counting rules.

The module side reads trainable parameters from ``module.parameters()`` and
floating-point operations from ``torch.utils.flop_counter.FlopCounterMode``,
which counts ``2·C_in·k²`` FLOPs per output entry of a convolution and
``2·n_in`` per output of a linear layer (the bias add is not counted), and
nothing for activations or pooling.  Activations are counted by forward hooks
on the activation modules.  The rule side evaluates the SymPy rules of
``derivations.costs`` at the sizes written in that module.
"""

import dataclasses
import functools
from typing import Iterable

import sympy as sp
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from ..benchmark import interleaved_seconds
from . import rules


@dataclasses.dataclass(frozen=True)
class Measured:
    """What the module says about one unit (a layer or a block): parameters, FLOPs, activations."""

    name: str
    kind: str
    params: int
    flops: int
    activations: int
    out_shape: tuple[int, ...]

    @property
    def macs(self) -> int:
        """Multiply-adds: FlopCounterMode's FLOPs are exactly twice them."""
        if self.flops % 2:
            raise ValueError(f"{self.name}: odd FLOP count {self.flops}; FlopCounterMode should report 2·MAC")
        return self.flops // 2


def trainable_params(module: nn.Module) -> int:
    """Trainable scalars: entries of the parameters that require a gradient (buffers are not counted).

    A 3×3 convolution 2 → 4 has ``4·(2·3² + 1)`` of them; batch norm's running statistics are buffers:

    >>> trainable_params(nn.Conv2d(2, 4, 3)), trainable_params(nn.BatchNorm2d(4))
    (76, 8)
    """
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def _kind(module: nn.Module) -> str:
    if isinstance(module, nn.Conv2d):
        return "conv"
    if isinstance(module, nn.Linear):
        return "linear"
    return type(module).__name__


def measure(model: nn.Module, input_shape: tuple[int, ...], units: Iterable[str] | None = None,
            activations: tuple[type, ...] = (nn.ReLU,), device: torch.device | str = "cpu") -> list[Measured]:
    """Run one example through ``model`` under FlopCounterMode and report each unit.

    ``input_shape`` is the shape of one example (no batch axis).  ``units``
    names submodules (as in ``model.named_modules()``); by default every
    ``Conv2d`` and ``Linear``.  ``activations`` are the module types whose
    outputs count as activations.

    >>> net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.Flatten(), nn.Linear(2 * 4 * 4, 5))
    >>> conv, linear = measure(net, (1, 6, 6))
    >>> conv.params, conv.macs, conv.out_shape      # 2·(1·3²+1) weights; 9 MACs per output, 2·4·4 outputs
    (20, 288, (2, 4, 4))
    >>> linear.params, linear.macs
    (165, 160)
    >>> measure(net, (1, 0, 6))
    Traceback (most recent call last):
    ...
    ValueError: input_shape must be the shape of one example, positive ints such as (3, 227, 227); got (1, 0, 6)
    """
    if not input_shape or any(not isinstance(d, int) or d < 1 for d in input_shape):
        raise ValueError(f"input_shape must be the shape of one example, positive ints such as (3, 227, 227); "
                         f"got {input_shape!r}")
    named = dict(model.named_modules())
    if units is None:
        units = [name for name, m in named.items() if isinstance(m, (nn.Conv2d, nn.Linear))]
    units = list(units)
    missing = [u for u in units if u not in named]
    if missing:
        raise ValueError(f"no submodule named {missing} in the model; known names: {', '.join(n for n in named if n)}")

    activation_count: dict[str, int] = {}
    out_shapes: dict[str, tuple[int, ...]] = {}
    hooks = []
    for name, module in named.items():
        if isinstance(module, activations):
            hooks.append(module.register_forward_hook(
                lambda m, i, out, name=name: activation_count.__setitem__(name, out[0].numel())))
        if name in units:
            hooks.append(module.register_forward_hook(
                lambda m, i, out, name=name: out_shapes.__setitem__(name, tuple(out.shape[1:]))))
    model = model.to(device).eval()
    counter = FlopCounterMode(display=False)
    try:
        with torch.no_grad(), counter:
            model(torch.zeros(1, *input_shape, device=device))
    finally:
        for h in hooks:
            h.remove()

    flops = counter.get_flop_counts()
    root = type(model).__name__
    result = []
    for name in units:
        key = f"{root}.{name}" if name else root
        inside = [a for n, a in activation_count.items() if n == name or n.startswith(name + ".") or not name]
        result.append(Measured(name, _kind(named[name]), trainable_params(named[name]),
                               int(sum(flops.get(key, {}).values())), int(sum(inside)), out_shapes[name]))
    return result


def count_activations(model: nn.Module, input_shape: tuple[int, ...], activations=(nn.ReLU,)) -> int:
    """Activations of the whole model on one example.

    >>> count_activations(nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU()), (1, 6, 6))   # 2·4·4 outputs
    32
    """
    return measure(model, input_shape, units=[""], activations=activations)[0].activations


# --------------------------------------------------------------------------
# The rule side


def alexnet_rule_layers() -> list[dict]:
    """Per layer of the course's AlexNet: kind, sizes, parameters and multiply-adds by the rules.

    >>> first = alexnet_rule_layers()[0]
    >>> first["shape"], first["params"], first["macs"]      # 64·(3·11² + 1); 64·55²·3·11²
    ('3→64, 11×11, out 55×55', 23296, 70276800)
    """
    rows = []
    for number, (cin, cout, kk, side) in enumerate(rules.ALEXNET_CONVS, 1):
        sizes = {rules.C_in: cin, rules.C_out: cout, rules.k: kk, rules.l: side}
        rows.append({"layer": f"conv{number}", "kind": "conv", "shape": f"{cin}→{cout}, {kk}×{kk}, out {side}×{side}",
                     "params": rules.evaluate(rules.conv_params(), sizes),
                     "macs": rules.evaluate(rules.conv_macs(), sizes)})
    for number, (fan_in, fan_out) in enumerate(rules.ALEXNET_LINEARS, 1):
        sizes = {rules.n_in: fan_in, rules.n_out: fan_out}
        rows.append({"layer": f"fc{number}", "kind": "linear", "shape": f"{fan_in}→{fan_out}",
                     "params": rules.evaluate(rules.linear_params(), sizes),
                     "macs": rules.evaluate(rules.linear_macs(), sizes)})
    return rows


def block_rule_counts(convs, side: int = rules.INCEPTION_INPUT[1]) -> dict[str, int]:
    """A block's parameters, multiplications, additions (bias included) and activations by the rules.

    ``convs`` lists ``(C_in, C_out, k)`` of the block's convolutions; one 1×1 convolution 256 → 64
    on a 32×32 map:

    >>> block_rule_counts([(256, 64, 1)])
    {'params': 16448, 'mults': 16777216, 'adds': 16777216, 'activations': 65536}
    """
    return {key: int(expr.doit()) for key, expr in rules.block_sums(convs, side).items()}


def block_module_counts(block: nn.Module, input_shape: tuple[int, ...],
                        device: torch.device | str = "cpu") -> dict[str, int]:
    """The same four counts from the module.

    Multiplications are FlopCounterMode's FLOPs / 2; additions including the
    bias add are FLOPs − multiplications (claim ``costs.flops_convention``);
    activations are the ReLU outputs.

    They agree with the rules: the same 1×1 convolution as in :func:`block_rule_counts`, as a module:

    >>> block_module_counts(nn.Sequential(nn.Conv2d(256, 64, 1), nn.ReLU()), (256, 32, 32))
    {'params': 16448, 'mults': 16777216, 'adds': 16777216, 'activations': 65536}
    """
    (whole,) = measure(block, input_shape, units=[""], device=device)
    return {"params": whole.params, "mults": whole.macs, "adds": whole.flops - whole.macs,
            "activations": whole.activations}


def disagreements(pairs: dict[str, tuple[int, int]]) -> list[str]:
    """The entries of ``{what: (by rule, from module)}`` whose two counts differ.

    >>> disagreements({"params": (76, 76), "macs": (288, 144)})
    ['macs: rule 288 ≠ module 144']
    """
    return [f"{what}: rule {a} ≠ module {b}" for what, (a, b) in pairs.items() if a != b]


def require_agreement(pairs: dict[str, tuple[int, int]]) -> int:
    """Raise (so the page fails to build) unless every pair agrees; return the number of pairs checked.

    >>> require_agreement({"params": (76, 76), "macs": (288, 288)})
    2
    >>> require_agreement({"macs": (288, 144)})
    Traceback (most recent call last):
    ...
    AssertionError: counts disagree: macs: rule 288 ≠ module 144
    """
    bad = disagreements(pairs)
    if bad:
        raise AssertionError("counts disagree: " + "; ".join(bad))
    return len(pairs)


# --------------------------------------------------------------------------
# Whole networks: every count both ways, as the page shows them


def alexnet_comparison(measured: list[Measured]) -> tuple[list[dict], int, dict[tuple[str, str], int]]:
    """AlexNet's rule rows, the number of (rule, module) pairs that agree, and the rule totals by kind.

    ``measured`` is :func:`measure` of the course's AlexNet.  Raises unless every
    layer's parameters and multiply-adds agree both ways and the totals equal the
    hand totals of claim ``costs.alexnet_totals``.  Totals are keyed
    ``(kind, what)``, ``kind`` in conv/linear and ``what`` in macs/params.
    """
    rows = alexnet_rule_layers()
    if len(measured) != len(rows):
        raise ValueError(f"expected {len(rows)} measured AlexNet layers, got {len(measured)}")
    pairs = {}
    for row, got in zip(rows, measured):
        pairs[row["layer"] + " parameters"] = (row["params"], got.params)
        pairs[row["layer"] + " multiply-adds"] = (row["macs"], got.macs)
    checked = require_agreement(pairs)
    totals = {(kind, what): sum(r[what] for r in rows if r["kind"] == kind)
              for kind in ("conv", "linear") for what in ("macs", "params")}
    for (kind, what), value in totals.items():
        if value != rules.ALEXNET_HAND[f"{kind}_{what}"]:
            raise AssertionError(f"AlexNet {kind} {what}: rules give {value}, the hand total is "
                                 f"{rules.ALEXNET_HAND[f'{kind}_{what}']}")
    return rows, checked, totals


def inception_comparison(blocks: dict, input_shape: tuple[int, ...]) -> tuple[list[list], int, dict]:
    """Table rows, the number of agreeing pairs, and the rule counts of each inception block.

    ``blocks`` maps a label of ``rules.BLOCK_HAND`` to ``(module, convs)``.
    Raises unless the four counts agree both ways and equal the hand totals.
    A row is the label, then (rule, module) for each count.
    """
    rows, pairs, counts = [], {}, {}
    for label, (module, convs) in blocks.items():
        by_rule = block_rule_counts(convs)
        from_module = block_module_counts(module, input_shape)
        counts[label] = by_rule
        for key in by_rule:
            pairs[f"{label} {key}"] = (by_rule[key], from_module[key])
        rows.append([label] + [v for key in by_rule for v in (by_rule[key], from_module[key])])
    checked = require_agreement(pairs)
    for label in blocks:
        if counts[label] != rules.BLOCK_HAND[label]:
            raise AssertionError(f"{label}: rules give {counts[label]}, the hand totals are "
                                 f"{rules.BLOCK_HAND[label]}")
    return rows, checked, counts


def bottleneck_branch_ratios(branches=rules.BOTTLENECK_BRANCHES,
                             side: int = rules.INCEPTION_INPUT[1]) -> dict[int, sp.Rational]:
    """Per kernel size of Model II's two bottleneck branches: its multiply-adds over those of Model I's branch.

    ``branches`` are ``((C_in, r, 1), (r, C_out, k))`` pairs.  The claim's ratio
    (``rules.reduction_ratio``, proved by the claim ``costs.bottleneck_ratio``) at the branch's sizes, checked
    against the counting rules evaluated directly; the course's widths, then inception (3b)'s:

    >>> {k: str(v) for k, v in bottleneck_branch_ratios().items()}
    {3: '31/108', 5: '83/300'}
    >>> {k: str(v) for k, v in bottleneck_branch_ratios(rules.INCEPTION_3B_BRANCHES).items()}
    {3: '31/54', 5: '83/600'}
    """
    ratio = rules.reduction_ratio()

    def macs(c_in, c_out, kernel):
        return rules.evaluate(rules.conv_macs(), {rules.C_in: c_in, rules.C_out: c_out, rules.k: kernel, rules.l: side})

    ratios = {}
    for (c_in, r_, _), (_, c_out, k_b) in branches:
        value = ratio.xreplace({rules.C_in: c_in, rules.r: r_, rules.C_out: c_out, rules.k: k_b})
        direct = sp.Rational(macs(c_in, r_, 1) + macs(r_, c_out, k_b), macs(c_in, c_out, k_b))
        if value != direct:
            raise AssertionError(f"{k_b}×{k_b} branch: the claim's ratio {value} ≠ the direct count {direct}")
        ratios[k_b] = value
    return ratios


def lenet_comparison(nets: dict) -> tuple[list[list], int, dict, dict]:
    """LeNet-5's table rows, agreeing pairs, total parameters and per-layer counts, for each variant.

    ``nets`` maps a label of ``rules.LENET_HAND`` (``course``, ``modern``,
    ``original``) to ``(module, rule layers, activation type)``.  Raises unless
    every layer's parameters and multiply-adds agree both ways and the totals
    equal the hand totals.  ``totals[label]`` is (by rule, from module);
    ``per_net[label]`` is (:func:`rule_layers`, {name: :class:`Measured`}).  A row
    is the layer's name, then parameters and multiply-adds of each net in the
    order of ``nets`` (each checked equal both ways).
    """
    pairs, totals, per_net = {}, {}, {}
    for label, (net, layers, act) in nets.items():
        by_rule = rule_layers(layers)
        got = {m.name: m for m in measure(net, (1, 32, 32), units=list(layers), activations=(act,))}
        per_net[label] = (by_rule, got)
        for name, (params, macs) in by_rule.items():
            pairs[f"{label} {name} parameters"] = (params, got[name].params)
            pairs[f"{label} {name} multiply-adds"] = (macs or 0, got[name].macs)
        totals[label] = (sum(p for p, _ in by_rule.values()), trainable_params(net))
        pairs[f"{label} total parameters"] = totals[label]
    checked = require_agreement(pairs)
    for label in nets:
        if totals[label][0] != rules.LENET_HAND[label]:
            raise AssertionError(f"LeNet-5 {label}: rules give {totals[label][0]} parameters, "
                                 f"the hand total is {rules.LENET_HAND[label]}")
    first = next(iter(nets))
    rows = []
    for name in per_net[first][0]:
        row = [name]
        for label in nets:
            params, macs = per_net[label][0][name]
            row += [params, macs if macs is not None else "not counted"]
        rows.append(row)
    rows.append(["**total**"] + [v for label in nets for v in (totals[label][0], "")])
    return rows, checked, totals, per_net


def interleaved_forward_seconds(models: dict[str, nn.Module], input_shape: tuple[int, ...], batch: int,
                                rounds: int, device: torch.device | str = "cpu",
                                seed: int = 0) -> dict[str, list[float]]:
    """Wall time of one forward pass of each model on the same batch, ``rounds`` times, interleaved.

    Timed by :func:`mfdnn.benchmark.interleaved_seconds` (a warm-up pass, then
    rounds in alternating order, CUDA synchronised around each pass).
    Returns ``{label: [seconds per round]}``.

    >>> times = interleaved_forward_seconds({"a": nn.Identity(), "b": nn.ReLU()}, (2, 3), batch=1, rounds=3)
    >>> {label: len(t) for label, t in times.items()}
    {'a': 3, 'b': 3}
    """
    if batch < 1:
        raise ValueError(f"batch must be positive; got batch={batch}")
    models = {label: model.to(device).eval() for label, model in models.items()}
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(batch, *input_shape, generator=g).to(device)
    sync = torch.cuda.synchronize if torch.device(device).type == "cuda" else (lambda: None)
    with torch.no_grad():
        return interleaved_seconds({label: functools.partial(model, x) for label, model in models.items()},
                                   rounds, sync)


def quartiles(values: list[float]) -> tuple[float, float, float]:
    """Lower quartile, median and upper quartile (linear interpolation, as ``torch.quantile``).

    >>> quartiles([1.0, 2.0, 3.0, 4.0, 5.0])
    (2.0, 3.0, 4.0)
    """
    q = torch.quantile(torch.tensor(values, dtype=torch.float64), torch.tensor([0.25, 0.5, 0.75], dtype=torch.float64))
    return tuple(float(v) for v in q)


# --------------------------------------------------------------------------
# The course's printed numbers, recomputed (keys are the ids of derivations.course.PRINTED)


def shape_flow(model: nn.Sequential, input_shape: tuple[int, ...],
               skip: tuple[type, ...] = (nn.ReLU, nn.Flatten, nn.Dropout)) -> tuple[tuple[int, ...], ...]:
    """The input's shape, then the shape after each layer of ``model`` that is not of a ``skip`` type.

    The zero input goes to the device of the model's parameters (``meta`` gives shapes without arithmetic).

    >>> shape_flow(nn.Sequential(nn.Conv2d(1, 2, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten()), (1, 6, 6))
    ((1, 6, 6), (2, 4, 4), (2, 2, 2))
    """
    shapes = [tuple(input_shape)]
    first = next(model.parameters(), None)
    x = torch.zeros(1, *input_shape, device=first.device if first is not None else "cpu")
    with torch.no_grad():
        for layer in model:
            x = layer(x)
            if not isinstance(layer, skip):
                shapes.append(tuple(x.shape[1:]))
    return tuple(shapes)


def alexnet_printed(net: nn.Sequential, measured: list[Measured]) -> dict[str, object]:
    """HW7 (2024) problem 2: the shape flow and the course's p·k²·l²·n and p·q totals (multiplications).

    ``measured`` is :func:`measure` of ``net`` on one 3×227×227 image; the totals
    are the rule totals, which :func:`alexnet_comparison` has checked against it.
    """
    _, _, totals = alexnet_comparison(measured)
    return {"hw7-2024-p2-shapes": shape_flow(net, (3, 227, 227)),
            "hw7-2024-p2-conv-ops": totals["conv", "macs"],
            "hw7-2024-p2-linear-ops": totals["linear", "macs"]}


def _notebook_label(name: str, kernel: int) -> str:
    """The notebook's name for a layer: ``reduce`` for a 1×1 convolution inside a branch, else ``KxK``."""
    return "reduce" if kernel == 1 and name != "branches.0" else f"{kernel}x{kernel}"


def bottleneck_printed(blocks: dict[str, nn.Module], input_shape: tuple[int, ...],
                       device: torch.device | str = "cpu") -> dict[str, object]:
    """hw5 (2021) problem 5: every count the notebook printed, from the modules, each checked against the rules.

    ``blocks`` maps ``i`` and ``ii`` to Model I and Model II.  Per layer (the
    three 1×1 reductions of Model II together, as the notebook prints them): the
    parameters and (additions, multiplications, activations); per block: the
    total parameters, additions, multiplications and activations.  Additions
    include the bias add (FLOPs − multiplications, claim ``costs.flops_convention``).
    Raises unless every layer's module counts equal its rule counts.  On the
    ``meta`` device the counts come without any arithmetic.
    """
    from mfdnn.costs import inception  # the blocks' layer names

    out = {}
    for tag, block in blocks.items():
        layers = inception.conv_layers(block)
        measured = measure(block, input_shape, units=[name for name, _ in layers], device=device)
        grouped: dict[str, list[int]] = {}
        pairs = {}
        for (name, spec), got in zip(layers, measured):
            counts = {"params": got.params, "adds": got.flops - got.macs, "mults": got.macs,
                      "activations": got.activations}
            by_rule = block_rule_counts([spec], input_shape[1])
            pairs.update({f"{tag} {name} {key}": (by_rule[key], counts[key]) for key in by_rule})
            sums = grouped.setdefault(_notebook_label(name, spec[2]), [0, 0, 0, 0])
            for i, key in enumerate(("params", "adds", "mults", "activations")):
                sums[i] += counts[key]
        require_agreement(pairs)
        for label, (params, adds, mults, acts) in grouped.items():
            out[f"hw5-2021-p5-{tag}-{label}-params"] = params
            out[f"hw5-2021-p5-{tag}-{label}-ops"] = (adds, mults, acts)
        whole = block_module_counts(block, input_shape, device)
        out.update({f"hw5-2021-p5-{tag}-params": whole["params"], f"hw5-2021-p5-{tag}-add": whole["adds"],
                    f"hw5-2021-p5-{tag}-mul": whole["mults"], f"hw5-2021-p5-{tag}-act": whole["activations"]})
    return out


def lenet_printed(course_net: nn.Module, modern_net: nn.Module) -> dict[str, int]:
    """HW4 (2024) problem 7: the two totals the solution printed and the reduction it asks for.

    The reduction is the difference of the two modules' counts; it must equal
    the hand count (a full 6 → 16 convolution less Table I's C3), else this raises.
    """
    ours, modern = trainable_params(course_net), trainable_params(modern_net)
    by_hand = int((rules.full_c3_params() - rules.c3_params_sum()).doit())
    if modern - ours != by_hand:
        raise AssertionError(f"the modules differ by {modern - ours} parameters, the hand count of C3's "
                             f"reduction is {by_hand}")
    return {"hw4-2024-p7-original": ours, "hw4-2024-p7-modern": modern, "hw4-2024-p7-reduction": modern - ours}


# --------------------------------------------------------------------------
# Presentation


def plot_alexnet(rows: list[dict], axes) -> None:
    """Left: multiply-adds and parameters per layer (log scale).  Right: conv vs linear shares of each."""
    left, right = axes
    names = [r["layer"] for r in rows]
    pos = torch.arange(len(rows)).float()
    left.bar(pos - 0.2, [r["macs"] for r in rows], 0.4, label="multiply-adds", color="tab:blue")
    left.bar(pos + 0.2, [r["params"] for r in rows], 0.4, label="parameters", color="tab:orange")
    left.set_yscale("log")
    left.set_xticks(pos.tolist(), names, rotation=45)
    left.set_title("per layer")
    left.legend()
    shares = {}
    for what in ("macs", "params"):
        total = sum(r[what] for r in rows)
        shares[what] = sum(r[what] for r in rows if r["kind"] == "conv") / total
    labels = ["multiply-adds", "parameters"]
    conv = [shares["macs"], shares["params"]]
    right.barh(labels, conv, height=0.5, color="tab:green", label="conv layers")
    right.barh(labels, [1 - v for v in conv], height=0.5, left=conv, color="tab:red", label="linear layers")
    for y, v in enumerate(conv):
        for start, width in ((0.0, v), (v, 1 - v)):
            if width >= 0.12:  # wide enough: label inside the segment
                right.text(start + width / 2, y, f"{width:.1%}", ha="center", va="center", color="white")
            else:  # too narrow: label just above it
                right.text(start + width / 2, y + 0.3, f"{width:.1%}", ha="center", va="bottom")
    right.set_xlim(0, 1)
    right.set_ylim(-0.5, 1.8)  # room for the labels above narrow segments
    right.set_title("share of the whole network")
    right.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2)


def rule_layers(layers: dict) -> dict[str, tuple[int, int | None]]:
    """``{name: (parameters, multiply-adds or None)}`` from a dict of instantiated rules.

    >>> sizes = {rules.C_in: 1, rules.C_out: 6, rules.k: 5, rules.l: 28}
    >>> rule_layers({"C1": (rules.instantiate(rules.conv_params(), sizes),
    ...                     rules.instantiate(rules.conv_macs(), sizes)),
    ...              "F6": (rules.instantiate(rules.linear_params(), {rules.n_in: 120, rules.n_out: 84}), None)})
    {'C1': (156, 117600), 'F6': (10164, None)}
    """
    return {name: (int(params.doit()), None if macs is None else int(macs.doit()))
            for name, (params, macs) in layers.items()}
