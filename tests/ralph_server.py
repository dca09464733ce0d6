"""Run Ralph's LRS API (`ralph.api:app`) for the tests: `python ralph_server.py HOST PORT`.

This is what `ralph runserver -b fs` does, minus uvicorn's file-watching reloader, plus one
work-around: Ralph 5.1's filesystem backend writes each POST with operation type CREATE, which
refuses to write once its statements file exists ("already exists and overwrite is not allowed
with operation_type create or index"), so only the first POST could ever be stored. Here a write
to an existing file appends instead. Validation, authentication, duplicate-id handling and
queries are Ralph's own, unchanged. The fs backend is Ralph's development backend; organizers
run Ralph with a database backend (see README).
"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

_write = FSLRSBackend.write


def _append_write(self, data, target=None, chunk_size=None, ignore_errors=False, operation_type=None):
    return _write(self, data, target, chunk_size, ignore_errors, operation_type or BaseOperationType.APPEND)


FSLRSBackend.write = _append_write

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="warning")
