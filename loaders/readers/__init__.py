"""Layout readers: one module per document layout (see :mod:`loaders.layout`)."""
