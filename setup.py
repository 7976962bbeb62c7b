"""Only what pyproject.toml cannot say: the top-level models/ folder ships inside the wheel as the
package `decree_models` (found with find_packages for everything under pipeline/)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["pipeline", "pipeline.*"]), "decree_models"],
    package_dir={"decree_models": "models"},
    package_data={"decree_models": ["**/*.gz", "**/*.npz", "**/*.json"]},
)
