def load(context: object) -> None:
    raise NotImplementedError
