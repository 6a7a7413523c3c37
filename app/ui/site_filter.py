"""At HQ the lists hold every work area's records: a choice of 全部工区 or one of them.

Shown only where the node is HQ (``sitedesk init --kind hq``); a site's PC holds its own
records and needs no such choice.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from app.store.database import Database
from app.store.sites import list_sites


def is_hq(db: Database) -> bool:
    return db.local_node().kind == "hq"


class SiteFilter(QComboBox):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.setToolTip(self.tr("Show the records of one work area, or of all"))
        self.refill()

    def refill(self) -> None:
        """Sites may arrive with a sync; the choice is kept."""
        chosen = self.site_id()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("All work areas"), None)
        sites = sorted(list_sites(self._db), key=lambda s: (s.kind != "site", s.code))
        for site in sites:
            self.addItem(f"{site.code} {site.name}", site.id)
        self.setCurrentIndex(max(self.findData(chosen), 0) if chosen else 0)
        self.blockSignals(False)

    def site_id(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def choose(self, site_id: str | None) -> bool:
        """Show ``site_id``'s records (all when None); False when no such site is listed."""
        index = 0 if site_id is None else self.findData(site_id)
        if index < 0:
            self.refill()
            index = self.findData(site_id)
            if index < 0:
                return False
        self.setCurrentIndex(index)
        return True
