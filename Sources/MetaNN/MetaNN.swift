// MetaNN module.
