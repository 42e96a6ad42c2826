"""The application's icon is bundled and renders at the sizes a desktop asks for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from coachdesk.resources import app_icon


def test_icon_is_bundled_and_renders(qapp):
    assert Path(app_icon()).is_file()
    icon = QIcon(app_icon())
    assert not icon.isNull()
    for side in (16, 32, 256):
        image = icon.pixmap(QSize(side, side)).toImage()
        assert image.width() == side
        # the dark-blue rounded square fills the centre row; the corners stay transparent
        assert image.pixelColor(side // 2, side // 8).alpha() == 255
        assert image.pixelColor(0, 0).alpha() == 0
