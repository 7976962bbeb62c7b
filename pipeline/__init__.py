"""decree: scanned Vietnamese government documents to clean, structured data."""

__version__ = "0.1.0"
