"""SiteDesk (工区服务台): offline-first desk app for the clerks of remote construction sites."""

__version__ = "0.1.0"
