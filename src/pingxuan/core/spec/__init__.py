"""The campaign spec: the notice as data, its schema, loader and condition language."""
