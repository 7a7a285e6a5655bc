"""contractkit: contracts, briefs and change orders for client work, from one YAML file."""

__version__ = "0.2.0"
