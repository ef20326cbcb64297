"""The application layer of stalin-kg: the ``kg`` command line and the HTTP server.

It sits on top of the viewer (:mod:`viz`) and the core (:mod:`graph`) and is the only package
that imports a CLI toolkit (click) or a web stack (Starlette, hypercorn). Every command is a call
of the core's Python API plus formatting.
"""
