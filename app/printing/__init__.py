"""Printed paper (reportlab): posters, leaflets, notices, sign-off sheets, worker cards, reports."""
