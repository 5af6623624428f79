"""Network definitions shared by several chapters."""

from torch import nn


def alexnet(num_classes: int = 1000) -> nn.Sequential:
    """The course's AlexNet: 3×227×227 → 64×55×55 → … → 256×6×6 → 4096 → 4096 → classes.

    The first convolution has no padding: (227 − 11)/4 + 1 = 55.  (With
    torchvision's padding 2, a 227 input would give 56.)  As in the course's
    shape flow (and torchvision), an adaptive average pool to 6×6 follows the
    last max pool; on a 227 input it receives 6×6 already and changes nothing.
    """
    return nn.Sequential(
        nn.Conv2d(3, 64, kernel_size=11, stride=4, padding=0), nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(64, 192, kernel_size=5, padding=2), nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(192, 384, kernel_size=3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(384, 256, kernel_size=3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(256, 256, kernel_size=3, padding=1), nn.ReLU(inplace=True),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.AdaptiveAvgPool2d((6, 6)),
        nn.Flatten(),
        nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True),
        nn.Linear(4096, 4096), nn.ReLU(inplace=True),
        nn.Linear(4096, num_classes),
    )
