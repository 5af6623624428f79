"""mfdnn.vanishing: gradient norms, the product bound and the index ranges."""

import pytest
import torch

from mfdnn import vanishing as va


def test_product_bound_holds():
    sweep = va.depth_sweep([2, 4, 7], width=6, nets=3, batch=5)
    assert 0 < sweep["worst_bound_ratio"] <= 1


def test_small_weights_shrink_only_earlier_layers():
    ratios = va.intervention_ratios(6, 8, 16, layer=4, kind="small", strength=1e-4)
    assert (ratios[:3] < 1e-3).all() and (ratios[3:] > 0.1).all()


def test_saturation_shrinks_layers_up_to_and_including_it():
    ratios = va.intervention_ratios(6, 8, 16, layer=3, kind="saturate", strength=30.0)
    assert (ratios[:3] < 1e-9).all() and (ratios[3:] > 0.1).all()


def test_bad_intervention_is_a_clear_error():
    with pytest.raises(ValueError, match="last layer is linear"):
        va.intervention_ratios(4, 3, 2, layer=4, kind="saturate", strength=5.0)


def test_deeper_networks_lose_more_gradient_at_the_first_layer():
    sweep = va.depth_sweep([3, 12], width=8, nets=3, batch=16)
    ratios = va.first_over_last(sweep)
    assert ratios.dtype == torch.float64 and ratios[1] < ratios[0]
    assert 0 < va.per_layer_factor(sweep, 12) < 1
