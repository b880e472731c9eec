"""The rule pack is data, not code. This file makes the folder the package ``etiquette.shared_rules``
(setup.py maps it there) so importlib.resources finds it in wheels and editable installs alike."""
