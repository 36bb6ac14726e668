"""Build script for the one optional compiled extension; the project is described in
pyproject.toml.

`interlock.guard._provenance_native` speeds up argument provenance. It is optional: without
Cython or a C compiler the build skips it and Interlock runs the same code in pure Python.
"""

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # no Cython: the pure-Python package only
    extensions = []
else:
    extensions = cythonize(
        [
            Extension(
                "interlock.guard._provenance_native", ["src/interlock/guard/_provenance_native.pyx"]
            )
        ],
        compiler_directives={"language_level": "3"},
        quiet=True,
    )
    for extension in extensions:
        # A failed compile is a warning, not a failed install (`cythonize` drops the flag
        # when it is given to the Extension above, so it is set on what it returns).
        extension.optional = True

setup(ext_modules=extensions)
