"""Bulk data for `manage.py seed_bulk`: Polres Sumbawa Barat's eight kecamatan, years deep.

`places` prepares the kecamatan, desa, sectors and accounts; `activity` draws patrols, visits,
aspirations and their follow-up as plain rows; `writer` stores rows fast (COPY on PostgreSQL).
"""
