"""Train a tiny co-purchase model (demo stub)."""

from collections import Counter
from itertools import combinations

ORDERS = [["boots", "socks"], ["boots", "laces", "socks"], ["hat", "scarf"]]


def co_purchases(orders):
    pairs = Counter()
    for order in orders:
        pairs.update(combinations(sorted(set(order)), 2))
    return pairs


if __name__ == "__main__":
    for (a, b), n in co_purchases(ORDERS).most_common(3):
        print(f"{a} -> {b}: {n}")
