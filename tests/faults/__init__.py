"""Robustness: listings and writes under server faults, and the app screen while they happen."""
