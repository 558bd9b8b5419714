"""Build and import tools of the knowledge base, run by maintainers (never by the running assistant).

- ``python -m knowledge.build.gazetteer`` (``make gazetteer``): the offline place index;
- ``python -m knowledge.build.short_names``: communes' short names ("carhaix");
- ``python -m knowledge.build.directory`` (``make directory``): the open directories of local access points;
- ``knowledge.build.directory_import`` (``python -m bot sync-directory FILE``): the DILA directory export.
"""
