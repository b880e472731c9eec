"""Package layout that pyproject.toml cannot express on its own: the Python sources live in backend/,
and the rule pack at the top-level shared-rules/ ships inside the package as ``etiquette.shared_rules``
(read with importlib.resources, see backend/etiquette/paths.py). Every file under shared-rules/ is
included, so new rule files, trained heads and their data need no change here. Metadata: pyproject.toml.
"""

from setuptools import find_namespace_packages, setup

RULES = "etiquette.shared_rules"
# Sub-folders of the pack hold data only; they are listed as (namespace) packages so their files ship.
rule_folders = [RULES] + [f"{RULES}.{name}" for name in find_namespace_packages("shared-rules")]
code = find_namespace_packages(
    "backend", include=["etiquette", "etiquette.*"], exclude=["*.__pycache__", "*.egg-info"]
)

setup(
    packages=code + rule_folders,
    package_dir={"": "backend", RULES: "shared-rules"},
    package_data={"etiquette.static": ["*"], **{name: ["*"] for name in rule_folders}},
    include_package_data=False,
    exclude_package_data={"": ["*.pyc"]},
)
