"""The register client: requests as documented, pagination, rate limit, errors in French."""

from __future__ import annotations

import urllib.error

import pytest

from coopilote.directory.registry.client import (
    MAX_PER_PAGE,
    USER_AGENT,
    RateLimiter,
    RegistryError,
)
from coopilote.directory.tests.registry_fakes import (
    SCOP_SIREN,
    UNKNOWN_SIREN,
    FakeClock,
    FakeOpener,
    fake_client,
    http_error,
    recorded,
)

TIMEOUT_MESSAGE = (
    "Le registre n’a pas répondu à temps (délai de 10 s dépassé). Réessayez plus tard."
)


def test_a_siren_lookup_asks_the_search_endpoint_with_a_user_agent_and_a_timeout():
    opener = FakeOpener()
    result = fake_client(opener).by_siren(SCOP_SIREN)
    assert result is not None and result["nom_raison_sociale"] == "MENUISERIE DES MONTS"
    request = opener.requests[0]
    assert request.full_url.startswith("https://recherche-entreprises.api.gouv.fr/search?")
    assert request.get_header("User-agent") == USER_AGENT
    assert opener.timeouts == [10]
    assert opener.query(0)["q"] == SCOP_SIREN
    assert opener.query(0)["per_page"] == "25"


def test_an_unknown_siren_is_none():
    assert fake_client(FakeOpener()).by_siren(UNKNOWN_SIREN) is None


def test_a_category_search_reads_every_page_then_stops_at_total_pages():
    opener = FakeOpener()
    listing = fake_client(opener).all_by_category("5458", "69")
    assert len(listing.results) == 27 and listing.total_results == 27
    assert not listing.truncated
    assert [opener.query(i)["page"] for i in range(len(opener.requests))] == ["1", "2"]
    for index in range(len(opener.requests)):
        query = opener.query(index)
        assert int(query["per_page"]) <= MAX_PER_PAGE
        assert query["nature_juridique"] == "5458"
        assert query["departement"] == "69"
        assert query["etat_administratif"] == "A"


def test_the_max_pages_guard_stops_a_long_listing_and_says_so():
    opener = FakeOpener()
    listing = fake_client(opener).all_by_category("5458", "69", max_pages=1)
    assert len(opener.requests) == 1
    assert len(listing.results) == 25 and listing.truncated


@pytest.mark.parametrize(
    "failure",
    [TimeoutError("timed out"), urllib.error.URLError(TimeoutError("timed out"))],
    ids=["socket.timeout", "URLError(timeout)"],  # socket.timeout is TimeoutError
)
def test_a_time_out_is_a_clear_french_error(failure: BaseException):
    with pytest.raises(RegistryError) as error:
        fake_client(FakeOpener(failure)).by_siren(SCOP_SIREN)
    assert str(error.value) == TIMEOUT_MESSAGE


def test_an_unreachable_register_is_a_clear_french_error():
    failure = urllib.error.URLError(ConnectionRefusedError("Connection refused"))
    with pytest.raises(RegistryError, match="Le registre est injoignable") as error:
        fake_client(FakeOpener(failure)).by_siren(SCOP_SIREN)
    assert "refused" not in str(error.value)  # the system's English reason goes to the logs


def test_a_429_waits_for_retry_after_once_then_succeeds():
    clock = FakeClock()
    opener = FakeOpener(http_error(429, Retry_After="3"))
    result = fake_client(opener, clock).by_siren(SCOP_SIREN)
    assert result is not None
    assert len(opener.requests) == 2
    assert 3 in clock.sleeps


def test_a_second_429_fails_clearly():
    opener = FakeOpener(http_error(429, Retry_After="1"), http_error(429, Retry_After="1"))
    with pytest.raises(RegistryError, match="trop de requêtes"):
        fake_client(opener).by_siren(SCOP_SIREN)
    assert len(opener.requests) == 2


def test_a_retry_after_too_long_fails_at_once_instead_of_blocking():
    opener = FakeOpener(http_error(429, Retry_After="3600"))
    with pytest.raises(RegistryError, match="attendre 3600"):
        fake_client(opener).by_siren(SCOP_SIREN)
    assert len(opener.requests) == 1


@pytest.mark.parametrize("code", [500, 502, 503])
def test_a_server_error_is_a_clear_french_error(code: int):
    with pytest.raises(RegistryError) as error:
        fake_client(FakeOpener(http_error(code))).by_siren(SCOP_SIREN)
    assert str(error.value) == f"Le registre est indisponible (erreur {code}). Réessayez plus tard."


def test_a_400_passes_on_the_registers_explanation():
    failure = http_error(400, recorded("error_400.json"))
    with pytest.raises(RegistryError) as error:
        fake_client(FakeOpener(failure)).by_category("5458", "69")
    assert "Veuillez indiquer au moins un paramètre de recherche." in str(error.value)
    assert str(error.value).startswith("Le registre a refusé la recherche")


@pytest.mark.parametrize("body", [b"<html>Bad gateway</html>", b"\xff\xfe", b"[1, 2]", b"{}"])
def test_an_unreadable_answer_is_a_clear_french_error(body: bytes):
    with pytest.raises(RegistryError, match="Le registre a envoyé une réponse"):
        fake_client(FakeOpener(body)).by_siren(SCOP_SIREN)


def test_the_rate_limiter_never_lets_more_than_7_calls_into_one_second():
    clock = FakeClock()
    limiter = RateLimiter(rate=7, clock=clock, sleep=clock.sleep)
    start = clock()
    times = []
    for _ in range(21):
        limiter.acquire()
        times.append(clock())
    # The first call goes at once, each next one 1/7 s later: 21 calls span 20/7 s.
    assert times[-1] - start >= 20 / 7 - 1e-9
    assert times[19] - start >= 19 / 7 - 1e-9
    for index in range(len(times) - 7):
        assert times[index + 7] - times[index] >= 1 - 1e-9


def test_twenty_requests_through_the_client_take_at_least_19_sevenths_of_a_second():
    clock = FakeClock()
    registry = fake_client(FakeOpener(), clock)
    start = clock()
    for _ in range(20):
        registry.by_siren(SCOP_SIREN)
    assert clock() - start >= 19 / 7 - 1e-9
    assert len(clock.sleeps) == 19


def test_a_limiter_does_not_wait_when_calls_are_already_slow():
    clock = FakeClock()
    limiter = RateLimiter(rate=7, clock=clock, sleep=clock.sleep)
    for _ in range(3):
        limiter.acquire()
        clock.now += 1
    assert clock.sleeps == []
