"""A browser-like HTTP client from the standard library: cookies, the CSRF token, the login form."""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    url: str
    text: str
    data: bytes = b""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """One user's cookies against one or more base URLs on 127.0.0.1 (a cookie for 127.0.0.1
    is sent to every port, as a browser does: that is how a session moves between processes)."""

    def __init__(self, jar: http.cookiejar.CookieJar | None = None, timeout: float = 30) -> None:
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(
        self, url: str, data: dict[str, object] | None = None, referer: str | None = None
    ) -> Answer:
        body = None
        headers = {"User-Agent": "pingxuan-bench"}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = referer or url
        return self._open(urllib.request.Request(url, data=body, headers=headers), url)

    def _open(self, request: urllib.request.Request, url: str) -> Answer:
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                data = response.read()
                # A workbook or an image is not text; .data keeps the bytes.
                return Answer(response.status, response.url, data.decode(errors="replace"), data)
        except urllib.error.HTTPError as error:
            location = error.headers.get("Location") or ""
            text = error.read().decode(errors="replace")
            return Answer(error.code, urllib.parse.urljoin(url, location), text)

    def upload(
        self, url: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
    ) -> Answer:
        """POST a multipart form as the form at ``url``; ``files``: field -> (name, bytes, type)."""
        page = self.get(url)
        match = TOKEN.search(page.text)
        fields = {**fields, "csrfmiddlewaretoken": match.group(1) if match else self.token()}
        boundary = f"----pingxuan{secrets.token_hex(12)}"
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, (filename, data, kind) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
            )
            parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            url,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": url,
                "User-Agent": "pingxuan-bench",
            },
        )
        return self._open(request, url)

    def get(self, url: str) -> Answer:
        return self.request(url)

    def token(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken":
                return cookie.value
        raise LookupError("no csrftoken cookie")

    def post(self, url: str, data: dict[str, object], form_url: str | None = None) -> Answer:
        """POST ``data`` to ``url`` as the form at ``form_url`` (default ``url``) would."""
        page = self.get(form_url or url)
        match = TOKEN.search(page.text)
        if match is None and page.status != 200:
            raise RuntimeError(f"{form_url or url}: HTTP {page.status} {page.text[-500:]}")
        token = match.group(1) if match else self.token()
        return self.request(url, {**data, "csrfmiddlewaretoken": token}, referer=form_url or url)

    def login(self, base: str, username: str, password: str) -> Answer:
        answer = self.post(f"{base}/accounts/login/", {"username": username, "password": password})
        if answer.status != 302:
            raise RuntimeError(f"login of {username} failed: {answer.status}")
        return answer
