"""python -m archive.cli: the same as the archive command."""

from archive.cli import main

main(prog_name="archive")
