#!/usr/bin/env python3
"""make_xlsx.py - writes a CSV export as an .xlsx workbook by hand (zip +
XML, no library), the way Excel and the CRMs write theirs, so that the
reader (src/io/xlsx.c) meets the format's quirks on purpose:

- text in xl/sharedStrings.xml, every third string as rich text runs
  (<r><rPr>..</rPr><t>..</t></r>, split mid-word) and one with a phonetic
  run (<rPh>) that is not part of the text;
- the ID column as inline strings (t="inlineStr");
- numbers ("150 000", "320 000,50") as numeric cells, one as a formula
  with its cached value;
- dates (DD.MM.YYYY HH:MM[:SS]) as Excel serial numbers (1900 system, or
  1904 with --1904) styled with a custom format "dd.mm.yyyy hh:mm:ss";
- empty cells left out (sparse rows: r="C5" after A5) and an empty row
  left between the header and the data (rows with gaps);
- the data sheet second in the workbook when --sheet NAME is given, after
  an empty sheet "Notes" (the reader picks the one named like the file).

Usage: make_xlsx.py IN.csv OUT.xlsx [--encoding cp1251] [--delimiter ';']
                    [--numbers COL,COL] [--1904] [--sheet NAME]
"""
import argparse
import csv
import datetime
import re
import zipfile
from xml.sax.saxutils import escape

p = argparse.ArgumentParser()
p.add_argument("src")
p.add_argument("out")
p.add_argument("--encoding", default="utf-8-sig")
p.add_argument("--delimiter", default=",")
p.add_argument("--numbers", default="")
p.add_argument("--1904", dest="d1904", action="store_true")
p.add_argument("--sheet", default="")
a = p.parse_args()

with open(a.src, encoding=a.encoding, newline="") as f:
    rows = list(csv.reader(f, delimiter=a.delimiter))
numbers = set(x for x in a.numbers.split(",") if x)
num_cols = {i for i, h in enumerate(rows[0]) if h in numbers}

strings, index = [], {}


def sst(s):
    if s not in index:
        index[s] = len(strings)
        strings.append(s)
    return index[s]


def letters(c):
    out = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        out = chr(65 + r) + out
    return out


DATE = re.compile(r"^(\d\d)\.(\d\d)\.(\d{4}) (\d\d):(\d\d)(?::(\d\d))?$")
epoch = datetime.datetime(1904, 1, 1) if a.d1904 else datetime.datetime(1899, 12, 30)
sheet = []
formula_done = False
for r, row in enumerate(rows):
    rnum = r + 1 if r == 0 else r + 2  # row 2 left empty: a gap
    cells = []
    for c, v in enumerate(row):
        if v == "":
            continue  # sparse: the cell is not written at all
        ref = f"{letters(c)}{rnum}"
        m = DATE.match(v)
        if r and m:
            d, mo, y, h, mi, s = (int(x or 0) for x in m.groups())
            dt = datetime.datetime(y, mo, d, h, mi, s)
            serial = (dt - epoch).total_seconds() / 86400
            cells.append(f'<c r="{ref}" s="1"><v>{serial!r}</v></c>')
        elif r and c in num_cols and re.fullmatch(r"[\d ]+(,\d+)?", v):
            n = v.replace(" ", "").replace(",", ".")
            if not formula_done:
                formula_done = True
                cells.append(f'<c r="{ref}"><f>{n}*1</f><v>{n}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{n}</v></c>')
        elif r and c == 0:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
        else:
            cells.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
    sheet.append(f'<row r="{rnum}">{"".join(cells)}</row>')

si = []
for i, s in enumerate(strings):
    if i % 3 == 2 and len(s) > 1:
        h = len(s) // 2
        si.append(f'<si><r><rPr><b/></rPr><t xml:space="preserve">{escape(s[:h])}</t></r>'
                  f'<r><t xml:space="preserve">{escape(s[h:])}</t></r></si>')
    elif i == 1:
        si.append(f'<si><t>{escape(s)}</t><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>')
    else:
        si.append(f'<si><t xml:space="preserve">{escape(s)}</t></si>')

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
names = ["Notes", a.sheet] if a.sheet else ["Sheet1"]
data_sheet = len(names)
sheets = "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                 for i, n in enumerate(names))
rels = "".join(f'<Relationship Id="rId{i + 1}" Type="{PR}/worksheet" '
               f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names)))
rels += (f'<Relationship Id="rId90" Type="{PR}/styles" Target="styles.xml"/>'
         f'<Relationship Id="rId91" Type="{PR}/sharedStrings" Target="sharedStrings.xml"/>')
overrides = "".join(
    f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(names)))
D1904 = ' date1904="1"' if a.d1904 else ""
with zipfile.ZipFile(a.out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml",
               '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
               'officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + '</Types>')
    z.writestr("xl/workbook.xml",
               f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}>'
               f'<workbookPr{D1904}/>'
               f'<sheets>{sheets}</sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels",
               '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
               f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>')
    z.writestr("xl/styles.xml",
               f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}>'
               '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy\\ hh:mm:ss"/>'
               '</numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
               '<cellXfs count="2"><xf numFmtId="0" xfId="0"/>'
               '<xf numFmtId="164" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')
    z.writestr("xl/sharedStrings.xml",
               f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(strings)}" '
               f'uniqueCount="{len(strings)}">{"".join(si)}</sst>')
    for i in range(len(names)):
        body = "".join(sheet) if i + 1 == data_sheet else ""
        z.writestr(f"xl/worksheets/sheet{i + 1}.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'
                   f'<sheetData>{body}</sheetData></worksheet>')
