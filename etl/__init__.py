"""The pipeline: read -> segment -> recognise -> resolve -> load, one module per stage.

Stages before ``load`` are pure functions of the text (see ``etl.types``); only ``etl.load``
writes to the database.
"""
