"""ArchiMate models in and out: the Open Group's Model Exchange File Format (ArchiMate 3.x).

``reading`` checks an exchange file (``schema``: safely, against the XSD) and reads its
``model``; ``records`` keeps every part of it as RDF and gives it back; ``mapping`` finds what
ndsgraph already knows in it (building blocks, standards, organisations) as the mapping file
declares; ``importing`` stores a model as a graph or a submission; ``exporting`` writes the
national picture, an organisation's landscape, a building block's dependencies or an imported
model as an exchange file, with a generated ``layout``; ``writing`` gives a model's bytes.
"""
