"""Running SPARQL queries for the endpoint: in threads, or in worker processes that can be killed.

pyoxigraph cannot cancel a query. :class:`~kg.execution.processes.ProcessRunner` evaluates in
worker processes, so a query past its deadline or over its memory budget is stopped by killing
its worker (which is then replaced), and a crash inside the engine fails only its own request.
It needs a store on disk. :class:`~kg.execution.threads.ThreadRunner` evaluates in threads of
the serving process (in-memory and remote stores, ``kg eval``): a stopped query there only stops
at Oxigraph's next write. Both have one method, ``run()``, and the same answers.
"""
