"""The lessons of the book, one package per workshop module (m01 to m10)."""
