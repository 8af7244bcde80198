"""An officer filing visit reports over HTTP, as the fresh tables' writes: each visit filed now, with one aspiration."""

import http.client
from dataclasses import dataclass

from django.urls import reverse

from bench.client import Client, parse_form
from bench.pages import visit_with_aspiration

FILED = 302


@dataclass(frozen=True)
class Timed:
    """One request: its status (None when the connection failed) and its latency in seconds."""

    status: int | None
    seconds: float


def timed(send):
    """`send()` as a Timed; an exception of the connection is a failed request, not the end of the run."""
    try:
        response = send()
    except (http.client.HTTPException, OSError):
        return Timed(None, 0.0)
    return Timed(response.status, response.seconds)


class Officer:
    """An officer's session posting the visit form of their patrol: served once, then sent again for each visit with
    a fresh client UUID, the time now and one aspiration, as the phone does with the form it keeps."""

    def __init__(self, port, username, cookies, patrol):
        self.username = username
        self.path = reverse("visit_new", args=(patrol,))
        self.client = Client(port, cookies)
        self.form = parse_form(self.client.get(self.path).text)

    def file_visit(self):
        return timed(lambda: self.client.post(self.path, visit_with_aspiration(self.form)))

    def close(self):
        self.client.close()
