"""The module that page one imports."""

VALUE = 1
