"""The course's modified AlexNet for 28×28 inputs: its shapes, and why its default initialisation stalls.

Shapes.  A convolution or pooling with kernel ``k``, padding ``p`` and stride
``s`` maps a side ``n`` to ``⌊(n + 2p − k)/s⌋ + 1``.  Applied layer by layer
(see ``mfdnn.memorization``) this gives 28 → 25 → 23 → 23 → 11 → 11 → 5, so
the flattened feature vector has ``256·5·5 = 6400`` entries: the input size
of the course's first fully connected layer.

Initialisation.  PyTorch initialises ``Conv2d`` and ``Linear`` weights with
``kaiming_uniform_(a=√5)``: uniform on ``[−B, B]`` with
``B = gain·√(3/fan_in)`` and ``gain = √(2/(1 + a²))``.  A layer with ``fan_in``
inputs of second moment ``q`` gives pre-activations of variance
``fan_in·Var(w)·q``; a ReLU keeps half of the second moment of a symmetric
input.  The factor per layer is therefore ``fan_in·Var(w)/2``.
"""

import sympy as sp

from claimcheck import INSTANCE, Claim, Mutant, claim, erratum, minus, over, relation, scaled, times, written


def side(n, kernel, padding=0, stride=1):
    """Output side ``⌊(n + 2p − k)/s⌋ + 1`` as an unevaluated expression (shown as written, evaluated when checked);
    at stride 1 without the ``/1``."""
    numerator = written(n, times(2, padding), minus(kernel))
    quotient = numerator if stride == 1 else over(numerator, stride)
    return written(sp.floor(quotient, evaluate=False), 1)


def side_value(n, kernel, padding=0, stride=1) -> int:
    return (n + 2 * padding - kernel) // stride + 1


#: (kernel, padding, stride) of the layers that change the side, in order: conv 4, conv 3, conv 5 pad 2,
#: maxpool 3 stride 2, conv 3 pad 1 (three times), maxpool 3 stride 2.
LAYERS = ((4, 0, 1), (3, 0, 1), (5, 2, 1), (3, 0, 2), (3, 1, 1), (3, 1, 1), (3, 1, 1), (3, 0, 2))
EXPECTED = (25, 23, 23, 11, 11, 11, 11, 5)


def _chain(layers, expected=EXPECTED, start=28):
    """One relation per layer: the formula at the previous side equals the stated next side."""
    rels, n = [], start
    for (kernel, padding, stride), claimed in zip(layers, expected):
        rels.append(relation(side(sp.Integer(n), kernel, padding, stride), "=", claimed))
        n = side_value(n, kernel, padding, stride)
    return tuple(rels)


def _flatten(channels, side_, total=6400):
    return relation(sp.Mul(channels, sp.Pow(side_, 2, evaluate=False), evaluate=False), "=", total)


@claim
def mnist_alexnet28_shapes() -> Claim:
    """Side lengths through the course's AlexNet for 28×28 inputs, and the flattened size 6400."""
    statement = _chain(LAYERS) + (_flatten(256, 5),)
    return Claim(
        name="memorization.alexnet28_shapes",
        title="The feature map shrinks 28 → 25 → 23 → 23 → 11 → 11 → 5, so the flattened size is 6400",
        statement=statement,
        display=_chain(LAYERS) + (_flatten(256, 5),),  # as built: ⌊(n + 2p − k)/s⌋ + 1, in this order
        method=INSTANCE,
        why_method="the sizes are particular integers; the formula ⌊(n + 2p − k)/s⌋ + 1 is evaluated exactly",
        hypotheses=(r"\text{side after a layer with kernel } k, \text{ padding } p, \text{ stride } s:\ "
                    r"\lfloor (n + 2p - k)/s \rfloor + 1",),
        scope="this architecture at input side 28, one part per layer, the last part the flattened size",
        uses=("def.conv2d",),
        mutants=(
            Mutant("wrong constant", "padding 2 in the first convolution (as torchvision's AlexNet has)",
                   _chain(((4, 2, 1),) + LAYERS[1:]) + (_flatten(256, 5),),
                   display=_chain(((4, 2, 1),) + LAYERS[1:]) + (_flatten(256, 5),)),
            Mutant("wrong step", "the last pooling rounds up (ceil mode): side 6, flattened 256·6² taken as 6400",
                   _chain(LAYERS) + (_flatten(256, 6),), display=_chain(LAYERS) + (_flatten(256, 6),)),
        ),
    )


fan_in = sp.Symbol("fan_in", positive=True)
gain = sp.Symbol("g", positive=True)
bound = sp.Symbol("B", positive=True)


def _default_factor_shown(factor_of_half=sp.Rational(1, 2)):
    """``½ · 2/(1 + (√5)²)``: the halving in front of the gain squared (a display form)."""
    gain_squared = over(2, written(1, sp.Pow(sp.sqrt(5), 2, evaluate=False)))
    return scaled(factor_of_half, gain_squared) if factor_of_half != 1 else gain_squared


def _unevaluated_default_factor(factor_of_half=sp.Rational(1, 2)):
    """``(1/2)·2/(1 + (√5)²)``, left unevaluated so that the page shows the arithmetic."""
    gain_squared = sp.Mul(2, sp.Pow(sp.Add(1, sp.Pow(sp.sqrt(5), 2, evaluate=False), evaluate=False), -1,
                                    evaluate=False), evaluate=False)
    return sp.Mul(factor_of_half, gain_squared, evaluate=False)


