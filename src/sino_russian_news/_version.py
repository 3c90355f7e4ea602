# The package version is the data's version (see README: version policy).
__version__ = "2.5.5"
