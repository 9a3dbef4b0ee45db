def load(context: object) -> None:
    """Reference data (territories, sectors) is loaded by migrations' data command."""
