"""The client's address behind trusted proxies (FORWARDED_ALLOW_IPS, shared with gunicorn).

gunicorn trusts ``X-Forwarded-Proto`` only from the addresses in FORWARDED_ALLOW_IPS but leaves
``REMOTE_ADDR`` as the connection's peer: behind a proxy every client would share the proxy's
address (one rate-limit bucket for all). This middleware, given the same list, replaces
``REMOTE_ADDR`` with the real client when the peer is a trusted proxy: the right-most
``X-Forwarded-For`` entry that is not itself a trusted proxy (each proxy appends the address it saw,
so entries left of that are the client's own claims). From an untrusted peer ``X-Forwarded-For`` is
ignored: a client cannot choose its address. ``*`` trusts any peer, one hop (the last entry).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_allowed(raw: str | Iterable[str]) -> tuple[bool, tuple[_Network, ...]]:
    """``(any_peer, networks)`` from ``"127.0.0.1,10.0.0.0/8"`` (or a list of entries)."""
    entries = raw.split(",") if isinstance(raw, str) else list(raw)
    networks: list[_Network] = []
    any_peer = False
    for entry in (e.strip() for e in entries):
        if not entry:
            continue
        if entry == "*":
            any_peer = True
            continue
        networks.append(ipaddress.ip_network(entry, strict=False))
    return any_peer, tuple(networks)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


class TrustedProxies:
    """WSGI middleware: ``REMOTE_ADDR`` becomes the client's address when the peer is trusted."""

    def __init__(self, wsgi_app: Any, allowed: str | Iterable[str]):
        self.wsgi_app = wsgi_app
        self.any_peer, self.networks = parse_allowed(allowed)

    def _trusted(self, value: str) -> bool:
        address = _address(value)
        return address is not None and any(address in network for network in self.networks)

    def client_address(self, peer: str, forwarded_for: str) -> str:
        if not forwarded_for or not (self.any_peer or self._trusted(peer)):
            return peer
        hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
        if self.any_peer:
            hops = hops[-1:]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop if _address(hop) is not None else peer
        return hops[0] if hops and _address(hops[0]) is not None else peer

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        peer = environ.get("REMOTE_ADDR") or ""
        client = self.client_address(peer, environ.get("HTTP_X_FORWARDED_FOR", ""))
        if client != peer:
            environ["etp.proxy_peer"] = peer
            environ["REMOTE_ADDR"] = client
        return self.wsgi_app(environ, start_response)
