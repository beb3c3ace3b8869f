"""Reads an answer sheet (.xlsx) with openpyxl, as a supplier's program would, and prints what
tests check as JSON: every sheet's cells, which cells are locked, the data validations, the
protection, the frozen panes, the print setup, the defined names and the document properties.
Usage: python3 read_xlsx.py FILE.xlsx"""

import json
import sys

import openpyxl


def sheet(ws):
    rows = []
    locked = []
    for row in ws.iter_rows():
        rows.append(["" if c.value is None else str(c.value) for c in row])
        locked.append([bool(c.protection.locked) for c in row])
    return {
        "rows": rows,
        "locked": locked,
        "protected": bool(ws.protection.sheet),
        "password": ws.protection.password,
        "format_columns": not ws.protection.formatColumns,
        "freeze_panes": ws.freeze_panes,
        "print_title_rows": ws.print_title_rows,
        "orientation": ws.page_setup.orientation,
        "paper_size": ws.page_setup.paperSize,
        "fit_to_width": ws.page_setup.fitToWidth,
        "fit_to_page": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
        "header": ws.oddHeader.left.text,
        "widths": {k: v.width for k, v in ws.column_dimensions.items()},
        "validations": [
            {
                "type": dv.type,
                "formula1": dv.formula1,
                "sqref": str(dv.sqref),
                "prompt_title": dv.promptTitle,
                "prompt": dv.prompt,
                "error_style": dv.errorStyle,
            }
            for dv in ws.data_validations.dataValidation
        ],
    }


def main(path):
    wb = openpyxl.load_workbook(path)
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    props = wb.properties
    print(
        json.dumps(
            {
                "sheets": wb.sheetnames,
                "sheet": {name: sheet(wb[name]) for name in wb.sheetnames},
                "names": names,
                "title": props.title,
                "creator": props.creator,
                "created": props.created.isoformat() if props.created else None,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
