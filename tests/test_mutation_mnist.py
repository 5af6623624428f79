"""The synthetic MNIST stand-in: shaped and labelled like MNIST, the same classes in every split, easy to classify."""

import pytest
import torch

from mfdnn import mnist


def _class_means(split):
    x = mnist.as_float(split.images).flatten(1)
    return torch.stack([x[split.labels == c].mean(0) for c in range(10)])


def test_stand_in_is_shaped_and_labelled_like_mnist():
    split = mnist.synthetic_split("train", 120, seed=4)
    assert split.images.shape == (120, 28, 28) and split.images.dtype == torch.uint8
    assert split.labels.shape == (120,) and split.labels.dtype == torch.int64
    assert set(split.labels.tolist()) == set(range(10))
    assert split.synthetic and split.name == "train"
    assert split.source == "SYNTHETIC stand-in for the `train` split (120 images, seed 4)"
    border = torch.cat([split.images[:, :2].flatten(), split.images[:, -2:].flatten(),
                        split.images[:, :, :2].flatten(), split.images[:, :, -2:].flatten()])
    assert border.max() <= 0.1 * 255  # a dark border (noise only), like MNIST's
    assert split.images.flatten(1).max(1).values.min() >= 0.6 * 255 * 0.9  # every image has a bright blob


def test_splits_share_their_class_patterns_and_a_seed_fixes_a_split():
    a, b = mnist.synthetic_split("train", 150, seed=1), mnist.synthetic_split("test", 150, seed=2)
    means_a, means_b = _class_means(a), _class_means(b)
    nearest = torch.cdist(means_a, means_b).argmin(1)
    assert nearest.tolist() == list(range(10))
    again = mnist.synthetic_split("train", 150, seed=1)
    assert torch.equal(again.images, a.images) and torch.equal(again.labels, a.labels)
    assert not torch.equal(a.labels, b.labels)


def test_stand_in_is_easy_to_classify_and_varies_within_a_class():
    train, test = mnist.synthetic_split("train", 150, seed=1), mnist.synthetic_split("test", 100, seed=2)
    means = _class_means(train)
    guess = torch.cdist(mnist.as_float(test.images).flatten(1), means).argmin(1)
    assert (guess == test.labels).double().mean() > 0.9
    same = train.images[train.labels == 3].double()
    assert (same - same.mean(0)).abs().mean() > 5  # noise, brightness and shifts: no two alike


@pytest.fixture(scope="module")
def images():
    return mnist.synthetic_split("train", 300, seed=1).images


def test_stand_in_brightness_varies_and_saturates_at_white_not_wrapped(images):
    """Blob brightness is drawn per image in 60..100 %: most images stay below white, the brightest clip at 255."""
    peak = images.flatten(1).max(1).values.double()
    white = (peak == 255).double().mean()
    assert 0.05 < white < 0.5  # clipped at white, but only the brightest
    x = images.int()
    centre, around = x[:, 1:-1, 1:-1], [x[:, :-2, 1:-1], x[:, 2:, 1:-1], x[:, 1:-1, :-2], x[:, 1:-1, 2:]]
    holes = (centre < 64) & torch.stack([a > 192 for a in around]).all(0)
    assert not holes.any()  # a pixel past white is clipped to 255, not wrapped round to a dark hole in the blob
    assert peak.quantile(0.1) < 0.8 * 255 < peak.quantile(0.9)  # brightness differs from image to image


def test_stand_in_has_noise_everywhere_and_shifts_both_ways(images):
    border = torch.cat([images[:, :2].flatten(), images[:, -2:].flatten()]).double()
    assert border.mean() > 0.02 * 255  # noise of up to 10 % on the dark border too

    def bright(strip):
        return (strip.flatten(1).max(1).values > 128).sum().item()

    # The blob's box is rows and columns 4..23; shifts of up to 2 pixels either way move it to 2..25.
    assert min(bright(images[:, 2:4]), bright(images[:, 24:26]),
               bright(images[:, :, 2:4]), bright(images[:, :, 24:26])) > 0


def test_a_split_without_a_seed_is_the_seed_0_split():
    default, zero = mnist.synthetic_split("test", 20), mnist.synthetic_split("test", 20, seed=0)
    assert torch.equal(default.images, zero.images) and torch.equal(default.labels, zero.labels)
    assert default.source == "SYNTHETIC stand-in for the `test` split (20 images, seed 0)"

