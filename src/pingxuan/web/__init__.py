"""The Django project of pingxuan: it adapts the pure core to a database and to web pages."""
