"""Sync: bundles of journal changes, their merge, and the transports that carry them."""