@claim
def mnist_default_init_factor() -> Claim:
    """PyTorch's default init (``a = √5``) multiplies the second moment by 1/6 per ReLU layer; He init by 1."""
    where = {bound: gain * sp.sqrt(3) / sp.sqrt(fan_in)}
    per_layer = fan_in * (bound**2 / 3) / 2
    statement = (
        relation(per_layer, "=", gain**2 / 2),
        relation(_unevaluated_default_factor(), "=", sp.Rational(1, 6)),
        relation(sp.Mul(sp.Rational(1, 2), 2, evaluate=False), "=", 1),
    )
    first_shown = relation(scaled(sp.Rational(1, 2), times(fan_in, over(bound**2, 3))), "=", over(gain**2, 2))
    return Claim(
        name="memorization.default_init_factor",
        title="Per ReLU layer, the default initialisation shrinks the second moment by 6; He initialisation keeps it",
        statement=statement,
        # fan_in · Var w · ½: the ReLU's halving in front, as in the text
        display=(first_shown, relation(_default_factor_shown(), "=", sp.Rational(1, 6)), None),
        where=where,
        hypotheses=(
            r"w \sim U[-B, B]\ (\mathrm{Var}\,w = B^2/3),\ B = g\sqrt{3/\mathrm{fan\_in}}",
            r"\text{pre-activations symmetric about 0, so a ReLU keeps half their second moment; biases ignored}",
            r"\text{part 2: PyTorch's default } g^2 = 2/(1+a^2),\ a=\sqrt5;\ "
            r"\text{part 3: He initialisation, } g^2 = 2",
        ),
        scope=r"part 1 general in $\mathrm{fan\_in}$ and the gain $g$; parts 2 and 3 are the two gains used on the "
              r"page",
        uses=("def.kaiming_uniform", "init.uniform_moments"),
        mutants=(
            Mutant("wrong constant", "the factor taken as 1/3 (the ReLU's halving forgotten)",
                   (statement[0], relation(_unevaluated_default_factor(sp.Integer(1)), "=", sp.Rational(1, 6)),
                    statement[2]),
                   display=(first_shown, relation(_default_factor_shown(1), "=", sp.Rational(1, 6)), None)),
            Mutant("dropped factor", "uniform variance B² instead of B²/3",
                   (relation(fan_in * bound**2 / 2, "=", gain**2 / 2),) + statement[1:]),
        ),
    )


# The course's code of HW5 (2021) P6 (a student's executed notebook; the statement is lost).  Each entry
# has a test that shows what the course's line does and that the site's code does what was meant.
erratum(
    where="HW5 (2021) P6, the notebook's code: the random labels",
    says="The labels are replaced by torch.randint(0, 9, (6000,)), meant as random labels over the ten "
         "classes.",
    correction="The upper bound of randint is exclusive: the labels take the 9 values 0 to 8 and the class 9 "
               "never occurs (the network still has 10 outputs). randint(0, 10, …) draws over all ten classes. "
               "The site's chapter reproduces the course's 9-value draw and says so.",
    checked_by=("tests/test_memorization.py::test_course_label_draw_never_gives_class_9",),
    kind="code", problem="hw5-2021-p6",
)

erratum(
    where="HW5 (2021) P6, the notebook's code: the accuracy after each epoch",
    says="The training accuracy is computed under torch.no_grad() over the 6000 images, with the model "
         "left in training mode.",
    correction="The model has dropout, which no_grad does not switch off: the accuracy is measured with half "
               "the hidden units dropped at random, so it is noisy and biased low. Call model.eval() before "
               "measuring (and model.train() after). The site records both figures.",
    checked_by=("tests/test_memorization.py::test_train_mode_accuracy_is_random_eval_mode_is_not",),
    kind="code", problem="hw5-2021-p6",
)

erratum(
    where="HW5 (2021) P6, the notebook's code: the loss after each epoch",
    says="After each epoch the notebook appends loss.item() to its list of training losses.",
    correction="That value is the last minibatch's loss: 48 images, since $6000 = 93 \\cdot 64 + 48$, at the weights "
               "before the last step. The epoch's training loss is the mean over all 6000 images, which the "
               "site records beside the course's figure.",
    checked_by=("tests/test_memorization.py::test_recorded_loss_is_the_epoch_mean_not_the_last_minibatch",),
    kind="code", problem="hw5-2021-p6",
)

erratum(
    where="HW5 (2021) P6, the notebook's code: the network and the loop",
    says="The network's constructor takes num_class but its last layer is nn.Linear(800, 10); the loop runs "
         "range(150) though epochs = 150 is defined.",
    correction="Use num_class in the last layer and loop over range(epochs). Harmless with the values used "
               "(10 outputs, 150 epochs), but a change of either setting would be silently ignored. "
               "mfdnn.memorization.alexnet28 ends in num_classes outputs and train runs setup.epochs "
               "epochs.",
    checked_by=("tests/test_memorization.py::test_alexnet28_shapes_and_width",
                "tests/test_memorization.py::test_train_records_one_figure_per_epoch"),
    kind="code", problem="hw5-2021-p6",
)
