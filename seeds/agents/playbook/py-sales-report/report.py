"""Summarise data/sales.csv into results/ (summary CSV, monthly JSON, PNG bar chart).

Standard library only: the PNG is encoded by hand with zlib and struct.
"""

import csv
import json
import os
import struct
import zlib
from collections import defaultdict

DATA = os.path.join("data", "sales.csv")
OUT = "results"

# 3x5 bitmap glyphs for the chart labels (digits and '-').
GLYPHS = {
    "0": ["111", "101", "101", "101", "111"], "1": ["010", "110", "010", "010", "111"],
    "2": ["111", "001", "111", "100", "111"], "3": ["111", "001", "111", "001", "111"],
    "4": ["101", "101", "111", "001", "001"], "5": ["111", "100", "111", "001", "111"],
    "6": ["111", "100", "111", "101", "111"], "7": ["111", "001", "010", "010", "010"],
    "8": ["111", "101", "111", "101", "111"], "9": ["111", "101", "111", "001", "111"],
    "-": ["000", "000", "111", "000", "000"],
}


def load_rows(path=DATA):
    """Read the sales rows and add a ``revenue`` field (units * unit_price)."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["units"] = int(row["units"])
        row["revenue"] = row["units"] * float(row["unit_price"])
    return rows


def summarise_by_region(rows):
    """[(region, units, revenue)] sorted by revenue, highest first."""
    units, revenue = defaultdict(int), defaultdict(float)
    for row in rows:
        units[row["region"]] += row["units"]
        revenue[row["region"]] += row["revenue"]
    return sorted(((r, units[r], round(revenue[r], 2)) for r in revenue), key=lambda t: -t[2])


def revenue_by_month(rows):
    """{"YYYY-MM": revenue} in month order, rounded to 2 decimals."""
    months = defaultdict(float)
    for row in rows:
        months[row["date"][:7]] += row["revenue"]
    return {month: round(months[month], 2) for month in sorted(months)}


def write_summary(summary, path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["region", "units", "revenue"])
        for region, units, revenue in summary:
            writer.writerow([region, units, f"{revenue:.2f}"])


def encode_png(pixels, width, height):
    """Encode rows of (r, g, b) tuples as an 8-bit RGB PNG."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(channel for px in row for channel in px) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def draw_text(pixels, text, x, y, color, scale=2):
    for glyph in text:
        for gy, line in enumerate(GLYPHS[glyph]):
            for gx, bit in enumerate(line):
                if bit == "1":
                    for dy in range(scale):
                        for dx in range(scale):
                            pixels[y + gy * scale + dy][x + gx * scale + dx] = color
        x += 4 * scale


def bar_chart(values, labels, width=240, height=150):
    """A simple bar chart: axes, one bar per value, month labels under the bars."""
    white, axis, bar = (255, 255, 255), (40, 40, 40), (52, 101, 164)
    pixels = [[white] * width for _ in range(height)]
    left, bottom, top = 20, height - 20, 10
    for x in range(left, width - 5):
        pixels[bottom][x] = axis
    for y in range(top, bottom + 1):
        pixels[y][left] = axis
    slot = (width - 5 - left) // len(values)
    peak = max(values)
    for i, (value, label) in enumerate(zip(values, labels)):
        bar_height = round((bottom - top) * value / peak)
        x0 = left + i * slot + slot // 5
        for y in range(bottom - bar_height, bottom):
            for x in range(x0, x0 + slot * 3 // 5):
                pixels[y][x] = bar
        draw_text(pixels, label, x0 + (slot * 3 // 5 - 14) // 2, bottom + 5, axis)
    return encode_png(pixels, width, height)


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = load_rows()
    summary = summarise_by_region(rows)
    monthly = revenue_by_month(rows)
    write_summary(summary, os.path.join(OUT, "summary.csv"))
    with open(os.path.join(OUT, "monthly.json"), "w", encoding="utf-8") as handle:
        json.dump(monthly, handle, indent=2)
        handle.write("\n")
    png = bar_chart(list(monthly.values()), [month[5:] for month in monthly])
    with open(os.path.join(OUT, "revenue_by_month.png"), "wb") as handle:
        handle.write(png)
    top_region = summary[0]
    best_month = max(monthly, key=monthly.get)
    print(f"{len(rows)} rows; top region {top_region[0]} ({top_region[2]:.2f}); "
          f"best month {best_month} ({monthly[best_month]:.2f})")


if __name__ == "__main__":
    main()
