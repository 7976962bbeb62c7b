"""Only what pyproject.toml cannot say: the package list is every package under pipeline/ (found)
plus `decree_models`, the top-level models/ folder mapped in pyproject.toml's package-dir."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["pipeline", "pipeline.*"]), "decree_models"])
