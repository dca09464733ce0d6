"""UI-free core of govtui: content model, loading, validation, grading and progress.

Nothing in this package may import Textual (a test enforces it).
"""
