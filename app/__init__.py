"""SiteDesk (工区服务台): offline-first desk app for the clerks of remote construction sites."""

# The one place the version is written: the package metadata (pyproject's dynamic version),
# `sitedesk --version`, the 设置 page, printed paper, sync headers and the Windows installer
# all read it from here.
__version__ = "0.1.0"
