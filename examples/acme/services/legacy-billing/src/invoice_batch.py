"""Nightly B2B invoice batch (demo stub)."""

import argparse
import datetime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--date", type=datetime.date.fromisoformat,
                        default=datetime.date.today())
    args = parser.parse_args()
    print(f"would invoice all B2B orders up to {args.date}")


if __name__ == "__main__":
    main()
