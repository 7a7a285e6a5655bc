"""contractkit: contracts, briefs and change orders for client work, from one YAML file."""

__version__ = "0.3.0"
