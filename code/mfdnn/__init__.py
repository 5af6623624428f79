"""mfdnn: the numerical side of the course, small enough to read.

Pages call these functions; the tests call the same ones.
"""

from .config import data_dir
from .profile import Profile, active_profile, device

__all__ = ["Profile", "active_profile", "data_dir", "device"]
