#!/usr/bin/env python3
"""Prints the slowest test classes of the last Maven run, slowest first, from the `time` attribute of each
target/surefire-reports/TEST-*.xml (surefire's per-class report), so the suite's growth stays visible in CI.
Usage: slowest-test-classes.py [REPORTS_DIR] [COUNT]. Missing or unreadable reports are said, never an error: this
runs after the tests, whatever their outcome, and must not hide it."""
import glob
import os
import sys
import xml.etree.ElementTree as ET


def main():
    reports = sys.argv[1] if len(sys.argv) > 1 else "target/surefire-reports"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    files = sorted(glob.glob(os.path.join(reports, "TEST-*.xml")))
    if not files:
        print(f"slowest test classes: no {reports}/TEST-*.xml (the tests did not run)")
        return
    times = []
    for f in files:
        try:
            suite = ET.parse(f).getroot()
            times.append((float(suite.get("time", "0").replace(",", "")), suite.get("name") or f))
        except (ET.ParseError, ValueError) as e:
            print(f"slowest test classes: skipped {f}: {e}")
    times.sort(key=lambda t: -t[0])
    total = sum(t for t, _ in times)
    print(f"slowest {min(count, len(times))} of {len(times)} test classes ({total:.0f}s in all):")
    for seconds, name in times[:count]:
        print(f"{seconds:9.1f}s  {name}")


if __name__ == "__main__":
    main()
