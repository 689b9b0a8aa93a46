"""Build the optional compiled kernels; everything else is in pyproject.toml.

The extension is optional: if it cannot be compiled, neuronkit installs and runs
on its NumPy kernels (same results to the accuracy contract, slower).
"""

import sys

from setuptools import Extension, setup

flags = [] if sys.platform == "win32" else [
    "-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off",
]

setup(
    ext_modules=[
        Extension(
            "neuronkit._ckernels",
            sources=[f"src/neuronkit/{name}.c"
                     for name in ("_ckernels", "_ckernels_avx2", "_ckernels_avx512")],
            depends=[f"src/neuronkit/{name}.h"
                     for name in ("_kernels", "_kernels_api", "_vmath")],
            extra_compile_args=flags,
            optional=True,
        )
    ]
)
