"""Document renderers: PDF, DOCX, JSON and XML, pure functions from a document model to bytes."""
