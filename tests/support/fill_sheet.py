"""Fills in a kravkat answer sheet as a supplier's spreadsheet program would: openpyxl loads the
whole workbook and saves it again. It can also damage the sheet the ways careless or hostile
suppliers do, for the evaluate tests. Usage: python3 fill_sheet.py IN.xlsx OUT.xlsx SPEC.json

SPEC is a JSON object; every key is optional:
  supplier      the supplier's name (Anbud!B6)
  price         the tender price (Anbud!B7): a JSON number is written as a number cell, a string
                as text ("1 234 567,50")
  default       the answer (Uppfylls) for every requirement not under `answers`, e.g. "Ja"
  answers       requirement id -> what to write in Uppfylls ("Ja", "nej", " JA ", "", "Kanske")
  descriptions  requirement id -> Beskrivning (a JSON number is written as a number cell)
  references    requirement id -> Hänvisning
  delete_row    a row of Svar (1-based) to delete, after the answers are written
  insert_row    a row of Svar (1-based) to insert an empty row before
  swap_rows     [a, b]: two rows of Svar whose cells change places
  set           [[sheet, cell, value], ...]: any cell, written last
"""

import json
import sys

import openpyxl

NR, FULFILLED, DESCRIPTION, REFERENCE = 1, 8, 9, 10


def main(source, target, spec_path):
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    wb = openpyxl.load_workbook(source)
    info, svar = wb["Anbud"], wb["Svar"]
    if "supplier" in spec:
        info["B6"] = spec["supplier"]
    if "price" in spec:
        info["B7"] = spec["price"]
    answers = spec.get("answers", {})
    descriptions = spec.get("descriptions", {})
    references = spec.get("references", {})
    for row in range(2, svar.max_row + 1):
        nr = svar.cell(row, NR).value
        if nr is None:
            continue
        answer = answers.get(nr, spec.get("default"))
        if answer is not None:
            svar.cell(row, FULFILLED).value = answer
        if nr in descriptions:
            svar.cell(row, DESCRIPTION).value = descriptions[nr]
        if nr in references:
            svar.cell(row, REFERENCE).value = references[nr]
    if "delete_row" in spec:
        svar.delete_rows(spec["delete_row"])
    if "insert_row" in spec:
        svar.insert_rows(spec["insert_row"])
    if "swap_rows" in spec:
        a, b = spec["swap_rows"]
        for col in range(1, svar.max_column + 1):
            x, y = svar.cell(a, col), svar.cell(b, col)
            x.value, y.value = y.value, x.value
    for sheet, cell, value in spec.get("set", []):
        wb[sheet][cell] = value
    wb.save(target)


if __name__ == "__main__":
    main(*sys.argv[1:4])
