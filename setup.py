"""Build the optional compiled kernels; everything else is in pyproject.toml.

The extension is optional: if it cannot be compiled, neuronkit installs and runs
on its NumPy kernels (same results to the accuracy contract, slower), and the build
says so in one warning.  It uses NumPy's C API (pyproject.toml lists numpy as a
build requirement).

The kernels are compiled three times (portable, AVX2, AVX-512: a minute or two of
compiler time).  The extension's source files are compiled side by side, one per
CPU, and without debug information (``-g0``: a quarter of the compiler's time, and
the same machine code, byte for byte).
"""

import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

try:
    import numpy
except ImportError:  # a build without numpy: no extension, the NumPy kernels run
    numpy = None

# MSVC (Windows): C11 for _Static_assert; its default /fp:precise neither contracts
# a * b + c into one rounding nor assumes away NaN, as -ffp-contract=off does for GCC
flags = ["/std:c11"] if sys.platform == "win32" else [
    "-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-g0",
]

NO_EXTENSION = (
    "WARNING: neuronkit's C extension was not built ({error}). neuronkit will run on its "
    "NumPy kernels: the same results, slower. For the compiled kernels install a C "
    "compiler (Debian/Ubuntu: apt-get install gcc python3-dev) and install neuronkit again; "
    "nk.show_config() says which kernels run."
)


def _compile_in_parallel(compiler, jobs):
    """Make *compiler* compile the files of one extension *jobs* at a time (setuptools
    compiles them one after the other; its ``-j`` runs whole extensions side by side).
    The same steps as ``CCompiler.compile``, whose loop this replaces."""
    def compile(sources, output_dir=None, macros=None, include_dirs=None, debug=False,
                extra_preargs=None, extra_postargs=None, depends=None):
        macros, objects, extra_postargs, pp_opts, build = compiler._setup_compile(
            output_dir, macros, include_dirs, sources, depends, extra_postargs)
        cc_args = compiler._get_cc_args(pp_opts, debug, extra_preargs)

        def one(obj):
            src, ext = build[obj]
            compiler._compile(obj, src, ext, cc_args, extra_postargs, pp_opts)

        with ThreadPoolExecutor(jobs) as pool:
            list(pool.map(one, [obj for obj in objects if obj in build]))
        return objects

    compiler.compile = compile


class BuildExt(build_ext):
    """build_ext that compiles an extension's files in parallel and, when the optional
    extension cannot be built, says so in one warning that names the consequence."""

    def build_extensions(self):
        from distutils.ccompiler import CCompiler  # setuptools' copy, once it is imported

        jobs = self.parallel if isinstance(self.parallel, int) and self.parallel > 1 \
            else len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") \
            else os.cpu_count() or 1
        # only where the compiler keeps the base class's compile loop (not MSVC's)
        if jobs > 1 and type(self.compiler).compile is CCompiler.compile \
                and hasattr(self.compiler, "_setup_compile"):
            _compile_in_parallel(self.compiler, jobs)
        self.parallel = None  # one extension: nothing for setuptools to run side by side
        super().build_extensions()

    def build_extension(self, ext):
        from distutils.errors import CCompilerError, CompileError, DistutilsError

        try:
            super().build_extension(ext)
        except (CCompilerError, CompileError, DistutilsError) as exc:
            if not ext.optional:
                raise
            print(NO_EXTENSION.format(error=_short(exc)), file=sys.stderr, flush=True)


def _short(exc):
    """The gist of a build error: "Command '['gcc', ...]' returned non-zero exit status
    1." (the whole command line) becomes "gcc exited with status 1"."""
    text = str(exc).strip() or type(exc).__name__
    failed = re.match(r"Command '\['([^']*)'.*non-zero exit status (-?\d+)", text, re.S)
    if failed:
        return f"{failed[1]} exited with status {failed[2]}"
    return text.splitlines()[0][:200]


setup(
    cmdclass={"build_ext": BuildExt},
    ext_modules=[] if numpy is None else [
        Extension(
            "neuronkit._ckernels",
            sources=[f"src/neuronkit/{name}.c" for name in (
                "_ckernels", "_ckernels_avx2", "_ckernels_avx512", "_buffers", "_parallel")],
            depends=[f"src/neuronkit/{name}.h" for name in (
                "_kernels", "_kernels_api", "_formulas", "_numerics", "_erfcx", "_loops",
                "_test_kernels", "_vmath", "_float32", "_float32x16", "_float32x8", "_gelu32",
                "_buffers", "_parallel")],
            include_dirs=[numpy.get_include()],
            extra_compile_args=flags,
            optional=True,
        )
    ]
)
