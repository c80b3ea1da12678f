"""The AI drafting core: section catalog, templates, prompts, providers and quality checks.

Plain data in, plain data out: nothing here imports Flask or the ORM models, so every piece can be
tested and benchmarked alone.
"""
