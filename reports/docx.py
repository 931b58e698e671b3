"""A report's blocks as a Word document (.docx) in the 公文 layout of GB/T 9704-2012, editable in WPS/Word.

The PDF (``reports/pdf.py``) stays the record; the .docx carries the same text, tables and numbering so the
community can make its last edits in the tool it already uses. Both render the same blocks
(``CommunityReport.document``), so they cannot drift apart.

python-docx rather than docxtpl: the documents are assembled from data (sections present or left out,
tables of any length), which a Word template would have to restate with its own loops; python-docx writes
the same block list the PDF template walks, and reaches the page geometry, the document grid and the
East-Asian font names through its oxml layer. The fonts are named as an office PC has them (方正小标宋简体,
仿宋_GB2312, 黑体, 楷体_GB2312); WPS and Word substitute when one is missing.
"""

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import layout

TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
LATIN_FONT = "Times New Roman"


def _font(run, name: str, size: float, *, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=layout.BODY_PT, bold=False, align=None, indent=True):
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(layout.LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    if align is not None:
        p.alignment = align
    else:
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for i, line in enumerate(text.split("\n")):
        if i:
            p.add_run().add_break()
        _font(p.add_run(line), font, size, bold=bold)
    return p


def _page_number_field(paragraph) -> None:
    """“— N —”: the page number as a field, so Word/WPS keep it right after edits."""
    _font(paragraph.add_run("— "), BODY_FONT, layout.PAGE_NUMBER_PT)
    run = paragraph.add_run()
    _font(run, BODY_FONT, layout.PAGE_NUMBER_PT)
    for tag, attr in (("w:fldChar", "begin"), ("w:instrText", None), ("w:fldChar", "end")):
        el = OxmlElement(tag)
        if attr:
            el.set(qn("w:fldCharType"), attr)
        else:
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        run._element.append(el)
    _font(paragraph.add_run(" —"), BODY_FONT, layout.PAGE_NUMBER_PT)


def _setup_page(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(layout.TOP_MM), Mm(layout.BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(layout.INNER_MM), Mm(layout.OUTER_MM)
    section.footer_distance = Mm(layout.BOTTOM_MM - layout.PAGE_NUMBER_BELOW_MM - 5)
    # The document grid of a 公文: 22 lines of 28 characters in the 版心.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(layout.LINE_PT * 20)))
    grid.set(qn("w:charSpace"), "0")
    # Odd pages: number at the right, even pages: at the left, one character in from the edge.
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        p.alignment = align
        indent = Pt(layout.PAGE_NUMBER_PT)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            p.paragraph_format.right_indent = indent
        else:
            p.paragraph_format.left_indent = indent
        _page_number_field(p)
    mirror = OxmlElement("w:mirrorMargins")
    doc.settings.element.append(mirror)


def _table(doc, block) -> None:
    if block.get("caption"):
        _paragraph(
            doc,
            block["caption"],
            font=HEI_FONT,
            size=layout.TABLE_PT,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
        )
    header, rows = block["header"], block["rows"]
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row_index, values in enumerate([header, *rows]):
        cells = table.rows[row_index].cells
        for cell, value in zip(cells, values, strict=False):
            cell.text = ""
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _font(
                p.add_run(layout.cell_text(value)), HEI_FONT if row_index == 0 else BODY_FONT, layout.TABLE_PT
            )
    header_row = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    header_row.append(repeat)
    for note in block.get("notes", ()):
        _paragraph(doc, note, size=layout.TABLE_PT, indent=False)


def render_docx(context: dict) -> bytes:
    """The blocks of ``context`` (as ``CommunityReport.context`` builds them) as .docx bytes."""
    doc = Document()
    _setup_page(doc)
    doc.paragraphs[0]._element.getparent().remove(doc.paragraphs[0]._element) if doc.paragraphs else None
    for block in context["blocks"]:
        kind = block["type"]
        if kind == "title":
            _paragraph(
                doc,
                "\n".join(block.get("lines") or [block["text"]]),
                font=TITLE_FONT,
                size=layout.TITLE_PT,
                align=WD_ALIGN_PARAGRAPH.CENTER,
                indent=False,
            )
            if block.get("subtitle"):
                _paragraph(
                    doc, block["subtitle"], font=KAI_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
                )
            if block.get("dateline"):
                _paragraph(
                    doc, block["dateline"], font=KAI_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
                )
            _paragraph(doc, "", indent=False)
        elif kind == "heading":
            _paragraph(doc, block["text"], font=HEI_FONT)
        elif kind == "subheading":
            _paragraph(doc, block["text"], font=KAI_FONT)
        elif kind == "narrative":
            for text in block.get("plain", "").split("\n"):
                _paragraph(doc, text)
        elif kind == "table":
            _table(doc, block)
        elif kind == "chart":
            # A chart restates its table's figures; Word gets the table (the caption says where).
            continue
    signature = context.get("signature") or []
    if signature:
        _paragraph(doc, "", indent=False)
        _paragraph(doc, "", indent=False)
        for line in signature:
            p = _paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
            p.paragraph_format.right_indent = Pt(4 * layout.BODY_PT)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
