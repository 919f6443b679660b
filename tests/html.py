"""Reading pages as a browser would count them."""

from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1


def elements(html: str) -> int:
    """How many elements the page has (its DOM size)."""
    parser = _Elements()
    parser.feed(html)
    return parser.count


def text(response) -> str:
    """The page a reader would see; anything but a 200 fails the test here."""
    assert response.status_code == 200, response.status_code
    return response.content.decode()
