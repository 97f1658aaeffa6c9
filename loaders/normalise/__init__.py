"""Normalisers: small pure functions from printed text to model values."""
