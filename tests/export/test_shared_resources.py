"""The session summary lists the resources shared with the teacher in the cycle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coachdesk.core.resources import Resource, ResourceId, ResourceKind
from coachdesk.core.services import Services
from coachdesk.export.gather import gather_summary
from coachdesk.export.shared_resources import shared_resources
from coachdesk.export.summary import SummaryParts, render_summary_html
from tests.conftest import TODAY
from tests.export.conftest import HOSTILE, Tagged
from tests.export.page_parser import Page

VIDEO = "https://example.org/videos/cold-call?part=2&t=130"


def page_of(services: Services, tagged: Tagged, **leave_out: bool) -> tuple[str, Page]:
    data = gather_summary(services, tagged.session_id, today=TODAY)
    html = render_summary_html(data, SummaryParts(**leave_out))
    return html, Page(html)


def share_some(services: Services, tagged: Tagged, tmp_path: Path) -> None:
    sheet = tmp_path / "private" / "Cold call planning sheet.pdf"
    sheet.parent.mkdir()
    sheet.write_bytes(b"%PDF-1.4 a planning sheet")
    services.resources.add_link(
        VIDEO,
        cycle_id=tagged.cycle_id,
        title="Cold call with wait time",
        note=f"Watch 2:10–4:30 {HOSTILE}",
        shared_on=dt.date(2025, 10, 20),
    )
    services.resources.add_file(
        str(sheet),
        cycle_id=tagged.cycle_id,
        title="Planning sheet",
        shared_on=dt.date(2025, 10, 25),
    )
    services.resources.add_link(
        "https://example.org/kept-back", cycle_id=tagged.cycle_id, title="Not shared yet"
    )


def test_shared_resources_are_listed_newest_first_with_the_day_shared(
    demo: Services, tagged: Tagged, tmp_path: Path
):
    share_some(demo, tagged, tmp_path)
    html, page = page_of(demo, tagged)
    [table] = page.tables("resources")
    assert table[0] == ["Shared", "Resource", "Where to find it"]
    assert table[1] == ["Sat 25 Oct 2025", "Planning sheet", "File: Cold call planning sheet.pdf"]
    assert table[2][0] == "Mon 20 Oct 2025"
    assert table[2][1] == f"Cold call with wait time Watch 2:10–4:30 {HOSTILE}"
    assert table[2][2] == f"Link: {VIDEO}"
    # the demo's sheet, shared earlier and copied into CoachDesk (stored under its fingerprint)
    assert table[3][0] == "Mon 13 Oct 2025"
    assert table[3][2] == "File: a copy kept by your coach (TXT)"
    assert len(table) == 4  # the one kept back is not on the teacher's copy
    assert "Not shared yet" not in page.text
    assert [a["href"] for a in page.tags("a")] == [VIDEO]
    assert str(tmp_path) not in html  # a file shows its name, not the coach's folders
    assert not page.tags("script")
    assert page.text.index("Resources shared") < page.text.index("Evidence")


def test_resources_can_be_left_out(demo: Services, tagged: Tagged, tmp_path: Path):
    share_some(demo, tagged, tmp_path)
    _, page = page_of(demo, tagged, resources=False)
    assert "Resources shared" not in page.text
    assert "Planning sheet" not in page.text
    assert not page.tables("resources")


def test_no_shared_resources_no_section(demo: Services, tagged: Tagged):
    for resource in demo.resources.for_cycle(tagged.cycle_id):  # the demo shares a sheet
        demo.resources.delete(resource.id)
    _, page = page_of(demo, tagged)
    assert "Resources shared" not in page.text
    demo.resources.add_link("https://example.org/x", cycle_id=tagged.cycle_id, title="Kept")
    _, page = page_of(demo, tagged)
    assert "Resources shared" not in page.text


def test_only_web_and_mail_addresses_become_links():
    def link(url: str) -> Resource:
        return Resource(
            ResourceId(1), ResourceKind.LINK, "A link", url, shared_on=dt.date(2025, 11, 3)
        )

    assert shared_resources([link("javascript:alert(1)")])[0].href is None
    assert shared_resources([link("mailto:sam@school.org")])[0].href == "mailto:sam@school.org"
    shown = shared_resources([link("HTTPS://example.org/a")])[0]
    assert (shown.href, shown.where, shown.kind) == ("HTTPS://example.org/a",) * 2 + ("Link",)
