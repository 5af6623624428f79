"""mfdnn.convolution.receptive_field: windows at the border, refusals, columns, the twin, the random stacks."""

import re

import matplotlib
import pytest
import torch
from torch import nn

from mfdnn.convolution import receptive_field as rf

matplotlib.use("Agg")


def _paths(kernel: int, depth: int) -> list[int]:
    """Coefficients of (1 + t + … + t^(k−1))^depth: how many paths reach each input of a 1-D window."""
    counts = [1]
    for _ in range(depth):
        counts = [sum(counts[i - j] for j in range(kernel) if 0 <= i - j < len(counts))
                  for i in range(len(counts) + kernel - 1)]
    return counts


def test_geometry_of_reads_one_element_tuples_and_refuses_rectangles():
    # MaxPool2d keeps a 1-tuple as given (torch pools with it as a square window).
    assert rf.geometry_of(nn.Sequential(nn.MaxPool2d((3,), stride=(2,)))) == [rf.Geometry(3, 2, 1, 0)]
    with pytest.raises(ValueError, match=re.escape("only square geometry is supported, got (3, 5)")):
        rf.geometry_of(nn.Conv2d(1, 1, (3, 5)))


def test_centre_row_weights_count_the_paths():
    # Three 3×3 layers of ones: paths to input (r, c) are paths(r) · paths(c); the centre row is row 7 of 15.
    one_axis = _paths(3, 3)                                    # 1, 3, 6, 7, 6, 3, 1
    expected = [0.0] * 4 + [one_axis[3] * p for p in one_axis] + [0.0] * 4
    assert rf.centre_row_weights([rf.Geometry(3)] * 3, side=15).tolist() == expected


def test_check_stack_at_the_far_border_and_the_inside_flag():
    result = rf.check_stack([rf.Geometry(3, padding=1)] * 3, 9, out_index=8)
    assert result["window"] == (5, 11) and result["extent"] == (5, 8) and result["agrees"]
    one = [rf.Geometry(3)]
    assert rf.check_stack(one, 5, out_index=0)["inside"] and rf.check_stack(one, 5, out_index=2)["inside"]
    padded = [rf.Geometry(3, padding=1)]
    assert rf.check_stack(padded, 5, out_index=4)["window"] == (3, 5)
    assert not rf.check_stack(padded, 5, out_index=4)["inside"]   # past the last row
    assert not rf.check_stack(padded, 5, out_index=0)["inside"]   # before the first row


def test_check_stack_reports_a_hole_on_the_border_as_a_disagreement():
    # Dilation 2, padding 1: output 0 reads rows −1, 1, 3; clipped, the window starts at row 0, a hole.
    result = rf.check_stack([rf.Geometry(3, 1, 2, 1)], 5, out_index=0)
    assert result == {"formula": 5, "window": (-1, 3), "extent": (1, 3), "agrees": False, "inside": False,
                      "holes": 1}


def test_gradient_support_refuses_each_index_outside_the_map_with_the_whole_message():
    twin = rf.positive_twin([rf.Geometry(5)])                    # 6 × 6 input, 2 × 2 output
    for index in [(4, 0), (2, 0), (0, 2), (-1, 0), (0, -1)]:
        with pytest.raises(ValueError) as raised:
            rf.gradient_support(twin, 1, 6, index)
        assert str(raised.value) == f"output index {index} outside the (2, 2) output; use a larger input"
    wide = nn.Conv2d(1, 1, (1, 3), bias=False, dtype=torch.float64)   # a 6 × 4 output
    with pytest.raises(ValueError) as raised:
        rf.gradient_support(wide, 1, 6, (0, 4))
    assert str(raised.value) == "output index (0, 4) outside the (6, 4) output; use a larger input"


