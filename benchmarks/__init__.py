"""Benchmarks of newskg: a synthetic corpus, an HTTP load driver and a comparison with other servers.

See benchmarks/README.md. Nothing here is part of the installed ``kg`` package.
"""
