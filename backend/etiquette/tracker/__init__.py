"""The interview tracker: what the user applied for and what they already sent, in one SQLite file.

- :mod:`.db`: the file itself (connections, durability settings, migrations, :class:`~.db.StoreUnavailable`);
- :mod:`.service`: interviews and messages, the checker's context, export and import; raises
  :class:`~.service.NotFound` and :class:`~.service.Conflict`, never an HTTP error;
- :mod:`.schemas`: what the API and the backup file accept and return (marshmallow);
- :mod:`.cli`: ``etiquette interviews``, ``export`` and ``import``.

The HTTP side lives in :mod:`etiquette.api.interviews` and :mod:`etiquette.api.database` (the
request's connection); :func:`etiquette.errors.init_app` turns the tracker's errors into JSON once.
"""
