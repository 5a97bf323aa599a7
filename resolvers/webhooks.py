"""Webhook targets: the one place that says which addresses a webhook may reach (public ones, or allow-listed).

A unit's URL is checked when it is set and again before every delivery, on the addresses its host
resolves to then; the delivery connects to the address checked here, so a DNS answer that changes
between the check and the connection (rebinding) cannot point it inside the network.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Allowlist", "Target", "TargetRefused", "check_target", "forbidden_reason"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# NAT64's well-known prefix carries an IPv4 address in its last 32 bits (RFC 6052).
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# The first property an address has names why it is refused.
REASONS = (
    ("is_loopback", "回环地址 (loopback)"),
    ("is_link_local", "链路本地地址 (link-local)"),
    ("is_multicast", "组播地址 (multicast)"),
    ("is_unspecified", "未指定地址 (unspecified)"),
    ("is_reserved", "保留地址 (reserved)"),
    ("is_private", "内网地址 (private)"),
)


class TargetRefused(Exception):
    """The URL's host is, or resolves to, an address inside the network that is not allow-listed."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Target:
    """Where a delivery connects: the checked `addresses` in the resolver's order, with `host` kept
    for the Host header and TLS."""

    host: str
    addresses: tuple[IPAddress, ...]


def _carried(address: IPAddress) -> list[IPAddress]:
    """Any IPv4 address the address carries (IPv4-mapped, 6to4, NAT64), then the address: each must pass."""
    found: list[IPAddress] = []
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            found.append(address.ipv4_mapped)
        if address.sixtofour:
            found.append(address.sixtofour)
        if address in NAT64:
            found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [*found, address]


def forbidden_reason(address: IPAddress) -> str | None:
    """Why a webhook may not reach `address` (Chinese and English), or None for a public address."""
    for candidate in _carried(address):
        shown = str(address) if candidate == address else f"{address} ({candidate})"
        for prop, label in REASONS:
            if getattr(candidate, prop):
                return f"{shown} 是{label}"
        if not candidate.is_global:
            # e.g. 100.64.0.0/10, shared by carriers' NAT: not private, not reachable from outside.
            return f"{shown} 不是公网地址 (not globally reachable)"
    return None


@dataclass(frozen=True)
class Allowlist:
    """DUBAN_WEBHOOK_ALLOW_HOSTS: host names trusted whatever they resolve to, and networks."""

    names: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Allowlist:
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                names.add(entry)
        return cls(frozenset(names), tuple(networks))

    def admits(self, address: IPAddress) -> bool:
        return any(
            candidate in network
            for candidate in _carried(address)
            for network in self.networks
            if candidate.version == network.version
        )


async def _resolve(host: str, port: int, resolve_seconds: float) -> list[IPAddress]:
    """Every address the system resolver gives (numeric forms such as 127.1 or 2130706433 included)."""
    loop = asyncio.get_running_loop()
    infos = await asyncio.wait_for(loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), resolve_seconds)
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))


async def check_target(url: str, allow: Allowlist, resolve_seconds: float) -> Target:
    """The address to connect to for `url`; TargetRefused when any address of its host is forbidden.

    Raises OSError or TimeoutError when the host does not resolve (in `resolve_seconds`).
    """
    try:
        parts = urlsplit(url)
        host, port = (parts.hostname or "").rstrip("."), parts.port
    except ValueError as exc:  # e.g. a URL stored before URLs were checked this closely
        raise TargetRefused(f"地址无效 (malformed URL): {url!r}") from exc
    if not host:
        raise TargetRefused(f"没有主机名 (no host name): {url!r}")
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = await _resolve(host, port, resolve_seconds)
    if host not in allow.names:
        # Every address, not only the first: a resolver may answer with a public and a private one.
        for address in addresses:
            reason = None if allow.admits(address) else forbidden_reason(address)
            if reason:
                raise TargetRefused(reason)
    return Target(host=host, addresses=tuple(addresses))