def test_gradient_support_rows_and_columns_of_a_rectangular_kernel():
    wide = nn.Conv2d(1, 1, (1, 3), bias=False, dtype=torch.float64)
    with torch.no_grad():
        wide.weight.fill_(1.0)
    rows, cols = rf.gradient_support(wide, 1, 6, (2, 1))
    assert rows.tolist() == [2] and cols.tolist() == [1, 2, 3]


def test_gradient_support_does_not_depend_on_the_global_generator():
    pool = nn.MaxPool2d(3)                                       # reaches only the one input it selects
    supports = []
    for global_seed in range(4):
        torch.manual_seed(global_seed)
        supports.append([t.tolist() for t in rf.gradient_support(pool, 1, 3, (0, 0), seed=5)])
    x = torch.rand(1, 1, 3, 3, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
    where = int(x.flatten().argmax())
    assert supports == [[[where // 3], [where % 3]]] * 4


def test_input_size_for_gives_the_asked_number_of_outputs():
    for layers in ([rf.Geometry(3, 2)] * 2, [rf.Geometry(2, 3), rf.Geometry(3, 2, 2)], [rf.Geometry(5)]):
        for outputs in (1, 2, 4):
            size = rf.input_size_for(layers, outputs)
            with torch.no_grad():
                out = rf.positive_twin(layers)(torch.zeros(1, 1, size, size, dtype=torch.float64))
            assert out.shape[-1] == outputs, (layers, outputs)


def test_dilated_support_figure_draws_the_support_in_black():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    rows = rf.plot_dilated_support(ax, [rf.Geometry(3, 1, 4), rf.Geometry(3, 1, 1)], size=21)
    image = ax.images[0]
    colours = image.to_rgba(image.get_array())
    plt.close(fig)
    # Output 5 of 11 reads rows 5 + 4a + b, a, b ∈ {0, 1, 2}; the same in columns.
    reached = sorted(5 + 4 * a + b for a in range(3) for b in range(3))
    assert rows.tolist() == reached
    mask = torch.zeros(21, 21, dtype=torch.bool)
    mask[torch.tensor(reached).unsqueeze(1), torch.tensor(reached)] = True
    assert torch.equal(torch.as_tensor(image.get_array()).bool(), mask)
    assert (colours[mask.numpy()][:, :3] == 0).all() and (colours[~mask.numpy()][:, :3] == 1).all()


def test_positive_twin_is_linear_with_weights_in_the_stated_range_whatever_the_global_generator():
    layers = [rf.Geometry(3), rf.Geometry(2, 2)]
    twins = []
    for global_seed in (0, 1):
        torch.manual_seed(global_seed)
        twins.append(rf.positive_twin(layers, seed=3))
    for a, b in zip(*twins):
        assert torch.equal(a.weight, b.weight)
    twin = twins[0]
    weights = torch.cat([m.weight.flatten() for m in twin])
    assert weights.min() >= 0.5 and weights.max() <= 1.0 and weights.dtype == torch.float64
    assert weights.max() - weights.min() > 0.3                  # spread over the range, not one value
    assert all(m.bias is None for m in twin)
    assert torch.equal(twin(torch.zeros(1, 1, 9, 9, dtype=torch.float64)), torch.zeros(1, 2, 3, 3, dtype=torch.float64))


def test_random_stack_draws_the_stated_ranges_from_its_generator_only():
    stacks = []
    for global_seed in (0, 1):
        torch.manual_seed(global_seed)
        stacks.append(rf.random_stack(torch.Generator().manual_seed(7), 300))
    assert stacks[0] == stacks[1]
    layers = stacks[0]
    assert {g.kernel for g in layers} == {1, 2, 3, 4, 5}
    assert {g.stride for g in layers} == {1, 2, 3}
    assert {g.dilation for g in layers} == {1, 2, 3}
    assert all(0 <= g.padding <= g.dilation * (g.kernel - 1) // 2 for g in layers)
    # Every padding up to half the span is drawn, the largest too (span 8: up to 4).
    assert {g.padding for g in layers if g.dilation * (g.kernel - 1) == 8} == {0, 1, 2, 3, 4}
