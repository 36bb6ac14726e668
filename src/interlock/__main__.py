"""`python -m interlock`: the same entry point as the `interlock` command."""

from interlock.cli import main

main()
