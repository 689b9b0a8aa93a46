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
            sources=["src/neuronkit/_ckernels.c"],
            depends=["src/neuronkit/_vmath.h"],
            extra_compile_args=flags,
            optional=True,
        )
    ]
)
