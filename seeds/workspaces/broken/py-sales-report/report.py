import pandas as pd
import matplotlib.pyplot as plt

df = pd.read_csv("data/sales.csv", parse_dates=["date"])
df["revenue"] = df["units"] * df["unit_price"]

summary = df.groupby("region").agg(units=("units", "sum"), revenue=("revenue", "sum"))
summary = summary.sort_values("revenue", ascending=False).round(2)
summary.to_csv("results/summary.csv")

monthly = df.groupby(df["date"].dt.strftime("%Y-%m"))["revenue"].sum().round(2)
monthly.to_json("results/monthly.json")

monthly.plot(kind="bar", title="Revenue by month")
plt.tight_layout()
plt.savefig("results/revenue_by_month.png")
