"""The course runner: lessons executed and exercises checked (docs/course/)."""
