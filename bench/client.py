"""A small HTTP client for the app on 127.0.0.1: cookies, gzip, logging in and filling forms.

http.client rather than a browser or requests: it adds nothing to the request the benchmark
does not ask for, and it counts the bytes exactly as they came over the wire.
"""

import gzip
import http.client
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.settings import HOST

TIMEOUT_SECONDS = 30


class BenchError(Exception):
    pass


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def text(self):
        body = gzip.decompress(self.body) if self.headers.get("content-encoding") == "gzip" else self.body
        return body.decode("utf-8", "replace")


class Client:
    def __init__(self, port, cookies=None):
        self.port = port
        self.cookies = dict(cookies or {})
        self.connection = http.client.HTTPConnection(HOST, port, timeout=TIMEOUT_SECONDS)

    def request(self, method, path, *, form=None, body=None, headers=None):
        """`form` is sent URL-encoded; `body` as it is, with the Content-Type given in `headers`."""
        headers = {"Accept-Encoding": "gzip", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            raise
        seconds = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, content, seconds)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)

    def close(self):
        self.connection.close()


def log_in(port, username, password):
    """A logged-in session's cookies, through the real login form and its CSRF token."""
    client = Client(port)
    try:
        form = parse_form(client.get("/accounts/login/").text)
        response = client.post("/accounts/login/", form.data(username=username, password=password))
    finally:
        client.close()
    if response.status != 302 or "sessionid" not in client.cookies:
        raise BenchError(f"Login as {username!r} failed (HTTP {response.status}).")
    return client.cookies


@dataclass
class Form:
    """A POST form as a browser would submit it untouched, and the options of its selects."""

    fields: list
    choices: dict

    def data(self, **overrides):
        data = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        for name, options in self.choices.items():
            # A select with no option marked selected sends its first option.
            if name not in data and options:
                data[name] = [options[0]]
        data.update(overrides)
        return data


class PageParser(HTMLParser):
    """The POST forms of a page and the assets it loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.assets = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        rel = set(attrs.get("rel", "").split())
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self._form = Form(fields=[], choices={})
            self.forms.append(self._form)
        elif tag == "link" and attrs.get("href") and rel & {"stylesheet", "icon", "preload"}:
            self.assets.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif self._form and attrs.get("name"):
            self.form_field(tag, attrs)
        elif self._form and tag == "option" and self._select:
            self.option(attrs)

    def form_field(self, tag, attrs):
        name, fields = attrs["name"], self._form.fields
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    fields.append((name, attrs.get("value", "on")))
            elif kind not in ("file", "submit", "button", "image", "reset"):
                fields.append((name, attrs.get("value", "")))
        elif tag == "select":
            self._select = name
            self._form.choices[name] = []
        elif tag == "textarea":
            self._textarea = name
            fields.append((name, ""))

    def option(self, attrs):
        value = attrs.get("value", "")
        self._form.choices[self._select].append(value)
        if "selected" in attrs:
            self._form.fields.append((self._select, value))

    def handle_data(self, data):
        if self._textarea:
            name, text = self._form.fields[-1]
            self._form.fields[-1] = (name, text + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def parse_page(html):
    parser = PageParser()
    parser.feed(html)
    return parser


def parse_form(html):
    """The page's main POST form: the one with the most fields, not the navbar's logout button."""
    forms = parse_page(html).forms
    if not forms:
        raise BenchError("No POST form on the page.")
    return max(forms, key=lambda form: len(form.fields) + len(form.choices))


def same_origin_assets(html):
    """The files a page loads by itself (map tiles and other hosts aside), in order, once each."""
    seen = []
    for url in parse_page(html).assets:
        if url.startswith("/") and not url.startswith("//") and url not in seen:
            seen.append(url)
    return seen
