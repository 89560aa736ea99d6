// MetaLearn module.
