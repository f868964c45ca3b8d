"""Whether a text is a URL as the WHATWG URL parser (JavaScript's ``new URL()``) sees it.

Backstage checks each link's ``url`` with ``new URL(url)``: an absolute URL of any
scheme passes (``https://x``, ``mailto:a@b``, even ``localhost:3000``, whose scheme is
``localhost``); a relative one (``/docs``, ``docs.example.com``) does not. For the
special schemes (http, https, ws, wss, ftp) the host must be present and well formed
and the port a number up to 65535. Hosts are checked for the characters the standard
forbids (after percent-decoding) and, when they end in a number, as IPv4 addresses;
they are not IDNA-converted, so a host that only that conversion refuses is accepted.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SPECIAL = frozenset(("http", "https", "ws", "wss", "ftp"))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21))  # C0 controls and space, stripped first
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_NUMBER = re.compile(r"0[xX][0-9A-Fa-f]*|[0-9]+")
_OPAQUE_FORBIDDEN = re.compile(r"[\x00\t\n\r #/:<>?@\[\\\]^|]")
_IPV6 = re.compile(r"\[[0-9A-Fa-f:.]+\]")
_PORT = re.compile(r"[0-9]*")


def _authority_ok(authority: str, special: bool) -> bool:
    """The host (and port) of ``authority``; credentials before ``@`` are allowed."""
    host_port = authority.rpartition("@")[2]
    if host_port.startswith("["):
        end = host_port.find("]")
        host, port = host_port[:end + 1], host_port[end + 1:]
        if end < 0 or not _IPV6.fullmatch(host) or (port and not port.startswith(":")):
            return False
        port = port[1:]
    else:
        host, _, port = host_port.partition(":")
        if special:
            host = unquote(host)
            if _FORBIDDEN_HOST.search(host) or not _ipv4_ok(host):
                return False
        elif _OPAQUE_FORBIDDEN.search(host):
            return False
    if not _PORT.fullmatch(port) or (port and int(port) > 65535):
        return False
    return bool(host) or not special


def _ipv4_ok(host: str) -> bool:
    """False for a host that ends in a number but is no IPv4 address (``1.2.3.4.5``)."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not _NUMBER.fullmatch(parts[-1]):
        return True  # a domain name
    numbers = []
    for part in parts:
        if not _NUMBER.fullmatch(part):
            return False
        if part[:2].lower() == "0x":
            numbers.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not part.isdigit() or "8" in part or "9" in part:
                return False
            numbers.append(int(part, 8))
        else:
            numbers.append(int(part))
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]):
        return False
    return numbers[-1] < 256 ** (5 - len(numbers))


def is_valid_url(value: str) -> bool:
    """True when ``new URL(value)`` would not throw."""
    text = _TAB_OR_NEWLINE.sub("", value.strip(_EDGES))
    scheme = _SCHEME.match(text)
    if scheme is None:
        return False
    name = scheme.group()[:-1].lower()
    rest = text[scheme.end():]
    if name == "file":
        return True
    if name in _SPECIAL:
        rest = rest.lstrip("/\\")  # http:example.com and http:///example.com both parse
        return _authority_ok(re.split(r"[/\\?#]", rest, maxsplit=1)[0], True)
    if rest.startswith("//"):
        return _authority_ok(re.split(r"[/?#]", rest[2:], maxsplit=1)[0], False)
    return True
