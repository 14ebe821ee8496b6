"""SPARQL as ndsgraph asks it: the stored-query catalogue, checks and edits of query text,
and answers as tables."""
