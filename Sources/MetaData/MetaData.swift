// MetaData module.
