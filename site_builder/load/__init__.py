"""Loading sources: the stored originals (text, Markdown, saved web pages, PDFs) read as article text."""
