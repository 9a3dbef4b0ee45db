"""HTTP client of the public company register (API Recherche d'entreprises, no key).

Documented limits: at most 7 requests a second per IP address (beyond: HTTP 429 with a
``Retry-After`` header), 25 results a page, a descriptive ``User-Agent`` is expected.
The transport (``opener``), the clock and ``sleep`` are injectable so that tests never reach
the network and never wait for real.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext as _

BASE_URL = "https://recherche-entreprises.api.gouv.fr"
USER_AGENT = "Coopilote/1.0 (annuaire des Scop et des Scic; import depuis le registre public)"
TIMEOUT_SECONDS = 10
MAX_PER_PAGE = 25  # the API's own limit
RATE_PER_SECOND = 7  # the API's own limit, per IP address
# A category × département search rarely needs more; the guard bounds a runaway import.
MAX_PAGES = 40
# A Retry-After beyond this is treated as "not now": we fail instead of blocking a worker.
MAX_RETRY_AFTER_SECONDS = 30

logger = logging.getLogger(__name__)


class RegistryError(Exception):
    """The register could not answer usefully; ``str(error)`` is a French sentence for people."""


class Response(Protocol):
    def read(self) -> bytes: ...


Opener = Callable[[urllib.request.Request, float], Response]


def _urlopen(request: urllib.request.Request, timeout: float) -> Response:
    response: Response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (https only)
    return response


class RateLimiter:
    """At most ``rate`` acquisitions a second: each one waits for its slot (minimum interval).

    The slots are booked under a lock, so threads of one process share the budget.
    """

    def __init__(
        self,
        rate: float = RATE_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 1.0 / rate
        self.clock = clock
        self.sleep = sleep
        self._next_slot = float("-inf")
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = self.clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
        if slot > now:
            self.sleep(slot - now)


# One budget for the whole process: web requests and commands share the same IP address.
SHARED_LIMITER = RateLimiter()


@dataclass
class Page:
    results: list[dict[str, Any]]
    page: int
    total_pages: int
    total_results: int


@dataclass
class Listing:
    results: list[dict[str, Any]] = field(default_factory=list)
    total_results: int = 0
    pages_read: int = 0
    truncated: bool = False  # stopped by the max pages guard before the last page


class RegistryClient:
    def __init__(
        self,
        opener: Opener = _urlopen,
        *,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
        base_url: str = BASE_URL,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.opener = opener
        self.limiter = limiter or SHARED_LIMITER
        self.sleep = sleep
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    # --- the two searches Coopilote needs -------------------------------------------------

    def by_siren(self, siren: str) -> dict[str, Any] | None:
        """The legal unit with this SIREN, or None (unknown, or not public: non-diffusible)."""
        # A 9-digit q is a direct lookup: the API ignores every other filter then.
        page = self.search_page({"q": siren}, page=1)
        return next((item for item in page.results if item.get("siren") == siren), None)

    def by_category(self, nature_juridique: str, departement: str, page: int = 1) -> Page:
        """One page of the active legal units of this category with an establishment there."""
        return self.search_page(
            {
                "nature_juridique": nature_juridique,
                "departement": departement,
                "etat_administratif": "A",
            },
            page=page,
        )

    def all_by_category(
        self, nature_juridique: str, departement: str, max_pages: int = MAX_PAGES
    ) -> Listing:
        listing = Listing()
        for page in self._pages(nature_juridique, departement, max_pages):
            listing.results.extend(page.results)
            listing.total_results = page.total_results
            listing.pages_read += 1
            listing.truncated = page.page < page.total_pages
        return listing

    def _pages(self, nature_juridique: str, departement: str, max_pages: int) -> Iterator[Page]:
        number = 1
        while number <= max_pages:
            page = self.by_category(nature_juridique, departement, number)
            yield page
            if number >= page.total_pages or not page.results:
                return
            number += 1

    # --- transport ----------------------------------------------------------------------

    def search_page(self, params: dict[str, str], page: int) -> Page:
        query = {
            **params,
            "page": str(page),
            "per_page": str(MAX_PER_PAGE),
            # Only the head office and the complements (ESS flag): smaller, faster answers.
            "minimal": "true",
            "include": "siege,complements",
        }
        payload = self.get_json("/search", query)
        results = payload.get("results")
        if not isinstance(results, list):
            raise RegistryError(_("The register sent an unexpected answer (no results list)."))
        return Page(
            results=[item for item in results if isinstance(item, dict)],
            page=_int(payload.get("page"), page),
            total_pages=_int(payload.get("total_pages"), 0),
            total_results=_int(payload.get("total_results"), 0),
        )

    def get_json(self, path: str, query: dict[str, str]) -> dict[str, Any]:
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(query)}"
        request = urllib.request.Request(  # noqa: S310 (our https base URL)
            url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
        )
        for attempt in (1, 2):
            self.limiter.acquire()
            try:
                body = self.opener(request, self.timeout).read()
            except urllib.error.HTTPError as error:
                if error.code == 429 and attempt == 1:
                    self.sleep(_retry_after(error.headers.get("Retry-After")))
                    continue
                raise _http_error(error) from error
            except TimeoutError as error:  # socket.timeout is TimeoutError
                raise _timeout(self.timeout) from error
            except urllib.error.URLError as error:
                if isinstance(error.reason, TimeoutError):
                    raise _timeout(self.timeout) from error
                raise _unreachable(error.reason) from error
            except OSError as error:
                raise _unreachable(error) from error
            return _decode(body)
        raise AssertionError("unreachable")  # pragma: no cover


def _int(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _retry_after(header: str | None) -> float:
    # The API sends seconds; an HTTP date or garbage gets a one-second pause.
    try:
        seconds = float(header) if header else 1.0
    except ValueError:
        seconds = 1.0
    if seconds > MAX_RETRY_AFTER_SECONDS:
        raise RegistryError(
            _("The register asks to wait %(seconds)d s before trying again. Try again later.")
            % {"seconds": seconds}
        )
    return max(seconds, 0.0)


def _unreachable(reason: object) -> RegistryError:
    # The system's reason (« [Errno -2] Name or service not known ») is for the logs, in
    # English; people get a French sentence.
    logger.warning("recherche-entreprises unreachable: %s", reason)
    return RegistryError(
        _(
            "The register cannot be reached (no connection to the recherche-entreprises "
            "service). Try again later."
        )
    )


def _timeout(seconds: float) -> RegistryError:
    return RegistryError(
        _(
            "The register did not answer in time (time limit of %(seconds)d s exceeded). "
            "Try again later."
        )
        % {"seconds": seconds}
    )


def _http_error(error: urllib.error.HTTPError) -> RegistryError:
    if error.code == 429:
        return RegistryError(
            _(
                "The register refuses more requests for now (too many requests). "
                "Try again in a minute."
            )
        )
    if error.code == 400:
        detail = ""
        with contextlib.suppress(ValueError, AttributeError, OSError):
            detail = str(json.loads(error.read().decode("utf-8")).get("erreur", ""))
        return RegistryError(
            _("The register rejected the search: %(detail)s")
            % {"detail": detail or _("invalid request")}
        )
    if error.code >= 500:
        return RegistryError(
            _("The register is unavailable (error %(code)d). Try again later.")
            % {"code": error.code}
        )
    return RegistryError(
        _("The register answered with an unexpected error (%(code)d).") % {"code": error.code}
    )


def _decode(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise RegistryError(
            _("The register sent an unreadable answer (invalid JSON). Try again later.")
        ) from error
    if not isinstance(payload, dict):
        raise RegistryError(_("The register sent an unexpected answer (no results list)."))
    return payload


def make_client() -> RegistryClient:
    """The client the page and the command use (tests replace this function)."""
    return RegistryClient()
