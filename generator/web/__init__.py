"""``coachcards serve``: a local web page that calls the same API as the CLI.

Rooms: ``server`` (socket, uvicorn, start and stop), ``guard`` (who may talk to it), ``app``
(routes), ``site`` (what one server knows), ``library`` (search), ``programs`` (the page's
program as a program file and back), ``engine`` (render tasks run in the ``pool``).
"""
