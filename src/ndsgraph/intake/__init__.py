"""What organisations and partners send: parsing, the CSV template, who may say what, tokens,
and submissions stored whole or not at all."""
