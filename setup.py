"""Build the optional compiled kernels; everything else is in pyproject.toml.

The extension is optional: if it cannot be compiled, neuronkit installs and runs
on its NumPy kernels (same results to the accuracy contract, slower).  It uses
NumPy's C API (pyproject.toml lists numpy as a build requirement).
"""

import sys

from setuptools import Extension, setup

try:
    import numpy
except ImportError:  # a build without numpy: no extension, the NumPy kernels run
    numpy = None

flags = [] if sys.platform == "win32" else [
    "-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off",
]

setup(
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
