"""Build the optional compiled kernels; everything else is in pyproject.toml.

The extension is optional: if it cannot be compiled, neuronkit installs and runs
on its NumPy kernels (same results to the accuracy contract, slower).  It uses
NumPy's C API (pyproject.toml lists numpy as a build requirement).
"""

import re
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

FALLBACK = (
    "neuronkit: the optional compiled kernels could not be built ({why}); neuronkit is "
    "installed with its NumPy kernels instead (the same results to the accuracy contract, "
    "slower). To get the compiled kernels, install a C compiler (gcc or clang) and the "
    "Python headers, then reinstall; nk.show_config() says which kernels run."
)


def _why(exc: Exception) -> str:
    """The reason in a few words: the compiler's name and exit status, not its command."""
    text = str(exc)
    found = re.search(r"Command '\['([^']+)'.*?(returned non-zero exit status \d+)", text, re.S)
    return f"the compiler {found[1]!r} {found[2]}" if found else text[:200]


class OptionalBuildExt(build_ext):
    """build_ext that turns a failed compilation into one clear warning (the extension
    is optional: without it every kernel runs as NumPy code)."""

    def run(self):
        try:
            super().run()
        except Exception as exc:  # no compiler at all: setuptools fails before compiling
            self.warn(FALLBACK.format(why=_why(exc)))

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:  # the compiler failed
            self.warn(FALLBACK.format(why=_why(exc)))

try:
    import numpy
except ImportError:  # a build without numpy: no extension, the NumPy kernels run
    numpy = None

flags = [] if sys.platform == "win32" else [
    "-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off",
]

setup(
    cmdclass={"build_ext": OptionalBuildExt},
    ext_modules=[] if numpy is None else [
        Extension(
            "neuronkit._ckernels",
            sources=[f"src/neuronkit/{name}.c" for name in (
                "_ckernels", "_ckernels_avx2", "_ckernels_avx512", "_buffers", "_parallel")],
            depends=[f"src/neuronkit/{name}.h" for name in (
                "_kernels", "_kernels_api", "_formulas", "_numerics", "_erfcx", "_loops",
                "_test_kernels", "_vmath", "_float32", "_buffers", "_parallel")],
            include_dirs=[numpy.get_include()],
            extra_compile_args=flags,
            optional=True,
        )
    ]
)
