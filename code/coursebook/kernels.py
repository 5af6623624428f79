"""The pages' Jupyter kernels talk to the build over encrypted sockets.

jupyter_client starts kernels on TCP without encryption by default, and
ipykernel then logs "Kernel is running over TCP without encryption" at every
kernel start: once per executed page, a warning that a maintainer of this site
could only learn to ignore.  Its cause is real (any local user could read or
send messages on those ports), so it is removed at that cause rather than
filtered out of the log: jupyter_client's ``transport_encryption = "auto"``
gives each kernel its own CurveZMQ keys when its kernelspec declares support,
which ipykernel's does.  (The other way out, IPC sockets, breaks under ``-j``:
without a connection file chosen in advance, jupyter_client names every
kernel's sockets ``kernel-ipc-N`` and two kernels collide.)

MyST-NB and jupyter-cache create their kernel managers without a traitlets
config to pass the setting through, so the trait's default is set, before any
kernel starts and before ``-j`` forks the readers, which inherit it.
"""

from jupyter_client.manager import KernelManager


def setup(app):
    KernelManager.transport_encryption.default_value = "auto"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
