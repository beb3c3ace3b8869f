"""Reads a .docx with python-docx, as another program would, and prints what tests check as JSON:
paragraphs with their style names (body and table cells), table count, header and footer text,
and the core properties. Usage: python3 read_docx.py FILE.docx"""

import json
import sys

import docx


def paragraphs(container):
    """Paragraphs of a body or cell, with those of its tables, in document order."""
    out = []
    for block in container.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                for cell in row.cells:
                    out.extend(paragraphs(cell))
        else:
            out.append({"style": block.style.name if block.style is not None else None, "text": block.text})
    return out


def main(path):
    d = docx.Document(path)
    section = d.sections[0]
    core = d.core_properties
    print(
        json.dumps(
            {
                "paragraphs": paragraphs(d),
                "tables": len(d.tables),
                "header_rows": sum(1 for t in d.tables if t.rows and t.rows[0]._tr.trPr is not None
                                   and t.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None),
                "header": "\n".join(p.text for p in section.header.paragraphs),
                "footer": "\n".join(p.text for p in section.footer.paragraphs),
                "core": {
                    "title": core.title,
                    "subject": core.subject,
                    "creator": core.author,
                    "language": core.language,
                    "created": core.created.isoformat() if core.created else None,
                },
                "page": {"width": section.page_width, "height": section.page_height},
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
