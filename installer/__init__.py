"""Building the frozen program and the Windows setup program (see README)."""
