"""The standard's error answer: HTTP 400, 403 or 404 with a list of ``{code, description}``."""


class Open311Error(Exception):
    """Raised by argument parsing, selectors and services; the view renders it in the asked format.
    ``descriptions`` holds one line per problem, each naming the argument it is about."""

    def __init__(self, status: int, descriptions: list[str]):
        super().__init__(status, descriptions)
        self.status = status
        self.descriptions = [str(description) for description in descriptions]


class BadRequest(Open311Error):
    def __init__(self, descriptions: list[str]):
        super().__init__(400, descriptions)


class Forbidden(Open311Error):
    def __init__(self, description: str):
        super().__init__(403, [description])


class NotFound(Open311Error):
    def __init__(self, description: str):
        super().__init__(404, [description])


def problem(argument: str, message) -> str:
    """One error description: the argument's name (never translated, so clients can match it), then
    the message in the request's language."""
    return f"{argument}: {message}"
