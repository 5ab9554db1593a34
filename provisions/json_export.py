"""The whole filtered set of provisions as one JSON document, streamed in constant memory.

`/api/provisions.json?_all=1` is what the list's "Download … JSON" link gives: the paginated
API's shape (`count`, `next`, `previous`, `results`, and `suggestions`, always empty here)
with every filtered provision in `results`, written while rows are read from the database
CSV_CHUNK at a time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, StreamingHttpResponse

from .listing import Links, Listing, row, streamed

_encode = DjangoJSONEncoder(ensure_ascii=False).encode


def json_chunks(listing: Listing, request: HttpRequest) -> Iterator[str]:
    """The document in pieces: the count (one query), then per CSV_CHUNK rows the rows, their
    topics, assessments and texts in other languages (four queries)."""
    rows = listing.filterset.qs.for_listing().with_texts()
    yield f'{{"count": {rows.count()}, "next": null, "previous": null, "results": ['
    links = Links(request)
    # No `headline`: the highlighted excerpts are a page's, computed for its rows only.
    for number, provision in enumerate(streamed(rows)):
        yield ("" if number == 0 else ", ") + _encode(row(provision, request, links=links))
    yield '], "suggestions": []}\n'


def json_response(listing: Listing, request: HttpRequest) -> StreamingHttpResponse:
    chunks = json_chunks(listing, request)
    # The count is read before anything is sent, so that a database down is still a 503.
    first = list(itertools.islice(chunks, 1))
    response = StreamingHttpResponse(
        itertools.chain(first, chunks), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="provisions.json"'
    return response
