"""Building bundles of this node's changes for each audience."""

from __future__ import annotations

from collections.abc import Sequence

import orjson
from sqlalchemy import select

from app.store import settings
from app.store.attachments import PHOTO_PURPOSES, AttachmentStore
from app.store.database import Database
from app.store.journal import GENESIS, JournalError, change_digest, link_hash
from app.store.models import Change, Site
from app.sync import bundle as bundles
from app.sync.bundle import ERASED, Bundle, Entry, Header
from app.sync.keys import HQ, SHARED, Keys, site_audience

MAX_CHANGES_PER_BUNDLE = 20000
# A receiver decodes a bundle whole (signature, decryption, every change's chain hash) before
# it writes any of it, and decodes the next one while it writes this one. A long run of
# bundles therefore starts small and doubles, so that the receiver starts writing after a
# short decode rather than one of 20,000 changes.
FIRST_BUNDLE = 2500


def audiences(db: Database) -> list[str]:
    """Who this node writes for: its own site and everyone (shared data); HQ also for HQ and
    for each site, so every site receives what HQ changed of its records."""
    node = db.local_node()
    if node.kind != HQ:
        return [site_audience(node.site_id), SHARED]
    with db.read() as session:
        sites = session.scalars(select(Site.id).where(Site.kind == "site")).all()
    return [HQ, SHARED, *[site_audience(s) for s in sorted(sites)]]


def reading_audience(reader_kind: str, reader_site: str, sender_kind: str, sender_site: str) -> str:
    """The one stream of a sender a reader takes — no fallback: another audience's stream
    would leave out records the reader must receive. HQ reads an HQ sender's ``hq`` stream
    and a site's own-site stream; a site reads HQ's and its neighbours' streams for its
    site, and everyone else's shared stream."""
    if reader_kind == HQ:
        return HQ if sender_kind == HQ else site_audience(sender_site)
    if sender_kind == HQ or sender_site == reader_site:
        return site_audience(reader_site)
    return SHARED


def writable_audiences(kind: str, site_id: str, audience: str) -> bool:
    """Whether a node of this kind and site may write a stream for ``audience``."""
    if kind == HQ:
        return audience in (HQ, SHARED) or audience.startswith("site:")
    return audience in (SHARED, site_audience(site_id))


def in_audience(audience: str, site_id: str) -> bool:
    if audience == HQ:
        return True
    if site_id == "*":
        return True
    return audience == site_audience(site_id)


def build(
    db: Database,
    keys: Keys,
    audience: str,
    seq_from: int,
    seq_to: int,
    attachments: AttachmentStore | None = None,
) -> bytes:
    """One signed, encrypted bundle of this node's changes ``seq_from..seq_to``."""
    node_id = keys.node_id
    with db.engine.connect() as conn:
        photos_leave = bool(settings.get_in(conn, "photos.leave_site"))
        prev = GENESIS
        if seq_from > 1:
            prev = conn.execute(
                select(Change.hash).where(Change.node_id == node_id, Change.seq == seq_from - 1)
            ).scalar_one()
        rows = conn.execute(
            select(Change)
            .where(Change.node_id == node_id, Change.seq >= seq_from, Change.seq <= seq_to)
            .order_by(Change.seq)
        ).all()
    entries: list[Entry] = []
    files: dict[str, bytes] = {}
    running = prev
    for r in rows:
        digest = r.digest or change_digest(
            node_id, r.seq, r.hlc, r.entity, r.row_id, r.site_id, r.op, r.author, r.fields.encode()
        )
        running = link_hash(running, digest)
        if running != r.hash:  # our own journal must verify before it leaves this PC
            raise JournalError(f"journal damaged at change {r.seq}: export stopped")
        if r.digest is not None:  # its contents erased by retention (Journal.redact)
            entries.append(Entry(r.seq, digest, site_id=r.site_id, op=ERASED))
        elif in_audience(audience, r.site_id):
            entries.append(
                Entry(r.seq, digest, r.hlc, r.entity, r.row_id, r.site_id, r.op, r.author, r.fields)
            )
            _attachment(r.entity, r.op, r.fields, attachments, files, photos_leave)
        else:
            entries.append(Entry(r.seq, digest, site_id=r.site_id))
    if [e.seq for e in entries] != list(range(seq_from, seq_to + 1)):
        raise JournalError(f"journal has a gap in {seq_from}..{seq_to}")
    header = Header(
        project_id=keys.project_id,
        schema=db.schema_revision(),
        node_id=node_id,
        audience=audience,
        seq_from=seq_from,
        seq_to=seq_to,
        prev_hash=prev,
        last_hash=running,
        created_ms=db.clock.wall(),
    )
    return bundles.encode(Bundle(header, entries, files), keys)


def _attachment(
    entity: str,
    op: str,
    fields: str,
    store: AttachmentStore | None,
    files: dict[str, bytes],
    photos_leave: bool = False,
) -> None:
    """Attachment files travel with their rows, unless they must stay on this PC: marked
    local only, or a face or ID-card photo while the setting keeps photos on the site."""
    if store is None or entity != "attachment" or op != "i":
        return
    values = orjson.loads(fields)
    if values.get("local_only"):
        return
    if values.get("purpose") in PHOTO_PURPOSES and not photos_leave:
        return
    content = store.get(values["sha256"])
    if content is not None:
        files[values["sha256"]] = content


def chunks(first: int, last: int, size: int = MAX_CHANGES_PER_BUNDLE) -> Sequence[tuple[int, int]]:
    """The seq ranges to write ``first..last`` in: ``FIRST_BUNDLE`` changes, then twice as
    many each time, up to ``size``."""
    ranges: list[tuple[int, int]] = []
    step = min(FIRST_BUNDLE, size)
    while first <= last:
        ranges.append((first, min(first + step - 1, last)))
        first += step
        step = min(step * 2, size)
    return ranges
