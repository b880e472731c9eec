"""Which Host names and which peers count as this machine (no Flask: the app factory, the request
guards of :mod:`etiquette.security` and the command line's ``--host`` check all ask here)."""

from __future__ import annotations

import ipaddress

from .vocab import LOOPBACK_HOSTS


class _BracketedHost(str):
    """A trusted-host entry for an IPv6 literal such as ``[::1]``.

    Werkzeug's ``host_is_trusted`` (werkzeug/sansio/utils.py) strips a port from each trusted entry
    by cutting at its first colon, which leaves ``[`` of ``[::1]``, so no IPv6 entry can ever match;
    this entry keeps itself whole when cut.
    """

    def partition(self, sep):
        return (str(self), "", "") if sep == ":" else super().partition(sep)


def trusted_hosts(bind_host: str | None) -> list[str]:
    """The Host names a server bound to ``bind_host`` answers to: the loopback names, and the bind
    address itself when it is one specific address (``[::1]`` for ``--host ::1``)."""
    hosts: list[str] = list(LOOPBACK_HOSTS)
    host = (bind_host or "").strip().strip("[]")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return hosts  # a name: only the loopback names, as ever
    if address.is_unspecified:
        return hosts  # 0.0.0.0 / :: is not a name any client uses
    if address.version == 6:
        hosts.append(_BracketedHost(f"[{address.compressed}]"))
    elif str(address) not in hosts:
        hosts.append(str(address))
    return hosts


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` (a name or an address, IPv6 with or without brackets) is this machine."""
    if not host:
        return False
    if host.lower() in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
