"""HTML to PDF with Qt's rich-text engine: A4, margins, and "Page n of m" in the footer.

The export templates keep to what both browsers and ``QTextDocument`` understand, so the PDF
shows the same page the HTML file does. SVG pictures (the progress chart) are drawn at print
resolution rather than scaled up from screen pixels. Safe to call from a worker thread: it
paints into ``QImage``\\s and a ``QPdfWriter``, never a ``QPixmap`` or a widget.
"""

from __future__ import annotations

import base64
import os
import re
import sys

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
)
from PySide6.QtSvg import QSvgRenderer

from coachdesk.export.pdf import PageSetup

RESOLUTION_DPI = 300
SVG_SCALE = 3  # draw SVG pictures at 3x their CSS size: sharp on paper
FOOTER_PT = 8.0
KEEP_WITH_HEADING_PT = 80.0  # a heading needs this much of its section below it on the page
_SVG_URI = re.compile(r"""src=["'](data:image/svg\+xml;base64,[A-Za-z0-9+/=]+)["']""")


def ensure_app() -> None:
    """Create a (headless) QGuiApplication if none exists, as the command line needs one."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication(sys.argv[:1])


def _svg_image(uri: str) -> QImage | None:
    data = base64.b64decode(uri.split(",", 1)[1])
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize() * SVG_SCALE
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def build_document(html: str) -> QTextDocument:
    """Return a document of ``html`` with its SVG pictures already drawn sharp."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    font = QFont()
    font.setFamilies(["Segoe UI", "Helvetica Neue", "Arial", "Liberation Sans", "DejaVu Sans"])
    font.setPointSizeF(10)
    document.setDefaultFont(font)
    for uri in set(_SVG_URI.findall(html)):
        image = _svg_image(uri)
        if image is not None:
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(uri), image)
    document.setHtml(html)
    return document


def html_to_pdf(html: str, page: PageSetup) -> bytes:
    """Return the PDF of ``html`` on A4 pages set up as ``page``."""
    ensure_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setTitle(page.title)
    writer.setCreator("CoachDesk")
    top, right, bottom, left = page.margins_mm
    orientation = (
        QPageLayout.Orientation.Landscape if page.landscape else QPageLayout.Orientation.Portrait
    )
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            orientation,
            QMarginsF(left, top, right, bottom),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = build_document(html)
    document.documentLayout().setPaintDevice(writer)
    area = writer.pageLayout().paintRectPixels(RESOLUTION_DPI)
    footer_font = QFont(document.defaultFont())
    footer_font.setPointSizeF(FOOTER_PT)
    footer_height = FOOTER_PT / 72 * RESOLUTION_DPI * 2.2
    body = QSizeF(area.width(), area.height() - footer_height)
    document.setPageSize(body)
    _paginate_kindly(document, body.height(), keep=KEEP_WITH_HEADING_PT / 72 * RESOLUTION_DPI)
    pages = max(1, document.pageCount())
    painter = QPainter(writer)
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.setClipRect(QRectF(0, 0, body.width(), body.height()))
            painter.translate(0, -number * body.height())
            document.drawContents(
                painter, QRectF(0, number * body.height(), body.width(), body.height())
            )
            painter.restore()
            _footer(painter, footer_font, page, number + 1, pages, area.width(), area.height())
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _paginate_kindly(document: QTextDocument, page_height: float, keep: float) -> None:
    """Start a page early rather than split a small table or strand a heading at the foot.

    Qt's rich text has neither keep-with-next nor unbreakable tables, so after layout a
    heading within ``keep`` of the page's end, or a table of less than a third of a page
    that crosses a page boundary, gets a page break before it; later items are laid out anew.
    """
    root = document.rootFrame()
    items: list[tuple[int, QTextFrame | QTextBlock]] = [
        (frame.firstPosition(), frame) for frame in root.childFrames()
    ]
    block = document.begin()
    while block.isValid():
        in_table = QTextCursor(block).currentTable() is not None
        if block.blockFormat().headingLevel() and not in_table and block.next().isValid():
            items.append((block.position(), block))
        block = block.next()
    always = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    for _, item in sorted(items, key=lambda pair: pair[0]):
        layout = document.documentLayout()
        if isinstance(item, QTextFrame):
            rect = layout.frameBoundingRect(item)
            first, last = rect.top() // page_height, (rect.bottom() - 1) // page_height
            if first != last and rect.height() < page_height / 3:
                frame_format = item.frameFormat()
                frame_format.setPageBreakPolicy(always)
                item.setFrameFormat(frame_format)
        else:
            rect = layout.blockBoundingRect(item)
            room = page_height - rect.bottom() % page_height
            if rect.top() % page_height > 0 and room < keep:
                block_format = item.blockFormat()
                block_format.setPageBreakPolicy(always)
                QTextCursor(item).setBlockFormat(block_format)


def _footer(
    painter: QPainter,
    font: QFont,
    page: PageSetup,
    number: int,
    pages: int,
    width: float,
    height: float,
) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor("#69727d"))
    line_height = FOOTER_PT / 72 * RESOLUTION_DPI * 1.4
    strip = QRectF(0, height - line_height, width, line_height)
    painter.drawText(
        strip, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), page.footer
    )
    painter.drawText(
        strip,
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
        f"Page {number} of {pages}",
    )
    painter.restore()
