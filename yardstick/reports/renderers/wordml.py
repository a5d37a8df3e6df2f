"""WordprocessingML that python-docx has no API for: cell and run shading, repeated header
rows, rows kept on one page, table titles and descriptions (alt text), the document language,
fields (PAGE, NUMPAGES) and fonts that replace the theme's. Used by renderers/docx.py."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def set_child(element, tag: str, **attributes) -> OxmlElement:
    """Find or add child `tag` of `element` and set its w: attributes."""
    child = element.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        element.append(child)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), str(value))
    return child


def shade(cell, fill: str) -> None:
    set_child(cell._tc.get_or_add_tcPr(), "w:shd", val="clear", color="auto", fill=fill)


def shade_run(run, fill: str) -> None:
    set_child(run._r.get_or_add_rPr(), "w:shd", val="clear", color="auto", fill=fill)


def repeat_as_header(row) -> None:
    """Repeat this row at the top of the table on every page (and mark it a header row)."""
    set_child(row._tr.get_or_add_trPr(), "w:tblHeader", val="true")


def keep_row_together(row) -> None:
    set_child(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")


def describe_table(table, caption: str, description: str) -> None:
    """The table's title and description, read by screen readers (Word's 'Alt Text')."""
    properties = table._tbl.tblPr
    set_child(properties, "w:tblCaption", val=caption[:250])
    set_child(properties, "w:tblDescription", val=description[:1000])


def set_language(document, language: str) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = set_child(run_defaults, "w:rPr")
    set_child(properties, "w:lang", val=language, eastAsia=language, bidi=language)


def add_field(paragraph, instruction: str):
    """A field such as PAGE or NUMPAGES, worked out by Word when the page is laid out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    placeholder = OxmlElement("w:t")
    placeholder.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for part in (begin, code, separate, placeholder, end):
        run._r.append(part)
    return run


def use_font(style, name: str) -> None:
    """Set the style's font, replacing the theme fonts (which would otherwise win)."""
    style.font.name = name
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    fonts.set(qn("w:cs"), name)
